import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { withUser } from './with-user.js';
import { deleteAccount } from '../accounts/delete-account.js';
import type { User } from '../accounts/users.js';

/** The counts the triggers keep (migration 0072) and the counts of the rows themselves. */
async function countsOf(database: TestDatabase, user: User) {
  const kept = await database.db.execute(sql.raw(`select contacts, contacts_with_follow_up from crm_user_counters where user_id = '${user.id}'`));
  const real = await database.db.execute(sql.raw(`select count(*)::int as contacts, count(next_follow_up_date)::int as contacts_with_follow_up from crm_contacts where user_id = '${user.id}'`));
  const row = (r: unknown) => (r as { rows: Array<Record<string, number>> }).rows[0];
  return { kept: row(kept) ?? { contacts: 0, contacts_with_follow_up: 0 }, real: row(real) };
}

describe.each(STORAGES)('per-user counts kept by triggers on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database);
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
  });
  afterAll(async () => { await database?.drop(); });

  it('agree with the rows after adds, follow-ups, imports, bulk deletes and undo, and the tools read them', async () => {
    const expectAgree = async (user: User, contacts: number, withFollowUp: number) => {
      const { kept, real } = await countsOf(database, user);
      expect(kept).toEqual(real);
      expect(real).toEqual({ contacts, contacts_with_follow_up: withFollowUp });
      const dashboard = await h.call(user.id, 'dashboard_summary');
      expect(dashboard.stats.contacts).toBe(contacts);
      expect(dashboard.stats.pending_follow_ups).toBe(withFollowUp);
      expect((await h.call(user.id, 'find_contacts', { limit: 1 })).total).toBe(contacts);
      expect((await h.call(user.id, 'find_contacts', { follow_up: 'scheduled', limit: 1 })).total).toBe(withFollowUp);
    };
    await expectAgree(alice, 0, 0);
    const ana = (await h.call(alice.id, 'add_contact', { first_name: 'Ana', last_name: 'Ito', email: 'ana@counts.test' })).contact;
    await h.call(alice.id, 'add_contact', { first_name: 'Ben', last_name: 'Okafor', next_follow_up_date: '2026-12-01' });
    await h.call(bob.id, 'add_contact', { first_name: 'Bob', last_name: 'Own', next_follow_up_date: '2026-12-02' });
    await expectAgree(alice, 2, 1);
    await h.call(alice.id, 'schedule_follow_up', { contact: ana.id, date: '2026-12-03' });
    await expectAgree(alice, 2, 2);
    await h.call(alice.id, 'complete_follow_up', { contact: ana.id });
    await expectAgree(alice, 2, 1);
    await h.confirmed(alice.id, 'import_data', { data: { contacts: Array.from({ length: 30 }, (_, i) => ({ first_name: 'Imported', last_name: `N${i}`, next_follow_up_date: i % 3 === 0 ? '2026-12-10' : null })) } });
    await expectAgree(alice, 32, 11);
    const imported = (await h.call(alice.id, 'find_contacts', { query: 'imported', limit: 100 })).contacts.map((c: { id: string }) => c.id);
    await h.confirmed(alice.id, 'delete_contacts', { contacts: imported.slice(0, 10) });
    await expectAgree(alice, 22, 8); // by last name: N0, N1, N10–N17, of which N0, N12 and N15 had follow-ups
    await h.call(alice.id, 'undo');
    await expectAgree(alice, 32, 11);
    // bob's counts moved only with bob's rows
    await expectAgree(bob, 1, 1);
  });

  it('cannot be written by the app role, and a user sees only their own row', async () => {
    await expect(withUser(database.db, alice.id, (tx) => tx.execute(sql`update crm_user_counters set contacts = 0`))).rejects.toThrow();
    const visible = await withUser(database.db, alice.id, (tx) => tx.execute(sql`select user_id from crm_user_counters`));
    expect((visible as unknown as { rows: Array<{ user_id: string }> }).rows.map((r) => r.user_id)).toEqual([alice.id]);
  });

  it('go with their user', async () => {
    const carol = await createTestUser(database, 'carol');
    await h.call(carol.id, 'add_contact', { first_name: 'Cy', last_name: 'Gone' });
    await deleteAccount(database.db, carol.id);
    const left = await database.db.execute(sql.raw(`select count(*)::int as n from crm_user_counters where user_id = '${carol.id}'`));
    expect((left as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(0);
  });
});
