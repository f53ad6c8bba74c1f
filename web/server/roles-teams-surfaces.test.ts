import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, STORAGES, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { addUser, type User } from '../../accounts/users.js';
import { setPlan } from '../../accounts/plans.js';
import { createRateLimits } from '../../accounts/rate-limit.js';
import { createWebApp } from './create-app.js';

/**
 * Roles and team workspaces through REST and MCP (the same app kith serve runs): a member never
 * reads an admin's or another member's private rows, a team member reads what is shared and
 * nothing private, members cannot reach the admin tools, and a disabled user is refused at once.
 */
const ENV = { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' } as NodeJS.ProcessEnv;
const HOST = '127.0.0.1:3000';
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(STORAGES)('roles and teams on REST and MCP (%s)', (storage) => {
  let database: TestDatabase;
  let kith: Kith;
  let app: ReturnType<typeof createWebApp>;
  let admin: User; let member: User; let nina: User; let olivia: User;
  const token: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const rest = (who: string) => async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; res: Response }> => {
    const res = await app.request(path, {
      method,
      headers: { host: HOST, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token[who] ? { authorization: `Bearer ${token[who]}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Json = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, res };
  };
  let rpcId = 0;
  const mcp = async (who: string, method: string, params: Record<string, unknown> = {}): Promise<{ status: number; body: Json }> => {
    const res = await app.request('/mcp', {
      method: 'POST',
      headers: { host: HOST, 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token[who]}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const mcpCall = async (who: string, name: string, args: Record<string, unknown> = {}) => (await mcp(who, 'tools/call', { name, arguments: args })).body.result;

  const call = (u: User, name: string, input: Record<string, unknown>): Promise<Json> => kith.call(u.id, name, input);

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    kith = await openKith(loadConfig({}, ENV), { database });
    const stamp = Date.now().toString(36);
    admin = await addUser(database.db, `admin-${stamp}@example.test`, { displayName: 'Ada Admin' });
    member = await addUser(database.db, `member-${stamp}@example.test`, { displayName: 'Mark Member' });
    nina = await addUser(database.db, `nina-${stamp}@example.test`, { displayName: 'Nina Neighbour' });
    olivia = await addUser(database.db, `olivia-${stamp}@example.test`, { displayName: 'Olivia Owner' });
    await database.db.execute(sql`update users set role = 'admin' where id = ${admin.id}`);
    await setPlan(database.db, olivia.id, 'enterprise');
    await setPlan(database.db, member.id, 'free');
    for (const [who, u] of Object.entries({ admin, member, nina, olivia })) token[who] = (await createToken(database.db, u.id, 'test')).token;
    ids.adminSecret = (await call(admin, 'add_contact', { first_name: 'Adminsecret', last_name: 'Person', notes: 'admin only' })).contact.id;
    ids.ninaSecret = (await call(nina, 'add_contact', { first_name: 'Ninasecret', last_name: 'Person', notes: 'nina only' })).contact.id;
    ids.ninaJob = (await call(nina, 'add_opportunity', { company_name: 'Ninacorp' })).opportunity.id;
    ids.memberOwn = (await call(member, 'add_contact', { first_name: 'Mina', last_name: 'Kwon' })).contact.id;
    ids.priya = (await call(olivia, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com' })).contact.id;
    ids.lucas = (await call(olivia, 'add_contact', { first_name: 'Lucas', last_name: 'Silva', notes: 'olivia only' })).contact.id;
    ids.stripe = (await call(olivia, 'add_opportunity', { company_name: 'Stripe', job_title: 'SRE' })).opportunity.id;
    app = createWebApp({ kith, localOwner: false, serveClient: false, slack: false, rateLimits: createRateLimits({ address: { limit: 1e9, windowMs: 60_000 }, token: { limit: 1e9, windowMs: 60_000 } }) });
  });
  afterAll(async () => { await kith?.close(); });

  it('a member never reads an admin\'s or another member\'s private rows, on REST or MCP', async () => {
    const m = rest('member');
    const listed = (await m('GET', '/api/contacts')).body.contacts.map((c: { id: string }) => c.id);
    expect(listed).toEqual([ids.memberOwn]);
    for (const id of [ids.adminSecret, ids.ninaSecret, ids.priya]) expect((await m('GET', `/api/contacts/${id}`)).status).toBe(404);
    expect((await m('GET', '/api/contacts?q=secret')).body.contacts).toEqual([]);
    expect((await m('GET', '/api/opportunities')).body.opportunities).toEqual([]);
    expect((await m('GET', `/api/opportunities/${ids.ninaJob}`)).status).toBe(404);
    expect((await m('GET', '/api/export')).body.contacts.map((c: { id: string }) => c.id)).toEqual([ids.memberOwn]);
    expect((await m('GET', '/api/search?q=only')).body.results).toEqual([]);
    const found = await mcpCall('member', 'find_contacts', {});
    expect(found.structuredContent.contacts.map((c: { id: string }) => c.id)).toEqual([ids.memberOwn]);
    for (const id of [ids.adminSecret, ids.ninaSecret]) expect(await mcpCall('member', 'get_contact', { contact: id })).toMatchObject({ isError: true });
    expect((await mcpCall('member', 'list_opportunities', {})).structuredContent.opportunities).toEqual([]);
  });

  it('a team member reads the shared records and none of the private ones, on REST and MCP; only the owner edits them', async () => {
    const o = rest('olivia');
    const team = await o('POST', '/api/teams', { name: 'Recruiting' });
    expect(team.status).toBe(201);
    expect((await o('POST', `/api/teams/${team.body.team.id}/members`, { email: member.email })).status).toBe(200);
    expect((await o('POST', `/api/contacts/${ids.priya}/share`, { team: 'Recruiting' })).body.shared).toMatchObject({ team_name: 'Recruiting', yours: true });
    expect((await o('POST', `/api/opportunities/${ids.stripe}/share`, { team: 'Recruiting' })).status).toBe(200);

    const m = rest('member');
    const contacts = (await m('GET', '/api/contacts')).body.contacts;
    expect(contacts.map((c: { id: string }) => c.id).sort()).toEqual([ids.memberOwn, ids.priya].sort());
    expect(contacts.find((c: { id: string }) => c.id === ids.priya).shared).toMatchObject({ owner_name: 'Olivia Owner', team_name: 'Recruiting', yours: false });
    expect((await m('GET', `/api/contacts/${ids.priya}`)).body.contact.shared.owner_name).toBe('Olivia Owner');
    expect((await m('GET', `/api/contacts/${ids.lucas}`)).status).toBe(404);
    expect((await m('GET', '/api/opportunities')).body.opportunities.map((x: { id: string }) => x.id)).toEqual([ids.stripe]);
    const viaMcp = await mcpCall('member', 'find_contacts', {});
    expect(viaMcp.structuredContent.contacts.map((c: { id: string }) => c.id).sort()).toEqual([ids.memberOwn, ids.priya].sort());
    expect(await mcpCall('member', 'get_contact', { contact: ids.lucas })).toMatchObject({ isError: true });

    const edit = await m('PATCH', `/api/contacts/${ids.priya}`, { notes: 'mine' });
    expect(edit.status).toBe(403);
    expect(edit.body.error.message).toContain("Olivia Owner's contact");
    expect((await mcpCall('member', 'update_contact', { contact: ids.priya, notes: 'mine' })).isError).toBe(true);
    expect((await m('POST', '/api/interactions', { contact: ids.priya, interaction_type: 'call', notes: 'Mark called' })).status).toBe(201);
    const timeline = (await o('GET', `/api/contacts/${ids.priya}`)).body.interactions;
    expect(timeline.map((i: { notes: string; logged_by?: string }) => [i.notes, i.logged_by])).toEqual([['Mark called', 'Mark Member']]);

    // Nina is in no team: nothing of Olivia's, anywhere
    expect((await rest('nina')('GET', '/api/contacts')).body.contacts.map((c: { id: string }) => c.id)).toEqual([ids.ninaSecret]);
    expect((await rest('nina')('GET', `/api/contacts/${ids.priya}`)).status).toBe(404);
    // made private again, the member reads it no more
    expect((await o('DELETE', `/api/contacts/${ids.priya}/share`)).body.shared).toBeNull();
    expect((await m('GET', `/api/contacts/${ids.priya}`)).status).toBe(404);
  });

  it('a user below Enterprise is told the plan when creating a team', async () => {
    const refused = await rest('member')('POST', '/api/teams', { name: 'Mine' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('A team workspace is not part of the Free plan: it comes with Enterprise.');
  });

  it('members cannot reach the admin tools on REST or MCP; admins list users with plans and counts', async () => {
    const m = rest('member');
    const denied = await m('GET', '/api/admin/users');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('List users is for the owner and the admins of this Kith; your role is member.');
    expect((await m('POST', `/api/admin/users/${member.email}/role`, { role: 'admin' })).status).toBe(403);
    expect((await m('POST', '/api/tools/set_user_plan', { user: member.email, plan: 'enterprise' })).status).toBe(403);
    const tools = (await mcp('member', 'tools/list')).body.result.tools.map((t: { name: string }) => t.name);
    expect(tools).toContain('find_contacts');
    expect(tools).not.toContain('list_users');
    expect((await mcpCall('member', 'list_users', {})).isError).toBe(true);
    expect((await mcp('admin', 'tools/list')).body.result.tools.map((t: { name: string }) => t.name)).toContain('list_users');

    const a = rest('admin');
    const users = (await a('GET', '/api/admin/users')).body.users;
    expect(users.find((u: { email: string }) => u.email === nina.email)).toMatchObject({ role: 'member', contacts: 1, opportunities: 1, disabled: false });
    expect((await a('POST', '/api/admin/users', { email: `new-${Date.now()}@example.test`, plan: 'personal' })).body.user).toMatchObject({ role: 'member', plan: 'personal' });
    expect((await a('POST', `/api/admin/users/${nina.email}/plan`, { plan: 'professional' })).body.user.plan).toBe('professional');
    expect((await a('POST', `/api/admin/users/${nina.email}/role`, { role: 'admin' })).body.error.message).toBe('Only the owner of this Kith changes roles.');
  });

  it('a disabled user\'s token and session are refused at once on REST and MCP, and work again once enabled', async () => {
    const signedIn = await app.request('/api/session', { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify({ token: token.nina }) });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
    const n = rest('nina');
    expect((await n('GET', '/api/me')).status).toBe(200);
    expect((await rest('admin')('POST', `/api/admin/users/${nina.email}/disable`, {})).body.user.disabled).toBe(true);
    expect((await n('GET', '/api/contacts')).status).toBe(401);
    expect((await mcp('nina', 'tools/list')).status).toBe(401);
    const bySession = await app.request('/api/me', { headers: { host: HOST, cookie } });
    expect(bySession.status).toBe(401);
    const again = await app.request('/api/session', { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify({ token: token.nina }) });
    expect(again.status).toBe(401);
    expect((await rest('admin')('POST', `/api/admin/users/${nina.email}/enable`, {})).body.user.disabled).toBe(false);
    expect((await n('GET', '/api/contacts')).status).toBe(200);
    expect((await mcp('nina', 'tools/list')).status).toBe(200);
  });
});
