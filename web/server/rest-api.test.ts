import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { catalog } from '../../agent/tools/catalog.js';
import { createWebApp } from './create-app.js';
import { ROUTES } from './routes.js';

const ENV = { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T10:00:00Z' } as NodeJS.ProcessEnv;
const HOST = '127.0.0.1:3000';

let database: TestDatabase;
let kith: Kith;
let local: ReturnType<typeof createWebApp>;
let remote: ReturnType<typeof createWebApp>;
let aliceToken: string;
let bobToken: string;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function client(app: ReturnType<typeof createWebApp>, token?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; res: Response }> => {
    const res = await app.request(path, {
      method,
      headers: { host: HOST, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Json = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, res };
  };
}

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, ENV), { database });
  const alice = await createTestUser(database, 'alice');
  const bob = await createTestUser(database, 'bob');
  aliceToken = (await createToken(database.db, alice.id)).token;
  bobToken = (await createToken(database.db, bob.id)).token;
  local = createWebApp({ kith, localOwner: true, serveClient: false });
  remote = createWebApp({ kith, localOwner: false, serveClient: false });
});

afterAll(async () => {
  await kith?.close();
});

describe('REST API over the catalog', () => {
  it('runs every resource route through its tool', async () => {
    const call = client(remote, aliceToken);
    const priya = await call('POST', '/api/contacts', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com', tags: ['python'] });
    expect(priya.status).toBe(201);
    const priyaId = priya.body.contact.id;
    const omar = await call('POST', '/api/contacts', { first_name: 'Omar', last_name: 'Haddad', company: 'Acme' });
    const omarDup = await call('POST', '/api/contacts', { first_name: 'Omar', last_name: 'Haddad', email: 'omar@acme.io' });
    expect(omarDup.body.possible_duplicates).toHaveLength(1);

    const list = await call('GET', '/api/contacts?q=pri&limit=5');
    expect(list.status).toBe(200);
    expect(list.body.contacts.map((c: Json) => c.first_name)).toEqual(['Priya']);
    expect((await call('GET', '/api/contacts?tag=python')).body.contacts).toHaveLength(1);
    const page1 = await call('GET', '/api/contacts?limit=1');
    expect(page1.body.next_cursor).toBeTruthy();
    const page2 = await call('GET', `/api/contacts?limit=1&cursor=${encodeURIComponent(page1.body.next_cursor)}`);
    expect(page2.body.contacts[0].id).not.toBe(page1.body.contacts[0].id);

    expect((await call('GET', `/api/contacts/${priyaId}`)).body.contact.email).toBe('priya@stripe.com');
    expect((await call('PATCH', `/api/contacts/${priyaId}`, { job_title: 'Staff Engineer' })).body.changed).toEqual(['job_title']);

    const logged = await call('POST', '/api/interactions', { contact: 'Priya', interaction_type: 'coffee_chat', follow_up_date: '2026-03-06' });
    expect(logged.status).toBe(201);
    expect(logged.body.contact.next_follow_up_date).toBe('2026-03-06');
    const interactionId = logged.body.interaction.id;
    expect((await call('GET', `/api/interactions?contact=${priyaId}`)).body.interactions).toHaveLength(1);
    expect((await call('PATCH', `/api/interactions/${interactionId}`, { subject: 'Platform team' })).body.interaction.subject).toBe('Platform team');

    const opp = await call('POST', '/api/opportunities', { company_name: 'Stripe', job_title: 'Platform Engineer', contact: priyaId });
    expect(opp.status).toBe(201);
    const oppId = opp.body.opportunity.id;
    const moved = await call('PATCH', `/api/opportunities/${oppId}`, { status: 'interview' });
    expect(moved.body).toMatchObject({ previous_status: 'interested', opportunity: { status: 'interview' } });
    expect((await call('GET', '/api/opportunities?status=interview,offer')).body.opportunities).toHaveLength(1);
    expect((await call('GET', '/api/opportunities?active_only=true')).body.opportunities).toHaveLength(1);
    expect((await call('GET', '/api/pipeline')).body.stages.find((s: Json) => s.status === 'interview').count).toBe(1);

    expect((await call('POST', '/api/follow-ups', { contact: omar.body.contact.id, date: '2026-03-04' })).status).toBe(200);
    const due = await call('GET', '/api/follow-ups?window=due');
    expect(due.body.follow_ups.map((f: Json) => f.name)).toEqual(['Omar Haddad']);
    // a snooze counts from the follow-up's own date (the 6th) when it is still ahead
    expect((await call('POST', `/api/follow-ups/${priyaId}/snooze`, { days: 3 })).body.contact.next_follow_up_date).toBe('2026-03-09');
    expect((await call('POST', `/api/follow-ups/${omar.body.contact.id}/complete`, {})).status).toBe(200);

    const dash = await call('GET', '/api/dashboard');
    expect(dash.body.stats.contacts).toBe(3);
    expect(dash.body.interactions_per_week).toHaveLength(8);
    expect((await call('GET', '/api/activities?limit=3')).body.activities).toHaveLength(3);

    const search = await call('GET', '/api/search?q=platform');
    expect(search.status).toBe(200);
    expect(search.body.results.length).toBeGreaterThan(0);

    const tagged = await call('POST', '/api/contacts/tags', { contacts: [priyaId], tags: ['mentor'] });
    expect(tagged.body.status).toBe('done');
    const untag = await call('DELETE', '/api/contacts/tags', { contacts: [priyaId], tags: ['mentor'] });
    expect(untag.body.contacts[0].tags).toEqual(['python']);

    // Merging is destructive: 409 with the summary first, then confirm.
    const merge = await call('POST', '/api/contacts/merge', { keep: omar.body.contact.id, duplicate: omarDup.body.contact.id });
    expect(merge.status).toBe(409);
    expect(merge.body.error).toMatchObject({ code: 'confirmation_required' });
    expect(merge.body.error.summary).toMatch(/Merge Omar Haddad into Omar Haddad/);
    // confirm=true alone is asked again: only the approval_id of the 409 for this same call goes ahead.
    const unasked = await call('POST', '/api/contacts/merge', { keep: omar.body.contact.id, duplicate: omarDup.body.contact.id, confirm: true });
    expect(unasked.status).toBe(409);
    expect(unasked.body.error.approval_id).toEqual(expect.any(String));
    expect((await call('POST', '/api/contacts/merge', { keep: omarDup.body.contact.id, duplicate: omar.body.contact.id, confirm: true, approval_id: merge.body.error.approval_id })).status).toBe(409);
    expect((await call('POST', '/api/contacts/merge', { keep: omar.body.contact.id, duplicate: omarDup.body.contact.id, confirm: true, approval_id: merge.body.error.approval_id })).body.status).toBe('merged');

    // DELETE needs ?confirm=true with the approval_id of its 409 (or both in the body).
    const del = await call('DELETE', `/api/interactions/${interactionId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.summary).toMatch(/Delete the coffee chat with Priya Patel/);
    expect(del.body.error.message).toContain(`approval_id=${del.body.error.approval_id}`);
    expect((await call('DELETE', `/api/interactions/${interactionId}?confirm=true`)).status).toBe(409);
    expect((await call('DELETE', `/api/interactions/${interactionId}?confirm=true&approval_id=${del.body.error.approval_id}`)).body.status).toBe('deleted');
    const delOpp = await call('DELETE', `/api/opportunities/${oppId}`);
    expect((await call('DELETE', `/api/opportunities/${oppId}`, { confirm: true, approval_id: delOpp.body.error.approval_id })).body.status).toBe('deleted');
    const delOmar = await call('DELETE', `/api/contacts/${omar.body.contact.id}`);
    expect(delOmar.status).toBe(409);
    expect((await call('DELETE', `/api/contacts/${omar.body.contact.id}?confirm=true&approval_id=${delOmar.body.error.approval_id}`)).body.status).toBe('deleted');

    const exported = await call('GET', '/api/export');
    expect(exported.body.contacts).toHaveLength(1);
    const csv = await call('GET', '/api/export?format=csv');
    expect(csv.res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^id,first_name,last_name,email/);
    expect(csv.body).toContain('Priya,Patel,priya@stripe.com');
    const vcard = await call('GET', '/api/export?format=vcard');
    expect(vcard.res.headers.get('content-type')).toMatch(/text\/vcard/);
    expect(vcard.body).toContain('EMAIL;TYPE=internet:priya@stripe.com');

    const lucas = { contacts: [{ id: randomUUID(), first_name: 'Lucas', last_name: 'Martin', email: 'lucas@example.com' }] };
    const imported = await call('POST', '/api/import', lucas);
    expect(imported.body.imported.contacts).toBe(1);
    const again = lucas;
    const overwrite = await call('POST', '/api/import', again);
    expect(overwrite.status).toBe(409);
    expect(overwrite.body.error).toMatchObject({ code: 'confirmation_required', preview: { overwrite: { contacts: 1 } } });
    expect((await call('POST', '/api/import?confirm=true', again)).status).toBe(409);
    expect((await call('POST', `/api/import?confirm=true&approval_id=${overwrite.body.error.approval_id}`, again)).body.imported.contacts).toBe(1);

    const generic = await call('POST', '/api/tools/get_contact', { contact: 'Lucas' });
    expect(generic.body.contact.email).toBe('lucas@example.com');
    expect((await call('GET', '/api/tools')).body.tools.length).toBe(catalog.length);
  });

  it('answers bad input with 400 naming the field, and other errors with their status', async () => {
    const call = client(remote, aliceToken);
    const missing = await call('POST', '/api/contacts', { last_name: 'Nobody' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'invalid', field: 'first_name' });
    expect((await call('POST', '/api/contacts', { first_name: 'X', email: 'not-an-email' })).body.error.field).toBe('email');
    expect((await call('GET', '/api/contacts?limit=0')).body.error.field).toBe('limit');
    expect((await call('GET', '/api/contacts?relationship_type=boss')).body.error.field).toBe('relationship_type');
    expect((await call('POST', '/api/interactions', { contact: 'Priya', interaction_type: 'telepathy' })).body.error.field).toBe('interaction_type');
    expect((await call('PATCH', '/api/opportunities/Stripe', { status: 'hired' })).body.error.field).toBe('status');
    expect((await call('POST', '/api/follow-ups', { contact: 'Priya', date: 'Friday' })).body.error.field).toBe('date');
    const badJson = await call('POST', '/api/contacts', '{"first_name":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.field).toBe('(body)');
    expect((await call('GET', '/api/export?format=xml')).body.error.field).toBe('format');
    expect((await call('GET', '/api/contacts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('POST', '/api/tools/no_such_tool', {})).status).toBe(404);
    expect((await call('GET', '/api/nothing-here')).status).toBe(404);

    await call('POST', '/api/contacts', { first_name: 'Priya', last_name: 'Sharma' });
    const ambiguous = await call('POST', '/api/interactions', { contact: 'Priya', interaction_type: 'call' });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error.code).toBe('ambiguous');
    expect(ambiguous.body.error.candidates.map((c: Json) => c.name).sort()).toEqual(['Priya Patel', 'Priya Sharma']);
  });

  it('keeps two tokens from ever seeing each other\'s data', async () => {
    const alice = client(remote, aliceToken);
    const bob = client(remote, bobToken);
    const secret = await alice('POST', '/api/contacts', { first_name: 'Secret', last_name: 'Source', notes: 'alice only' });
    const id = secret.body.contact.id;
    expect((await bob('GET', `/api/contacts/${id}`)).status).toBe(404);
    expect((await bob('GET', '/api/contacts?q=secret')).body.contacts).toEqual([]);
    expect((await bob('PATCH', `/api/contacts/${id}`, { notes: 'bob was here' })).status).toBe(404);
    expect((await bob('DELETE', `/api/contacts/${id}?confirm=true`)).status).toBe(404);
    expect((await bob('GET', '/api/export')).body.contacts).toEqual([]);
    expect((await bob('GET', '/api/dashboard')).body.stats.contacts).toBe(0);
    expect((await bob('GET', '/api/search?q=alice')).body.results).toEqual([]);
    expect((await alice('GET', `/api/contacts/${id}`)).body.contact.notes).toBe('alice only');
    // The same holds on the loopback app: a token wins over the local owner.
    expect((await client(local, bobToken)('GET', '/api/contacts?q=secret')).body.contacts).toEqual([]);
    expect((await client(local)('GET', '/api/contacts?q=secret')).body.contacts).toEqual([]);
  });
});

describe('authentication', () => {
  it('requires a token or a session when not bound to loopback', async () => {
    const anon = client(remote);
    for (const route of ROUTES) {
      const path = `/api${route.path.replace(/:\w+/g, 'x')}`;
      expect((await anon(route.method.toUpperCase(), path, route.method === 'get' ? undefined : {})).status, `${route.method} ${path}`).toBe(401);
    }
    expect((await anon('POST', '/api/chat', { messages: [] })).status).toBe(401);
    expect((await anon('GET', '/api/me')).status).toBe(401);
    expect((await client(remote, 'kith_not-a-token')('GET', '/api/me')).status).toBe(401);

    const signIn = await anon('POST', '/api/session', { token: aliceToken });
    expect(signIn.status).toBe(200);
    const cookie = signIn.res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await anon('GET', '/api/me', undefined, { cookie: cookie.split(';')[0] });
    expect(me.body.user.email).toMatch(/^alice-/);
    expect((await anon('POST', '/api/session', { token: 'kith_wrong' })).status).toBe(401);
  });

  it('acts as the local owner on loopback, but refuses other Hosts and cross-site requests', async () => {
    const anon = client(local);
    const me = await anon('GET', '/api/me');
    expect(me.body.user.id).toBe(kith.owner.id);
    expect(me.body.local_owner).toBe(true);
    expect((await anon('GET', '/api/me', undefined, { host: 'evil.example:3000' })).status).toBe(403);
    const noHost = await local.request('/api/me');
    expect(noHost.status).toBe(403);
    expect((await anon('POST', '/api/contacts', { first_name: 'X' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await anon('POST', '/api/contacts', { first_name: 'Y' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await anon('POST', '/api/contacts', { first_name: 'Z' }, { origin: `http://${HOST}` })).status).toBe(201);
  });
});

describe('chat', () => {
  it('streams the agent as a UI message stream, stores the chat, and shows it only to its owner', async () => {
    const alice = client(remote, aliceToken);
    await alice('POST', '/api/contacts', { first_name: 'Dana', last_name: 'Whitfield' });
    const id = crypto.randomUUID();
    const stream = await alice('POST', '/api/chat', { id, messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'log coffee with Dana, follow up Friday' }] }] });
    expect(stream.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(stream.body).toContain('"type":"tool-output-available"');
    expect(stream.body).toContain('"follow_up_date":"2026-03-06"');
    await expect.poll(async () => (await alice('GET', `/api/chat/${id}`)).body.messages?.length).toBe(2);
    const saved = (await alice('GET', `/api/chat/${id}`)).body.messages;
    expect(saved[1].parts.some((p: Json) => p.type === 'tool-log_interaction' && p.state === 'output-available')).toBe(true);
    expect((await alice('GET', '/api/chats')).body.chats.map((c: Json) => c.id)).toContain(id);
    const bob = client(remote, bobToken);
    expect((await bob('GET', `/api/chat/${id}`)).status).toBe(404);
    expect((await bob('GET', '/api/chats')).body.chats).toEqual([]);
    expect((await alice('POST', '/api/chat', { id, messages: [] })).body.error.field).toBe('messages');
  });

  it('stops a destructive call at a confirmation that says what would change', async () => {
    const alice = client(remote, aliceToken);
    await alice('POST', '/api/contacts', { first_name: 'Tom', last_name: 'Baker' });
    const stream = await alice('POST', '/api/chat', { id: crypto.randomUUID(), messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'delete Tom Baker' }] }] });
    // a preview with the approval id the server stored (web/server/chat.test.ts answers it)
    expect(stream.body).toMatch(/"type":"tool-output-available".*"status":"confirmation_required".*Delete Tom Baker and 0 interactions\?.*"approval_id":"[0-9a-f-]{36}"/);
    expect((await alice('GET', '/api/contacts?q=tom')).body.contacts).toHaveLength(1);
  });
});

describe('OpenAPI', () => {
  it('describes every route and tool from the zod schemas', async () => {
    const { body: doc } = await client(local)('GET', '/api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/contacts'].get.parameters.map((p: Json) => p.name)).toContain('q');
    expect(doc.paths['/api/contacts'].post.requestBody.content['application/json'].schema.required).toContain('first_name');
    expect(doc.paths['/api/contacts/{id}'].patch.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(doc.paths['/api/contacts/{id}'].patch.requestBody.content['application/json'].schema.properties.contact).toBeUndefined();
    expect(doc.paths['/api/interactions'].post.responses['201'].content['application/json'].schema.properties.interaction).toBeTruthy();
    for (const t of catalog) expect(doc.paths[`/api/tools/${t.name}`]?.post, t.name).toBeTruthy();
  });
});
