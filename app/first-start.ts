import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, SERVING_PAGE_CACHE, type Database } from '../db/connection.js';
import { readSeedSnapshot } from '../db/seed-snapshot.js';
import { lockDataDir } from './data-dir-lock.js';

/**
 * Opens the embedded database in a data directory. A new directory starts from the migrated
 * snapshot made at build time (a fraction of initdb's cost); migrations then bring any directory,
 * new or old, up to date.
 */
export async function openPgliteDataDir(dataDir: string, options: { serving?: boolean } = {}): Promise<Database> {
  const release = lockDataDir(dataDir);
  try {
    const isNew = !existsSync(join(dataDir, 'PG_VERSION')) && (!existsSync(dataDir) || readdirSync(dataDir).length === 0);
    const database = await openDatabase({ dataDir, snapshot: isNew ? readSeedSnapshot() : undefined, pageCache: options.serving ? SERVING_PAGE_CACHE : undefined });
    const close = database.close;
    return { ...database, close: async () => { try { await close(); } finally { release(); } } };
  } catch (error) {
    release();
    throw error;
  }
}
