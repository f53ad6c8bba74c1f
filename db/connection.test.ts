import { describe, it, expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase } from './connection.js';
import { migrationsFolder } from './package-root.js';
import { createTestDatabase, TEST_PG_URL } from '../test-support/test-database.js';

const rows = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;
const migrationFiles = () => readdirSync(migrationsFolder()).filter((f) => f.endsWith('.sql')).length;

describe('migrations', () => {
  it('apply once on PGlite, and running them again changes nothing', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const count = async () => Number(rows(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0].n);
      expect(await count()).toBe(migrationFiles());
      await migrateDatabase(database);
      await migrateDatabase(database);
      expect(await count()).toBe(migrationFiles());
      expect(database.vectorAvailable).toBe(true);
    } finally {
      await database.drop();
    }
  });

  it('apply on PostgreSQL 15 without pgvector, from two processes starting at once', async () => {
    const name = `kith_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    try {
      const [a, b] = await Promise.all([openDatabase({ databaseUrl: url.toString(), poolSize: 2 }), openDatabase({ databaseUrl: url.toString(), poolSize: 2 })]);
      expect(a.vectorAvailable).toBe(false);
      const applied = rows(await a.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0].n;
      expect(applied).toBe(migrationFiles());
      await Promise.all([a.close(), b.close()]);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

describe('start-up checks', () => {
  it('migrate a database that was never migrated, in memory from initdb', async () => {
    const database = await openDatabase({});
    try {
      const applied = rows(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0].n;
      expect(applied).toBe(migrationFiles());
      expect(database.vectorAvailable).toBe(true);
    } finally {
      await database.close();
    }
    // Every migration from an empty initdb: about 10 s on a quiet machine, over a minute when the
    // two cores are shared with other work.
  }, 240_000);

  it('refuse to open an up-to-date database whose row-level security is off', async () => {
    const database = await createTestDatabase('pglite');
    await database.db.execute(sql`alter table crm_opportunities disable row level security`);
    const snapshot = await database.dumpDataDir!();
    await database.drop();
    await expect(openDatabase({ snapshot })).rejects.toThrow(/Refusing to start: .*crm_opportunities: row-level security is not enabled/);
  });
});
