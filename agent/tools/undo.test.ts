import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../test-support/test-database.js';
import { runTool, type ToolRuntime } from './run-tool.js';
import { findTool } from './catalog.js';
import { silentLogger } from './shared/context.js';
import type { User } from '../../accounts/users.js';

/** Every undoable table: what "exactly as before" is compared over (activities apart: undo adds one). */
const TABLES = ['crm_contacts', 'crm_interactions', 'crm_opportunities', 'crm_opportunity_stage_changes', 'crm_contact_insights', 'crm_tasks', 'crm_activities'];

describe.each(STORAGES)('undo on %s', (storage) => {
  let database: TestDatabase;
  let runtime: ToolRuntime;
  let now = new Date('2026-11-25T15:00:00Z');
  let alice: User;
  let bob: User;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (user: User, name: string, input: unknown = {}): Promise<{ value: any; changeId?: string }> => {
    let changeId: string | undefined;
    const value = await runTool(runtime, user.id, findTool(name)!, input, { onChangeSet: (id) => { changeId = id; } });
    return { value, changeId };
  };
  const failure = (user: User, name: string, input: unknown = {}) => call(user, name, input).then(() => { throw new Error(`${name} did not fail`); }, (e) => e);

  /** All of a user's rows, read past row-level security, with the undo's own activity entries left out. */
  const stateOf = async (user: User) => {
    const state: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const result = await database.db.execute(sql.raw(
        `select to_jsonb(t) as row from ${table} t where user_id = '${user.id}'` +
        (table === 'crm_activities' ? ` and activity_type <> 'change_undone'` : '') + ' order by id'));
      state[table] = (result as unknown as { rows: Array<{ row: unknown }> }).rows.map((r) => r.row);
    }
    const docs = await database.db.execute(sql.raw(`select source_kind, source_id, content from search_documents where user_id = '${user.id}' order by source_id`));
    state.search_documents = (docs as unknown as { rows: unknown[] }).rows;
    return state;
  };

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    runtime = { db: database.db, now: () => now, tz: 'UTC', log: silentLogger };
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
  });
  afterAll(async () => { await database?.drop(); });

  it('undoes an add, and records the undo as an activity', async () => {
    const before = await stateOf(alice);
    const added = await call(alice, 'add_contact', { first_name: 'Una', last_name: 'Doe', notes: 'met at the undo meetup' });
    expect(added.changeId).toBeDefined();
    const undone = await call(alice, 'undo');
    expect(undone.value.undone.change_id).toBe(added.changeId);
    expect(undone.value.restored).toEqual({ crm_contacts: 1, crm_activities: 1 });
    expect(undone.value.summary).toContain('Added Una Doe');
    expect(await stateOf(alice)).toEqual(before);
    const { value: feed } = await call(alice, 'dashboard_summary');
    expect(JSON.stringify(feed)).toContain('Undid: Added Una Doe');
  });

  it('undoes an update: every previous value comes back', async () => {
    const { value: { contact } } = await call(alice, 'add_contact', { first_name: 'Ravi', last_name: 'Rao', company: 'Acme', tags: ['friend'], notes: 'old notes' });
    const before = await stateOf(alice);
    now = new Date(now.getTime() + 60_000);
    const updated = await call(alice, 'update_contact', { contact: contact.id, company: 'Globex', notes: 'new notes', add_tags: ['vip'], next_follow_up_date: '2026-12-01' });
    expect(updated.value.contact.company).toBe('Globex');
    await call(alice, 'undo', { change_id: updated.changeId });
    expect(await stateOf(alice)).toEqual(before);
    const { value: got } = await call(alice, 'get_contact', { contact: contact.id });
    expect(got.contact).toMatchObject({ company: 'Acme', notes: 'old notes', tags: ['friend'], next_follow_up_date: null });
  });

  it('undoes a delete with its cascades: interactions, insights, opportunity links, tags and follow-up', async () => {
    const { value: { contact } } = await call(alice, 'add_contact', { first_name: 'Dana', last_name: 'Cascade', company: 'Initech', tags: ['mentor', 'sf'], next_follow_up_date: '2026-12-03' });
    await call(alice, 'log_interaction', { contact: contact.id, interaction_type: 'coffee_chat', notes: 'talked about kubernetes operators' });
    await call(alice, 'log_interaction', { contact: contact.id, interaction_type: 'email', subject: 'Intro', notes: 'sent the deck' });
    const { value: { opportunity } } = await call(alice, 'add_opportunity', { company_name: 'Initech', job_title: 'Staff Engineer', contact: contact.id });
    await call(alice, 'update_opportunity', { opportunity: opportunity.id, status: 'applied' });
    await call(alice, 'create_task', { title: 'Send Dana the deck', due_date: '2026-12-02', contact: contact.id });
    await database.db.execute(sql.raw(`insert into crm_contact_insights (user_id, contact_id, insight_type, insight_text) values ('${alice.id}', '${contact.id}', 'topic', 'likes operators')`));
    const before = await stateOf(alice);
    expect((await call(alice, 'search', { query: 'kubernetes operators' })).value.results.length).toBeGreaterThan(0);

    const asked = await call(alice, 'delete_contact', { contact: contact.id });
    const deleted = await call(alice, 'delete_contact', { contact: contact.id, confirm: true, approval_id: asked.value.approval_id });
    expect(deleted.value.status).toBe('deleted');
    const gone = await stateOf(alice);
    expect(gone.crm_interactions.length).toBe(before.crm_interactions.length - 2);
    expect((gone.crm_opportunities.find((o) => (o as { id: string }).id === opportunity.id) as { contact_id: unknown }).contact_id).toBeNull();

    const undone = await call(alice, 'undo');
    expect(undone.value.undone.tool).toBe('delete_contact');
    expect(undone.value.restored).toMatchObject({ crm_contacts: 1, crm_interactions: 2, crm_contact_insights: 1, crm_opportunities: 1 });
    expect(await stateOf(alice)).toEqual(before);
    expect((await call(alice, 'search', { query: 'kubernetes operators' })).value.results.map((r: { contact: { id: string } | null }) => r.contact?.id)).toContain(contact.id);
  });

  it('covers a table added after the change log (tasks): a task and the follow-up date it set come back', async () => {
    const { value: { contact } } = await call(alice, 'add_contact', { first_name: 'Tess', last_name: 'Task' });
    const before = await stateOf(alice);
    const created = await call(alice, 'create_task', { title: 'Call Tess', due_date: '2026-12-04', contact: contact.id });
    expect((await call(alice, 'get_contact', { contact: contact.id })).value.contact.next_follow_up_date).toBe('2026-12-04');
    const undone = await call(alice, 'undo', { change_id: created.changeId });
    expect(undone.value.restored).toMatchObject({ crm_tasks: 1, crm_contacts: 1 });
    expect(await stateOf(alice)).toEqual(before);
  });

  it('restores in an order kept in kith_undo_order, parents above children, every undoable table in it', async () => {
    const result = await database.db.execute(sql`select table_name, depth from kith_undo_order`);
    const depth = Object.fromEntries((result as unknown as { rows: Array<{ table_name: string; depth: number }> }).rows.map((r) => [r.table_name, r.depth]));
    for (const table of TABLES) expect(depth[table], table).toBeGreaterThanOrEqual(0);
    expect(depth.crm_contacts).toBe(0);
    expect(depth.crm_interactions).toBeGreaterThan(depth.crm_contacts);
    expect(depth.crm_contact_insights).toBeGreaterThan(depth.crm_contacts);
  });

  it('refuses when a later change touched the same rows, and changes nothing', async () => {
    const added = await call(alice, 'add_contact', { first_name: 'Lena', last_name: 'Later' });
    await call(alice, 'update_contact', { contact: added.value.contact.id, job_title: 'CTO' });
    const before = await stateOf(alice);
    const error = await failure(alice, 'undo', { change_id: added.changeId });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/later change touched the same records.*update_contact/);
    expect(await stateOf(alice)).toEqual(before);
    // Undoing the later change first makes the earlier one undoable.
    await call(alice, 'undo');
    await call(alice, 'undo', { change_id: added.changeId });
    expect((await failure(alice, 'get_contact', { contact: added.value.contact.id })).code).toBe('not_found');
  });

  it('goes further back on a second undo, redoes by the undo\'s change id, and never undoes twice', async () => {
    const first = await call(alice, 'add_contact', { first_name: 'Olga', last_name: 'One' });
    const second = await call(alice, 'add_contact', { first_name: 'Tom', last_name: 'Two' });
    const u1 = await call(alice, 'undo');
    expect(u1.value.undone.change_id).toBe(second.changeId);
    const u2 = await call(alice, 'undo');
    expect(u2.value.undone.change_id).toBe(first.changeId);
    expect((await failure(alice, 'undo', { change_id: second.changeId })).message).toMatch(/already undone/);
    await call(alice, 'undo', { change_id: u1.value.change_id });
    expect((await call(alice, 'get_contact', { contact: second.value.contact.id })).value.contact.first_name).toBe('Tom');
    const { value: { changes } } = await call(alice, 'list_changes');
    expect(changes.find((c: { change_id: string }) => c.change_id === second.changeId).undone).toBe(false);
    // the redone add can be undone again
    await call(alice, 'undo', { change_id: second.changeId });
    expect((await failure(alice, 'get_contact', { contact: second.value.contact.id })).code).toBe('not_found');
  });

  it('never undoes another user\'s change', async () => {
    const added = await call(alice, 'add_contact', { first_name: 'Private', last_name: 'Person' });
    const before = await stateOf(alice);
    const error = await failure(bob, 'undo', { change_id: added.changeId });
    expect(error.code).toBe('not_found');
    expect((await failure(bob, 'undo')).code).toBe('not_found');
    expect((await call(bob, 'list_changes')).value.changes).toEqual([]);
    expect(await stateOf(alice)).toEqual(before);
    await call(alice, 'undo', { change_id: added.changeId });
  });

  it('refuses once the window has passed, and purges what is older', async () => {
    const added = await call(alice, 'add_contact', { first_name: 'Old', last_name: 'Timer' });
    now = new Date(now.getTime() + 25 * 3_600_000);
    expect((await failure(alice, 'undo', { change_id: added.changeId })).message).toMatch(/older than 24 hours/);
    await call(alice, 'add_contact', { first_name: 'New', last_name: 'Comer' });
    const left = await database.db.execute(sql.raw(`select count(*)::int as n from crm_change_sets where id = '${added.changeId}'`));
    expect((left as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(0);
  });

  it('logs nothing for a read-only call or a write made outside a tool', async () => {
    const count = async () => ((await database.db.execute(sql`select count(*)::int as n from crm_change_log`)) as unknown as { rows: Array<{ n: number }> }).rows[0].n;
    const n = await count();
    const found = await call(alice, 'find_contacts', {});
    expect(found.changeId).toBeUndefined();
    await database.db.execute(sql.raw(`update crm_contacts set notes = 'operator' where user_id = '${alice.id}'`));
    expect(await count()).toBe(n);
  });
});
