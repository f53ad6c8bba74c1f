import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../db/connection.js';
import { readSeedSnapshot } from '../db/seed-snapshot.js';

/**
 * Opens the embedded database in a data directory. A new directory starts from the migrated
 * snapshot made at build time (a fraction of initdb's cost); migrations then bring any directory,
 * new or old, up to date.
 */
export async function openPgliteDataDir(dataDir: string): Promise<Database> {
  const isNew = !existsSync(join(dataDir, 'PG_VERSION')) && (!existsSync(dataDir) || readdirSync(dataDir).length === 0);
  return openDatabase({ dataDir, snapshot: isNew ? readSeedSnapshot() : undefined });
}
