import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../db/connection.js';

/**
 * Opens the embedded database in a data directory, creating and migrating it on first start.
 * An existing directory is only checked for pending migrations.
 */
export async function openPgliteDataDir(dataDir: string): Promise<Database> {
  const isNew = !existsSync(join(dataDir, 'PG_VERSION')) && (!existsSync(dataDir) || readdirSync(dataDir).length === 0);
  void isNew;
  return openDatabase({ dataDir });
}
