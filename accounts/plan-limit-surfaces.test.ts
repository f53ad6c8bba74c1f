import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { runCli } from '../test-support/run-cli.js';
import { loadConfig } from '../app/config.js';
import { openKith, type Kith } from '../app/open-kith.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { withUser } from '../db/with-user.js';
import { setPlan } from './plans.js';
import type { User } from './users.js';

/**
 * The contact limit on PostgreSQL (server mode), through the surfaces plan-limits.test.ts does not
 * cover: import_file (a CSV), the CLI (`kith import`, `kith call add_contact`) as its own process on
 * the same database, and two inserts racing for the last place. Bo, on the same plan with room to
 * spare, adds through the same surfaces: the limit is ana's, not the plan's or the database's.
 */
let database: TestDatabase;
let kith: Kith;
let ana: User;
let bo: User;
let dir: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const failure = (p: Promise<unknown>): Promise<any> => p.then(() => { throw new Error('the call did not fail'); }, (e) => e);
const countContacts = async (userId: string) => withUser(database.db, userId, async (tx) => {
  const r = await tx.execute(sql`select count(*)::int as n from crm_contacts`);
  return (r as unknown as { rows: { n: number }[] }).rows[0].n;
});
const filler = (n: number, label: string) => Array.from({ length: n }, (_, i) => ({ id: randomUUID(), first_name: `${label}${i}`, last_name: 'Filler' }));
const cli = (args: string[], as: User = ana) => runCli(['--database-url', (database as TestDatabase & { databaseUrl: string }).databaseUrl, '--user', as.email, ...args], { env: { KITH_EMBEDDING_MODEL: 'lexical', KITH_LOG_LEVEL: 'error' } });

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z', KITH_EMBEDDING_MODEL: 'lexical' } as NodeJS.ProcessEnv), { database, log: silentLogger });
  ana = await createTestUser(database, 'ana');
  await setPlan(database.db, ana.id, 'free');
  await kith.call(ana.id, 'import_data', { data: { contacts: filler(47, 'Seed') } });
  bo = await createTestUser(database, 'bo');
  await setPlan(database.db, bo.id, 'free');
  await kith.call(bo.id, 'import_data', { data: { contacts: filler(10, 'Bo') } });
  dir = mkdtempSync(join(tmpdir(), 'kith-plan-'));
}, 240_000);

afterAll(async () => {
  await kith?.close();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Free plan\'s 50 contacts on PostgreSQL', () => {
  it('refuses an import_file of a CSV that would pass the limit, whole', async () => {
    const csv = 'First Name,Last Name,Email\n' + Array.from({ length: 4 }, (_, i) => `Csv${i},Person,csv${i}@example.test`).join('\n') + '\n';
    const e = await failure(kith.call(ana.id, 'import_file', { content: csv, filename: 'people.csv', dry_run: false }));
    expect(e.message).toMatch(/The Free plan allows up to 50 contacts: you have 47, and this would add 4\. Nothing was added/);
    expect(await countContacts(ana.id)).toBe(47);
    await kith.call(bo.id, 'import_file', { content: csv, filename: 'people.csv', dry_run: false });
    expect(await countContacts(bo.id)).toBe(14);
  });

  it('refuses `kith import` from the CLI, in its own process, and writes nothing', async () => {
    const file = join(dir, 'more.csv');
    writeFileSync(file, 'First Name,Last Name\n' + Array.from({ length: 5 }, (_, i) => `Cli${i},Person`).join('\n') + '\n');
    const r = cli(['import', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/The Free plan allows up to 50 contacts/);
    expect(await countContacts(ana.id)).toBe(47);
  }, 180_000);

  it('lets two racing inserts take the last two places and no more', async () => {
    const results = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => kith.call(ana.id, 'add_contact', { first_name: `Race${i}`, last_name: 'Runner' })));
    // 47 + 4 would pass 50: exactly three fit, and the one refused says why
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(/The Free plan allows up to 50 contacts: you have 50, and this would add 1/);
    expect(await countContacts(ana.id)).toBe(50);
  });

  it('refuses `kith call add_contact` at the limit, and other users are not limited by it', async () => {
    const r = cli(['call', 'add_contact', '--input', JSON.stringify({ first_name: 'One', last_name: 'More' })]);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/The Free plan allows up to 50 contacts: you have 50, and this would add 1/);
    expect(await countContacts(ana.id)).toBe(50);
    const added = cli(['call', 'add_contact', '--input', JSON.stringify({ first_name: 'One', last_name: 'More' })], bo);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(await countContacts(bo.id)).toBe(15);
  }, 180_000);
});
