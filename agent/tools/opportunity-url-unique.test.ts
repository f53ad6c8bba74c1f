import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { STORAGES, createEmptyPostgresDatabase } from '../../test-support/test-database.js';
import { withAliceAndBob } from '../../test-support/two-users.js';
import { openDatabase, migrateDatabase, type Database } from '../../db/connection.js';
import { migrationsFolder } from '../../db/package-root.js';

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const URL_42 = 'https://boards.example/acme/jobs/42';

// Saving one posting twice at the same instant (the extension's button pressed twice, two tabs):
// the look-up in add_opportunity cannot see a save that has not committed; the unique index can.
describe.each(STORAGES)('one opportunity per posting URL on %s', (storage) => {
  const t = withAliceAndBob(storage);
  const count = async (userId: string, url: string) =>
    rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from crm_opportunities where user_id = ${userId} and job_url = ${url}`))[0].n;

  it('two saves of the same posting at once make one row, and both answer it', async () => {
    const [a, b] = await Promise.all([
      t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'SRE', job_url: `${URL_42}?utm_source=x` }),
      t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'SRE', job_url: `${URL_42}#apply` }),
    ]);
    expect(a.opportunity.id).toBe(b.opportunity.id);
    expect([a.already_saved, b.already_saved].filter(Boolean)).toHaveLength(1);
    expect(await count(t.alice.id, URL_42)).toBe(1);
    // and ten at once
    const many = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Globex', job_title: `Try ${i}`, job_url: 'https://globex.example/careers/7' })));
    expect(new Set(many.map((m) => m.opportunity.id)).size).toBe(1);
    expect(many.filter((m) => !m.already_saved)).toHaveLength(1);
    expect(await count(t.alice.id, 'https://globex.example/careers/7')).toBe(1);
    // the stage history has the one save's first stage, not one per attempt
    const [{ n }] = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from crm_opportunity_stage_changes where opportunity_id = ${many[0].opportunity.id}`));
    expect(n).toBe(1);
  });

  it('the database refuses a second row for the same user and URL, not for another user', async () => {
    const insert = (userId: string) => t.database.db.execute(sql`insert into crm_opportunities (user_id, company_name, job_url) values (${userId}, 'Acme', ${URL_42})`);
    const refused = await insert(t.alice.id).then(() => null, (e: Error & { code?: string; cause?: { code?: string } }) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(refused?.code ?? refused?.cause?.code).toBe('23505');
    await insert(t.bob.id);
    expect(await count(t.bob.id, URL_42)).toBe(1);
    // an opportunity without a URL is never a duplicate of another
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Initech' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Initech' });
    const [{ n }] = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from crm_opportunities where user_id = ${t.alice.id} and company_name = 'Initech'`));
    expect(n).toBe(2);
  });

  it('moving another opportunity onto a saved URL is a clear conflict naming job_url, and changes nothing', async () => {
    const other = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Umbrella', job_url: 'https://umbrella.example/jobs/1' });
    const error = await t.h.error(t.alice.id, 'update_opportunity', { opportunity: other.opportunity.id, job_url: URL_42, notes: 'moved' });
    expect(error.code).toBe('conflict');
    expect(error.details.field).toBe('job_url');
    const after = await t.h.call(t.alice.id, 'get_opportunity', { opportunity: other.opportunity.id });
    expect(after.opportunity).toMatchObject({ job_url: 'https://umbrella.example/jobs/1', notes: null });
  });

  it('an import row with a saved posting URL (another title) merges into it instead of failing the import', async () => {
    const saved = await t.h.call(t.bob.id, 'add_opportunity', { company_name: 'Hooli', job_title: 'SRE', job_url: 'https://hooli.example/jobs/3' });
    const csv = 'Company,Job Title,List,Location,Salary,Job URL,Date Added,Date Applied,Notes\n' +
      'Hooli,Site Reliability Engineer,Applied,Palo Alto,,https://hooli.example/jobs/3?utm_source=x,2026-11-01,2026-11-02,Applied via the extension\n' +
      'Hooli,Data Engineer,Applied,Palo Alto,,https://hooli.example/jobs/4,2026-11-01,2026-11-02,\n';
    const result = await t.h.call(t.bob.id, 'import_file', { content: csv, filename: 'huntr.csv', dry_run: false, on_match: 'merge' });
    expect(result.records.find((r: { at: string }) => r.at === 'line 2')).toMatchObject({ action: 'update', match: { id: saved.opportunity.id, by: ['same posting URL'] } });
    expect(await count(t.bob.id, 'https://hooli.example/jobs/3')).toBe(1);
    expect(await count(t.bob.id, 'https://hooli.example/jobs/4')).toBe(1);
  });

  if (storage === 'postgres') {
    it('a save that meets another still uncommitted waits for it, then answers the saved one', async () => {
      const url = 'https://initrode.example/jobs/9';
      const other = new pg.Client({ connectionString: (t.database as { databaseUrl?: string }).databaseUrl });
      await other.connect();
      try {
        await other.query('begin');
        const [{ id }] = (await other.query(`insert into crm_opportunities (user_id, company_name, job_title, job_url) values ($1, 'Initrode', 'First save', $2) returning id`, [t.alice.id, url])).rows;
        const save = t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Initrode', job_title: 'Second save', job_url: url });
        // the second save has passed its look-up (it cannot see the first) and waits on the index
        const waiting = async () => rows<{ n: number }>(await t.database.db.execute(sql`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "crm_opportunities"%'`))[0].n;
        await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
        await other.query('commit');
        const second = await save;
        expect(second).toMatchObject({ already_saved: true, opportunity: { id, job_title: 'First save' } });
        expect(await count(t.alice.id, url)).toBe(1);
      } finally {
        await other.end();
      }
    });
  }
});

