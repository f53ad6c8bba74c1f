import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.js';
import type { KithDb, StorageKind } from './types.js';
import { migrationsFolder } from './package-root.js';
import { assertRowLevelSecurity } from './row-level-security.js';

export interface OpenOptions {
  /** PGlite data directory; ignored when databaseUrl is set. Omit both for an in-memory PGlite. */
  dataDir?: string;
  databaseUrl?: string;
  /** A PGlite data directory snapshot (from dumpDataDir) to start from instead of initdb. */
  snapshot?: Blob;
  /** Skip migrations (the snapshot or the server is known to be migrated). */
  migrate?: boolean;
  poolSize?: number;
}

export interface Database {
  db: KithDb;
  kind: StorageKind;
  /** Whether pgvector is installed in this database (semantic search needs it). */
  vectorAvailable: boolean;
  /** PGlite only: a snapshot of the data directory. */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

const MIGRATION_LOCK = 7_264_183_921;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const database = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  if (options.migrate !== false) await migrateDatabase(database);
  await assertRowLevelSecurity(database.db);
  database.vectorAvailable = await hasExtension(database.db, 'vector');
  return database;
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { vector, pg_trgm },
    loadDataDir: options.snapshot,
  });
  const db = drizzle({ client, schema }) as unknown as KithDb;
  return {
    db,
    kind: 'pglite',
    vectorAvailable: false,
    dumpDataDir: () => client.dumpDataDir('gzip') as Promise<Blob>,
    close: () => client.close(),
  };
}

async function openPostgres(options: OpenOptions): Promise<Database> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Dates stay strings: a `date` column is a calendar day, not an instant in the server's zone.
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  const db = drizzle({ client: pool, schema }) as unknown as KithDb;
  return { db, kind: 'postgres', vectorAvailable: false, close: () => pool.end() };
}

/** Applies the committed migrations once, even with several processes starting together. */
export async function migrateDatabase(database: Database): Promise<void> {
  const folder = migrationsFolder();
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
    return;
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = (database.db as unknown as { $client: import('pg').Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client, schema }), { migrationsFolder: folder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

async function hasExtension(db: KithDb, name: string): Promise<boolean> {
  const result = await db.execute(sql`select 1 from pg_extension where extname = ${name}`);
  return ((result as unknown as { rows: unknown[] }).rows ?? []).length > 0;
}
