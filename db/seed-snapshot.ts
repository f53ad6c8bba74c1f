import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from './connection.js';
import { packageRoot } from './package-root.js';

/** A migrated, empty embedded database, made at build time: a first start loads it instead of running initdb. */
export const seedSnapshotPath = (): string => join(packageRoot(), 'dist', 'pglite-seed.tar.gz');

export function readSeedSnapshot(): Blob | undefined {
  const file = seedSnapshotPath();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

export async function writeSeedSnapshot(file = seedSnapshotPath()): Promise<void> {
  const database = await openDatabase({});
  const blob = await database.dumpDataDir!();
  await database.close();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, Buffer.from(await blob.arrayBuffer()));
  renameSync(`${file}.tmp`, file);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeSeedSnapshot();
}
