import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.js';
import type { KithDb, StorageKind } from './types.js';
import { drizzleReadyPglite } from './pglite-client.js';
import { migrationsFolder } from './package-root.js';
import { trackNewTables } from './change-sets.js';
import { problemsOf, refuseUnprotected, userTablesProtection, type TableProtection } from './row-level-security.js';

export interface OpenOptions {
  /** PGlite data directory; ignored when databaseUrl is set. Omit both for an in-memory PGlite. */
  dataDir?: string;
  databaseUrl?: string;
  /** A PGlite data directory snapshot (from dumpDataDir) to start from instead of initdb. */
  snapshot?: Blob;
  /** Skip migrations (the snapshot or the server is known to be migrated). */
  migrate?: boolean;
  poolSize?: number;
  /** PGlite's shared_buffers, e.g. SERVING_PAGE_CACHE; Postgres's default (128MB) when absent. */
  pageCache?: string;
}

export interface Database {
  db: KithDb;
  kind: StorageKind;
  /** Whether pgvector is installed in this database (semantic search needs it). */
  vectorAvailable: boolean;
  /** PGlite only: a snapshot of the data directory (a gzipped tarball), consistent as of one instant. */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * LISTEN on a channel: `onPayload` gets each NOTIFY's payload, from this process or (PostgreSQL)
   * any other on the same database. Resolves to a function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const MIGRATION_LOCK = 7_264_183_921;

/**
 * Opens the database, brings it up to date and checks it: one query at start when nothing is due
 * (the last applied migration, the row-level security of every user table, pgvector); the
 * migrator runs only when the journal has a migration the database has not recorded.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const database = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  try {
    let state = await readStartupState(database.db);
    if (options.migrate !== false && !(state && state.lastMigration >= lastJournalMigration())) {
      await migrateDatabase(database);
      state = undefined;
    }
    state ??= await readStartupState(database.db, { migrations: false });
    refuseUnprotected(problemsOf(state!.tables));
    // An undoable table added after the change log (migration 0019) gets its triggers here.
    if (state!.untracked.length > 0) await underMigrationLock(database, (db) => trackNewTables(db, state!.untracked));
    database.vectorAvailable = state!.vector;
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

interface StartupState { lastMigration: number; vector: boolean; tables: TableProtection[]; untracked: string[] }

/**
 * What start-up checks, in one round trip. Undefined when the migrations table does not exist yet
 * (a database never migrated), unless `migrations: false` leaves it out.
 */
async function readStartupState(db: KithDb, options: { migrations?: boolean; changeLog?: boolean } = {}): Promise<StartupState | undefined> {
  const lastMigration = options.migrations === false
    ? sql`0`
    : sql`(select coalesce(max(created_at), 0) from drizzle.__drizzle_migrations)`;
  const untracked = options.changeLog === false
    ? sql`'[]'::json`
    : sql`coalesce((select json_agg(t::text) from kith_untracked_tables() t), '[]'::json)`;
  try {
    const result = await db.execute(sql`
      select ${lastMigration}::text as last_migration,
             exists (select 1 from pg_extension where extname = 'vector') as vector,
             coalesce((select json_agg(t) from (${userTablesProtection}) t), '[]'::json) as tables,
             ${untracked} as untracked`);
    const [row] = (result as unknown as { rows: Array<{ last_migration: string; vector: boolean; tables: TableProtection[] | string; untracked: string[] | string }> }).rows;
    const json = <T>(value: T | string): T => (typeof value === 'string' ? JSON.parse(value) as T : value);
    return { lastMigration: Number(row.last_migration), vector: row.vector, tables: json(row.tables), untracked: json(row.untracked) };
  } catch (error) {
    // undefined_table, undefined_function: a database from before the migrations that add them
    if (options.migrations !== false && ['42P01', '42883'].includes(pgCodeOf(error) ?? '')) return undefined;
    // Opened without migrating (tests that migrate by hand) before the change log exists: nothing to track yet.
    if (options.migrations === false && options.changeLog !== false && pgCodeOf(error) === '42883') return readStartupState(db, { ...options, changeLog: false });
    throw error;
  }
}

function pgCodeOf(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

let journalLast: number | undefined;
/** The `when` of the newest migration in the committed journal (drizzle records it as created_at). */
function lastJournalMigration(): number {
  if (journalLast === undefined) {
    const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
    journalLast = Math.max(0, ...journal.entries.map((e) => e.when));
  }
  return journalLast;
}

/**
 * PGlite's page cache for a process that serves (kith serve, kith mcp). At Postgres's default of
 * 128 MB, a search over 2 x 100,000 notes read most pages of its GIN and HNSW indexes again
 * through PGlite's file system: 123 ms p50 against 63 ms with them kept (a 1 GB cache, measured
 * here). PGlite zeroes the whole cache at start (~250 ms and its size in memory), so one-shot
 * commands keep the default. PGlite's WebAssembly memory ends at 2 GB; this leaves room next to it
 * for an HNSW build's maintenance_work_mem.
 */
export const SERVING_PAGE_CACHE = '512MB';

async function openPglite(options: OpenOptions): Promise<Database> {
  const [{ PGlite }, { vector }, { pg_trgm }, { btree_gin }, { drizzle }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/btree_gin'),
    import('drizzle-orm/pglite'),
  ]);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { vector, pg_trgm, btree_gin },
    loadDataDir: options.snapshot,
    // Postgres grows PGlite's default 128 MiB to ~190 MiB while it starts; starting at 256 MiB
    // skips those steps (~20 ms of each start, measured here). Untouched pages cost no memory.
    initialMemory: 256 * 1024 * 1024,
    ...(options.pageCache ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.pageCache}`] } : {}),
  });
  const db = drizzle({ client: drizzleReadyPglite(client), schema }) as unknown as KithDb;
  return {
    db,
    kind: 'pglite',
    vectorAvailable: false,
    // Taken while holding PGlite's transaction lock, so no other transaction is half done, after a
    // checkpoint, so the data files hold every committed change: a backup of a serving directory
    // is the state as of one instant. (A statement outside a transaction runs alone anyway.)
    dumpDataDir: () => client.transaction(async (tx) => {
      await tx.exec('CHECKPOINT');
      return client.dumpDataDir('gzip') as Promise<Blob>;
    }),
    listen: async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return async () => { if (!client.closed) await stop(); };
    },
    // closing twice is harmless: a Kith and the test database it was handed may both close it
    close: async () => { if (!client.closed) await client.close(); },
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
  const listen = (channel: string, onPayload: (payload: string) => void) => listenOnPostgres(pg, options.databaseUrl!, channel, onPayload);
  let ended: Promise<void> | undefined;
  return { db, kind: 'postgres', vectorAvailable: false, listen, close: () => (ended ??= pool.end()) };
}

/**
 * A connection of its own for LISTEN (a pooled one would be handed to queries); when it drops it is
 * opened again after a second, so a restarted server does not leave the pages deaf.
 */
async function listenOnPostgres(pg: typeof import('pg').default, url: string, channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  let stopped = false;
  let client: import('pg').Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (m) => { if (m.channel === channel) onPayload(m.payload ?? ''); });
    c.on('error', () => {
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Applies the committed migrations once, even with several processes starting together. */
/** A migration may add a table or a foreign key: undo's restore order is read again (0050). */
async function refreshUndoOrder(run: (query: string) => Promise<unknown>): Promise<void> {
  await run('select kith_refresh_undo_order()');
}

/** Runs start-up DDL once at a time across servers sharing a PostgreSQL database (PGlite has one process). */
async function underMigrationLock<T>(database: Database, fn: (db: KithDb) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return fn(database.db);
  // A session lock: held on one connection of the pool, which is kept until it is released.
  const client = await (database.db as unknown as { $client: import('pg').Pool }).$client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const { drizzle } = await import('drizzle-orm/node-postgres');
    // On the locking connection itself, so that a pool of one cannot wait on itself.
    return await fn(drizzle({ client, schema }) as unknown as KithDb);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  const folder = migrationsFolder();
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
    await refreshUndoOrder((q) => database.db.execute(sql.raw(q)));
    return;
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = (database.db as unknown as { $client: import('pg').Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client, schema }), { migrationsFolder: folder });
    // Under the migration lock: two servers starting at once never refresh it side by side.
    await refreshUndoOrder((q) => client.query(q));
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
