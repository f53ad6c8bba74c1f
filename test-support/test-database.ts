import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../db/connection.js';
import { migrationsFolder } from '../db/package-root.js';
import { addUser, type User } from '../accounts/users.js';

export type TestStorage = 'pglite' | 'postgres';

/** The PostgreSQL server tests use; each test database is created fresh on it. */
export const TEST_PG_URL = process.env.KITH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function migrationsHash(): string {
  const folder = migrationsFolder();
  const h = createHash('sha256');
  for (const f of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) h.update(f).update(readFileSync(join(folder, f)));
  return h.digest('hex').slice(0, 16);
}

/** A migrated PGlite snapshot, made once per set of migrations and reused: initdb is slow. */
async function migratedSnapshot(): Promise<Blob> {
  const dir = join(tmpdir(), 'kith-test-snapshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `migrated-${migrationsHash()}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const database = await openDatabase({});
  const blob = await database.dumpDataDir!();
  await database.close();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  // rename is atomic: parallel test files never read half a snapshot
  (await import('node:fs')).renameSync(tmp, file);
  return blob;
}

export interface TestDatabase extends Database {
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given kind; drop() removes it. */
export async function createTestDatabase(storage: TestStorage = 'pglite', options: { pageCache?: string } = {}): Promise<TestDatabase> {
  if (storage === 'pglite') {
    const database = await openDatabase({ snapshot: await migratedSnapshot(), pageCache: options.pageCache });
    return { ...database, drop: () => database.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  const database = await openDatabase({ databaseUrl: empty.url, poolSize: 4 });
  return {
    ...database,
    databaseUrl: empty.url,
    drop: async () => { await database.close(); await empty.drop(); },
  } as TestDatabase;
}

/** A new, empty database on the test server (no migrations): its URL, and drop() to remove it. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kith_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: TEST_PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function createTestUser(database: Database, label = 'user'): Promise<User> {
  return addUser(database.db, `${label}-${randomUUID().slice(0, 8)}@example.test`);
}

export const STORAGES: TestStorage[] = ['pglite', 'postgres'];
