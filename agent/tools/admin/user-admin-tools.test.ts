import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../../test-support/test-database.js';
import { toolHarness } from '../../../test-support/tool-harness.js';
import { withUser } from '../../../db/with-user.js';
import { createToken, verifyScopedToken } from '../../../accounts/tokens.js';
import { createSession, verifySession } from '../../../accounts/sessions.js';
import { findUserById, type User } from '../../../accounts/users.js';
import { userAdminTools } from './user-admin-tools.js';

const rows = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

describe.each(STORAGES)('managing users by role on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let owner: User;
  let admin: User;
  let member: User;
  let other: User;

  const setRole = (u: User, role: string) => database.db.execute(sql`update users set role = ${role} where id = ${u.id}`);

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database);
    owner = await createTestUser(database, 'owner');
    admin = await createTestUser(database, 'admin');
    member = await createTestUser(database, 'member');
    other = await createTestUser(database, 'other');
    await setRole(owner, 'owner');
    await setRole(admin, 'admin');
    await h.call(member.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel' });
    await h.call(member.id, 'add_contact', { first_name: 'Lucas', last_name: 'Silva' });
    await h.call(member.id, 'log_interaction', { contact: 'Priya', interaction_type: 'call' });
    await h.call(member.id, 'add_opportunity', { company_name: 'Stripe' });
  });
  afterAll(async () => { await database?.drop(); });

  it('an admin lists every user with their plan and how much they keep', async () => {
    await h.call(admin.id, 'set_user_plan', { user: member.email, plan: 'personal' });
    const { users } = await h.call(admin.id, 'list_users', {});
    expect(users.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining([owner.email, admin.email, member.email, other.email]));
    expect(users.find((u: { email: string }) => u.email === member.email)).toMatchObject({
      role: 'member', plan: 'personal', plan_title: 'Personal', disabled: false, contacts: 2, opportunities: 1, interactions: 1,
    });
    const narrowed = await h.call(admin.id, 'list_users', { query: 'member-' });
    expect(narrowed.users.map((u: { email: string }) => u.email)).toEqual([member.email]);
    const paged = await h.call(admin.id, 'list_users', { limit: 2 });
    const rest = await h.call(admin.id, 'list_users', { limit: 50, cursor: paged.next_cursor });
    expect([...paged.users, ...rest.users].map((u: { id: string }) => u.id).sort()).toEqual(users.map((u: { id: string }) => u.id).sort());
  });

  it('an admin creates members on a plan; only the owner makes admins; an e-mail is taken once', async () => {
    const made = await h.call(admin.id, 'create_user', { email: 'New.Person@Example.test', display_name: 'New Person', plan: 'professional' });
    expect(made.user).toMatchObject({ email: 'new.person@example.test', role: 'member', plan: 'professional', contacts: 0 });
    const refused = await h.error(admin.id, 'create_user', { email: 'boss@example.test', role: 'admin' });
    expect(refused).toMatchObject({ code: 'forbidden', message: 'Only the owner of this Kith makes admins.' });
    expect((await h.call(owner.id, 'create_user', { email: 'boss@example.test', role: 'admin' })).user.role).toBe('admin');
    expect(await h.error(admin.id, 'create_user', { email: 'new.person@example.test' })).toMatchObject({ code: 'conflict', message: 'A user with the e-mail new.person@example.test already exists.' });
    expect(await h.error(admin.id, 'create_user', { email: 'not an address' })).toMatchObject({ code: 'invalid', field: 'email' });
    expect(await h.error(admin.id, 'create_user', { email: 'gold@example.test', plan: 'gold' })).toMatchObject({ code: 'invalid', field: 'plan', message: expect.stringContaining('free, personal, professional, enterprise') });
  });

  it('plans are set and cleared by admins, and a plan that does not exist is named', async () => {
    expect((await h.call(admin.id, 'set_user_plan', { user: other.email, plan: 'Enterprise' })).user).toMatchObject({ plan: 'enterprise', plan_title: 'Enterprise' });
    expect((await h.call(admin.id, 'set_user_plan', { user: other.id, plan: 'none' })).user.plan).toBeNull();
    expect(await h.error(admin.id, 'set_user_plan', { user: other.email, plan: 'gold' })).toMatchObject({ code: 'invalid', field: 'plan' });
    expect(await h.error(admin.id, 'set_user_plan', { user: 'nobody@example.test', plan: 'free' })).toMatchObject({ code: 'not_found' });
  });

  it('only the owner changes roles, and the owner is never demoted nor disabled', async () => {
    expect(await h.error(admin.id, 'set_user_role', { user: other.email, role: 'admin' })).toMatchObject({ code: 'forbidden', message: 'Only the owner of this Kith changes roles.' });
    expect((await h.call(owner.id, 'set_user_role', { user: other.email, role: 'admin' })).user.role).toBe('admin');
    expect((await h.call(owner.id, 'set_user_role', { user: other.email, role: 'member' })).user.role).toBe('member');
    expect(await h.error(owner.id, 'set_user_role', { user: owner.email, role: 'member' })).toMatchObject({ code: 'forbidden', message: 'The owner of this Kith cannot be demoted.' });
    expect(await h.error(admin.id, 'disable_user', { user: owner.email })).toMatchObject({ code: 'forbidden', message: 'The owner of this Kith cannot be disabled.' });
    expect(await h.error(owner.id, 'disable_user', { user: owner.email })).toMatchObject({ code: 'forbidden' });
    expect((await findUserById(database.db, owner.id))?.role).toBe('owner');
  });

  it('an admin cannot disable another admin or themselves; the owner can disable an admin', async () => {
    const second = (await h.call(owner.id, 'create_user', { email: 'second-admin@example.test', role: 'admin' })).user;
    expect(await h.error(admin.id, 'disable_user', { user: second.email })).toMatchObject({ code: 'forbidden', message: 'Only the owner of this Kith disables or enables an admin.' });
    expect(await h.error(admin.id, 'disable_user', { user: admin.email })).toMatchObject({ code: 'forbidden', message: 'You cannot disable yourself.' });
    expect((await h.call(owner.id, 'disable_user', { user: second.email })).user.disabled).toBe(true);
    // a disabled admin manages nothing any more
    expect(await h.error(second.id, 'list_users', {})).toMatchObject({ code: 'forbidden' });
  });

  it('a disabled user\'s sessions end and tokens are refused at once; enabling lets the tokens in again', async () => {
    const { token } = await createToken(database.db, other.id, 'laptop');
    const session = await createSession(database.db, other.id, 'password');
    expect((await verifyScopedToken(database.db, token))?.user.id).toBe(other.id);
    expect((await verifySession(database.db, session.token))?.user.id).toBe(other.id);
    const disabled = await h.call(admin.id, 'disable_user', { user: other.email });
    expect(disabled.user).toMatchObject({ disabled: true, disabled_at: expect.any(String) });
    expect(await verifyScopedToken(database.db, token)).toBeUndefined();
    expect(await verifySession(database.db, session.token)).toBeUndefined();
    const left = rows(await database.db.execute(sql`select count(*)::int as n from auth_sessions where user_id = ${other.id}`));
    expect(left[0].n).toBe(0);
    expect((await h.call(admin.id, 'enable_user', { user: other.email })).user.disabled).toBe(false);
    expect((await verifyScopedToken(database.db, token))?.user.id).toBe(other.id);
    expect(await verifySession(database.db, session.token)).toBeUndefined();
  });

  it('every change an admin makes is in their audit log', async () => {
    const { events } = await h.call(admin.id, 'list_audit_events', { kind: 'admin_action', limit: 50 });
    expect(events.map((e: { tool_name: string }) => e.tool_name)).toEqual(expect.arrayContaining(['create_user', 'set_user_plan', 'disable_user', 'enable_user']));
    expect(events.find((e: { tool_name: string }) => e.tool_name === 'disable_user').detail).toEqual({ user: other.email });
  });

  it('a member calling an admin tool is refused by the tool layer, naming the role', async () => {
    for (const tool of userAdminTools) {
      const error = await h.error(member.id, tool.name, { user: other.email, email: 'x@example.test', plan: 'free', role: 'member' });
      expect(error, tool.name).toMatchObject({ code: 'forbidden', message: `${tool.title} is for the owner and the admins of this Kith; your role is member.` });
    }
  });

  it('a member going around the tools with SQL through the app role is refused by the database', async () => {
    const asMember = <T>(fn: (tx: typeof database.db) => Promise<T>) => withUser(database.db, member.id, fn);
    for (const call of [
      sql`select * from kith_admin_users(null, null, 10)`,
      sql`select kith_admin_find_user(${other.email})`,
      sql`select kith_admin_create_user('sneaky@example.test', null, 'admin', null)`,
      sql`select kith_admin_set_plan(${member.id}::uuid, 'enterprise')`,
      sql`select kith_admin_set_disabled(${other.id}::uuid, true)`,
      sql`select kith_admin_set_role(${member.id}::uuid, 'admin')`,
    ]) {
      await expect(asMember((tx) => tx.execute(call))).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'KP403' }) });
    }
    // the columns that make someone an admin or give a plan are not the app role's to write
    await expect(asMember((tx) => tx.execute(sql`update users set role = 'admin' where id = ${member.id}`))).rejects.toThrow();
    await expect(asMember((tx) => tx.execute(sql`update users set plan = 'enterprise', disabled_at = null where id = ${member.id}`))).rejects.toThrow();
    expect(rows(await asMember((tx) => tx.execute(sql`select id from users`))).map((r) => r.id)).toEqual([member.id]);
    const after = await findUserById(database.db, member.id);
    expect(after).toMatchObject({ role: 'member', plan: 'personal' });
    expect(rows(await database.db.execute(sql`select count(*)::int as n from users where email = 'sneaky@example.test'`))[0].n).toBe(0);
  });
});
