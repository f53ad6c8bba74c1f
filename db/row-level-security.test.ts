import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { withUser } from './with-user.js';
import { findUnprotectedTables, assertRowLevelSecurity } from './row-level-security.js';
import type { User } from '../accounts/users.js';

/** kith_current_user_id() as pg_policies deparses it: bare (per row) or as a scalar subquery (once). */
const PER_ROW_CALL = String.raw`(?<!SELECT )kith_current_user_id\(\)`;
const ONCE_CALL = String.raw`\( SELECT kith_current_user_id\(\) AS kith_current_user_id\)`;
const rows = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

describe.each(STORAGES)('row-level security on %s', (storage) => {
  let database: TestDatabase;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
    const h = toolHarness(database);
    await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel' });
    await h.call(alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'call' });
    await h.call(alice.id, 'add_opportunity', { company_name: 'Stripe' });
  });
  afterAll(async () => { await database?.drop(); });

  it('every table with user data is protected, and the app role is neither superuser nor owner', async () => {
    expect(await findUnprotectedTables(database.db)).toEqual([]);
    const [role] = rows(await database.db.execute(sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'kith_app'`));
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = rows(await database.db.execute(sql`select count(*)::int as n from pg_tables t join pg_roles r on r.rolname = t.tableowner where r.rolname = 'kith_app'`));
    expect(owned[0].n).toBe(0);
  });

  it('a raw query without a user filter sees only the current user\'s rows', async () => {
    for (const table of ['crm_contacts', 'crm_interactions', 'crm_opportunities', 'crm_activities']) {
      const asBob = await withUser(database.db, bob.id, async (tx) => rows(await tx.execute(sql.raw(`select count(*)::int as n from ${table}`))));
      expect(asBob[0].n, table).toBe(0);
      const asAlice = await withUser(database.db, alice.id, async (tx) => rows(await tx.execute(sql.raw(`select count(*)::int as n from ${table}`))));
      expect(asAlice[0].n, table).toBeGreaterThan(0);
    }
  });

  it('the app role cannot write rows for another user, nor read users or tokens of others', async () => {
    const insert = withUser(database.db, bob.id, (tx) =>
      tx.execute(sql`insert into crm_contacts (user_id, first_name, last_name) values (${alice.id}, 'Evil', 'Twin')`));
    await expect(insert).rejects.toThrow();
    const visibleUsers = await withUser(database.db, bob.id, async (tx) => rows(await tx.execute(sql`select id from users`)));
    expect(visibleUsers.map((u) => u.id)).toEqual([bob.id]);
    await expect(withUser(database.db, bob.id, (tx) => tx.execute(sql`select * from api_tokens`))).rejects.toThrow();
  });

  // Migration 0081: a bare kith_current_user_id() in a policy OR-ed with another (the team policies
  // of 0078) is evaluated on every row read; inside a subquery it is an InitPlan, once a statement.
  it('every policy reads the current user once per statement, not once per row', async () => {
    // a user's own vector partition gets its policy when it is made (PGlite always has pgvector)
    expect(database.vectorAvailable || storage === 'postgres').toBe(true);
    if (database.vectorAvailable) await database.db.execute(sql`select kith_vector_partition(${bob.id}::uuid)`);
    const perRow = rows(await database.db.execute(sql`
      select tablename, policyname from pg_policies
       where schemaname = 'public'
         and (qual ~ ${PER_ROW_CALL} or with_check ~ ${PER_ROW_CALL})
       order by 1, 2`));
    expect(perRow).toEqual([]);
    const once = rows(await database.db.execute(sql`
      select count(*)::int as n from pg_policies where schemaname = 'public' and policyname = 'crm_contacts_owner'
         and qual ~ ${ONCE_CALL} and with_check ~ ${ONCE_CALL}`));
    expect(once[0].n).toBe(1);
  });

  it('a scan of contacts, opportunities or interactions calls current_setting once, not in its row filter', async () => {
    for (const table of ['crm_contacts', 'crm_opportunities', 'crm_interactions']) {
      const plan = await withUser(database.db, alice.id, async (tx) =>
        rows(await tx.execute(sql.raw(`explain (costs off) select count(*) from ${table} where user_id = '${alice.id}'`))).map((r) => r['QUERY PLAN']).join('\n'));
      expect(plan, table).toMatch(/InitPlan/);
      expect(plan, table).not.toMatch(/current_setting/);
    }
  });

  it('start-up refuses to run when a policy is missing', async () => {
    const scratch = storage === 'pglite' ? await createTestDatabase('pglite') : database;
    try {
      await scratch.db.execute(sql`alter table crm_interactions no force row level security`);
      await expect(assertRowLevelSecurity(scratch.db)).rejects.toThrow(/crm_interactions: row-level security is not forced/);
    } finally {
      if (scratch === database) await database.db.execute(sql`alter table crm_interactions force row level security`);
      else await scratch.drop();
    }
  });
});
