import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../db/connection.js';
import { lockDataDir } from './data-dir-lock.js';

export interface RestoreResult {
  dataDir: string;
  /** Where the directory that was there before went (--force keeps it rather than deleting it). */
  previous?: string;
}

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Restores a backup (a gzipped tarball from `kith backup`) into an embedded data directory. The
 * directory must be empty unless `force`; then the old one is moved aside, not deleted. The backup
 * is unpacked and opened (migrations run if it is older than this Kith) in a directory beside the
 * target first, so a broken file leaves the target as it was. Holds the directory's lock throughout:
 * a running `kith serve` must be stopped first.
 */
export async function restoreDataDir(dataDir: string, backup: Blob, options: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const target = resolve(dataDir);
  if (!isEmptyDir(target) && !options.force) {
    throw new Error(`${dataDir} is not empty: restoring would replace it. Pass --force to restore anyway (the current directory is kept beside it), or choose an empty directory.`);
  }
  const release = lockDataDir(target);
  const staging = `${target}.restoring-${process.pid}`;
  try {
    rmSync(staging, { recursive: true, force: true });
    try {
      const database = await openDatabase({ dataDir: staging, snapshot: backup });
      await database.close();
    } catch (error) {
      throw new Error(`The backup could not be restored (${(error as Error).message}); ${dataDir} is unchanged.`);
    }
    let previous: string | undefined;
    if (existsSync(target)) {
      if (isEmptyDir(target)) rmSync(target, { recursive: true, force: true });
      else {
        previous = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
        renameSync(target, previous);
      }
    }
    renameSync(staging, target);
    return { dataDir: target, previous };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}