/** A copy of the migrations folder that stops before `tag` (a database as an older Kith left it). */
function migrationsBefore(tag: string): { folder: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kith-migrations-'));
  cpSync(migrationsFolder(), dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  const dropped = journal.entries.splice(cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  for (const f of readdirSync(dir)) if (dropped.some((e) => f === `${e.tag}.sql`)) rmSync(join(dir, f));
  return { folder: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database migrated up to (not including) 0061, on either storage. */
async function olderDatabase(storage: 'pglite' | 'postgres', folder: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (storage === 'pglite') {
    const database = await openDatabase({ migrate: false });
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
    return { database, drop: () => database.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  const database = await openDatabase({ databaseUrl: empty.url, migrate: false, poolSize: 2 });
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  await migrate(database.db as never, { migrationsFolder: folder });
  return { database, drop: async () => { await database.close(); await empty.drop(); } };
}

describe.each(STORAGES)('migration 0061 on a database that already holds duplicates (%s)', (storage) => {
  const cleanup: Array<() => unknown> = [];
  afterAll(async () => { for (const c of cleanup.reverse()) await c(); });

  it('keeps every row and its history, leaves the URL on the oldest, notes it on the others, then enforces one per URL', async () => {
    const older = migrationsBefore('0061_opportunity_job_url_unique');
    cleanup.push(older.remove);
    const { database, drop } = await olderDatabase(storage, older.folder);
    cleanup.push(drop);
    const db = database.db;
    const user = async (label: string) => rows<{ id: string }>(await db.execute(sql`insert into users (email, display_name) values (${`${label}-${randomUUID()}@example.test`}, ${label}) returning id`))[0].id;
    const alice = await user('alice');
    const bob = await user('bob');
    const add = async (userId: string, title: string, at: string, notes: string | null, url = URL_42) =>
      rows<{ id: string }>(await db.execute(sql`insert into crm_opportunities (user_id, company_name, job_title, job_url, notes, created_at)
        values (${userId}, 'Acme', ${title}, ${url}, ${notes}, ${at}::timestamptz) returning id`))[0].id;
    // three saves of one posting by alice (the race the index now stops), one by bob, one other posting
    const first = await add(alice, 'SRE', '2026-11-01T10:00:00Z', 'Referred by Omar');
    const second = await add(alice, 'SRE (again)', '2026-11-01T10:00:01Z', 'Asked about salary');
    const third = await add(alice, 'SRE', '2026-11-02T09:00:00Z', null);
    const bobs = await add(bob, 'SRE', '2026-11-03T09:00:00Z', null);
    const lone = await add(alice, 'PM', '2026-11-03T09:00:00Z', null, 'https://acme.example/jobs/pm');
    await db.execute(sql`insert into crm_opportunity_stage_changes (user_id, opportunity_id, from_status, to_status, changed_at)
      values (${alice}, ${second}, null, 'applied', '2026-11-01T10:00:01Z')`);

    await migrateDatabase(database);

    const after = rows<{ id: string; job_title: string; job_url: string | null; notes: string | null }>(await db.execute(sql`
      select id, job_title, job_url, notes from crm_opportunities order by created_at, id`));
    expect(after).toHaveLength(5);
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(byId.get(first)).toMatchObject({ job_url: URL_42, notes: 'Referred by Omar' });
    expect(byId.get(second)).toMatchObject({ job_title: 'SRE (again)', job_url: null, notes: `Asked about salary\nSame posting as opportunity ${first}: ${URL_42}` });
    expect(byId.get(third)).toMatchObject({ job_url: null, notes: `Same posting as opportunity ${first}: ${URL_42}` });
    expect(byId.get(bobs)).toMatchObject({ job_url: URL_42, notes: null });
    expect(byId.get(lone)).toMatchObject({ job_url: 'https://acme.example/jobs/pm', notes: null });
    const [{ n }] = rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from crm_opportunity_stage_changes where opportunity_id = ${second}`));
    expect(n).toBe(1);
    const refused = await db.execute(sql`insert into crm_opportunities (user_id, company_name, job_url) values (${alice}, 'Acme', ${URL_42})`).catch((e) => e);
    expect(refused).toBeInstanceOf(Error);
  }, 240_000); // a database migrated from nothing, twice over: minutes on a loaded machine
});
