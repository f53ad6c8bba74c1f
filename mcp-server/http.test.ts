import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { MCP_TEST_NOW, approvalIdOf, brokenResult, callEveryTool, makeSeed, textOf, type SeedIds } from '../test-support/mcp-fixtures.js';
import { loadConfig } from '../app/config.js';
import { openKith, type Kith } from '../app/open-kith.js';
import { createToken } from '../accounts/tokens.js';
import { eq, sql } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import { catalog } from '../agent/tools/catalog.js';
import { toolsForRole } from '../agent/tools/shared/role-gates.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { createMcpHttpApp } from './http.js';

let database: TestDatabase;
let kith: Kith;
let server: ServerType;
let url: string;
let port: number;
let tokenA: string;
let tokenB: string;
let idsA: SeedIds;
let idsB: SeedIds;
const clients: Client[] = [];

async function connect(token: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'kith-http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } } }));
  clients.push(client);
  return client;
}

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } });

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: MCP_TEST_NOW, KITH_WEBHOOKS_ALLOW_PRIVATE: '1' }), { database, log: silentLogger });
  const [a, b] = [await createTestUser(database, 'alice'), await createTestUser(database, 'bob')];
  // Bob is the instance's owner here, so that every tool (the admin ones too) runs for him.
  await database.db.execute(sql`update users set role = 'owner' where id = ${b.id}`);
  tokenA = (await createToken(database.db, a.id, 'test')).token;
  tokenB = (await createToken(database.db, b.id, 'test')).token;
  const seedA = makeSeed('Stripe');
  const seedB = makeSeed('Globex');
  idsA = seedA.ids;
  idsB = seedB.ids;
  await kith.call(a.id, 'import_data', { data: seedA.data });
  await kith.call(b.id, 'import_data', { data: seedB.data });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: createMcpHttpApp(kith).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    // As kith serve does: the client compiling the catalog's schemas can pause past Node's 5 s keep-alive.
    (s as unknown as { keepAliveTimeout: number }).keepAliveTimeout = 65_000;
  });
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/mcp`;
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
});

describe('MCP over HTTP: listing', () => {
  it('lists every catalog tool with schemas and annotations', async () => {
    const client = await connect(tokenA);
    const { tools } = await client.listTools();
    // Alice is a member: every tool but the admin ones
    expect(tools.map((t) => t.name).sort()).toEqual(toolsForRole(catalog, 'member').map((t) => t.name).sort());
    expect(tools.map((t) => t.name)).not.toContain('list_users');
    for (const tool of tools) {
      const source = catalog.find((t) => t.name === tool.name)!;
      expect(tool.title).toBe(source.title);
      expect(tool.description).toBe(source.description);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toMatchObject({
        readOnlyHint: source.annotations.readOnlyHint,
        destructiveHint: source.annotations.destructiveHint,
        openWorldHint: false,
      });
      expect(typeof tool.annotations?.idempotentHint).toBe('boolean');
    }
    const del = tools.find((t) => t.name === 'delete_contact')!;
    expect(del.inputSchema.properties).toHaveProperty('confirm');
    expect(del.outputSchema?.properties).toHaveProperty('result');
    expect(tools.find((t) => t.name === 'get_contact')!.inputSchema.required).toEqual(['contact']);
  });

  it('lists resources, the contact template and prompts', async () => {
    const client = await connect(tokenA);
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('kith://follow-ups/today');
    expect(uris).toContain('kith://pipeline');
    expect(uris).toContain(`kith://contacts/${idsA.priyaPatel}`);
    expect(resources.find((r) => r.uri === `kith://contacts/${idsA.priyaPatel}`)?.name).toBe('Priya Patel');
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['kith://contacts/{id}']);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['log_interaction', 'meeting_brief', 'weekly_review']);
    expect(prompts.find((p) => p.name === 'log_interaction')?.arguments?.map((a) => a.name)).toEqual(['contact', 'what_happened']);
  });
});

describe('MCP over HTTP: tools', () => {
  it('calls every tool of the catalog', async () => {
    // Bob's data is the playground here, so Alice's stays as seeded for the other tests.
    const client = await connect(tokenB);
    const results = await callEveryTool(client, idsB);
    expect(results.size).toBe(catalog.length);
    const broken = [...results].map(([name, r]) => brokenResult(name, r)).filter(Boolean);
    expect(broken).toEqual([]);
    const failed = [...results].filter(([, r]) => r.isError).map(([name, r]) => `${name}: ${textOf(r)}`);
    expect(failed).toEqual([]);
    expect(results.get('add_contact')!.structuredContent).toMatchObject({ contact: { first_name: 'Marcus', last_name: 'Chen', company: 'Google' } });
    expect((results.get('find_contacts')!.structuredContent as { contacts: unknown[] }).contacts).toHaveLength(2);
    expect(results.get('delete_contact')!.structuredContent).toMatchObject({ result: { status: 'deleted' } });
    expect(results.get('merge_contacts')!.structuredContent).toMatchObject({ result: { status: 'merged' } });
    expect(textOf(results.get('log_interaction')!)).toMatch(/^Log an interaction/);
    expect(results.get('list_automation_rules')!.structuredContent).toMatchObject({ rules: expect.arrayContaining([expect.objectContaining({ rule: 'follow_up_after_applying', enabled: true, params: { days: 5 } })]) });
    // the ping reached the local receiver; the secret came once, with the webhook, and not with the listing
    expect(results.get('test_webhook')!.structuredContent).toMatchObject({ delivered: true, status_code: 200 });
    const secret = (results.get('create_webhook')!.structuredContent as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(results.get('list_webhooks'))).not.toContain(secret);
    expect(results.get('delete_webhook')!.structuredContent).toMatchObject({ result: { status: 'deleted' } });
  }, 180_000); // every tool of the catalog, one after another; a loaded machine takes minutes

  it('gets a contact with its timeline, as structured content and a text summary', async () => {
    const client = await connect(tokenA);
    const result = (await client.callTool({ name: 'get_contact', arguments: { contact: 'priya@stripe.com' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const content = result.structuredContent as { contact: { id: string; first_name: string }; interactions: Array<{ notes: string }> };
    expect(content.contact).toMatchObject({ id: idsA.priyaPatel, first_name: 'Priya' });
    expect(content.interactions[0].notes).toContain('Kubernetes');
    expect(textOf(result)).toContain('Get a contact: Priya Patel (Stripe)');
    expect(JSON.parse((result.content[1] as { text: string }).text)).toEqual(result.structuredContent);
  });

  it('answers an ambiguous name with the candidates', async () => {
    const client = await connect(tokenA);
    const result = (await client.callTool({ name: 'get_contact', arguments: { contact: 'Priya' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^Error \(ambiguous\)/);
    expect(text).toContain(`Priya Patel (Stripe, priya@stripe.com), id ${idsA.priyaPatel}`);
    expect(text).toContain(`Priya Shah (Figma), id ${idsA.priyaShah}`);
  });

  it('says so for an unknown contact and for invalid input, naming the field', async () => {
    const client = await connect(tokenA);
    const unknown = (await client.callTool({ name: 'get_contact', arguments: { contact: 'Nobody Atall' } })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('Error (not_found): No contact matches "Nobody Atall"');
    const invalid = (await client.callTool({ name: 'add_contact', arguments: { first_name: 'X', email: 'not-an-email' } })) as CallToolResult;
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/email/);
    const missing = (await client.callTool({ name: 'log_interaction', arguments: { contact: idsA.lucas } })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/interaction_type/);
    const nothing = (await client.callTool({ name: 'update_contact', arguments: { contact: idsA.lucas } })) as CallToolResult;
    expect(textOf(nothing)).toMatch(/^Error \(invalid\): Nothing to change/);
  });

  it('changes nothing without confirm: true, and says so', async () => {
    const client = await connect(tokenA);
    const result = (await client.callTool({ name: 'delete_contact', arguments: { contact: idsA.lucas } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ result: { status: 'confirmation_required', action: 'delete_contact' } });
    expect(textOf(result)).toMatch(/^CONFIRMATION REQUIRED: nothing was changed\. Delete Lucas Moreau and 1 interaction\?/);
    expect(textOf(result)).toContain('"confirm": true');
    const still = (await client.callTool({ name: 'get_contact', arguments: { contact: idsA.lucas } })) as CallToolResult;
    expect(still.isError).toBeFalsy();
  });

  it('acts only with the approval the server issued for exactly that call', async () => {
    const client = await connect(tokenA);
    const added = (await client.callTool({ name: 'add_contact', arguments: { first_name: 'Tess', last_name: 'Doomed' } })) as CallToolResult;
    const tess = (added.structuredContent as { contact: { id: string } }).contact.id;
    const call = async (args: Record<string, unknown>) => (await client.callTool({ name: 'delete_contact', arguments: args })) as CallToolResult;
    const exists = async () => !((await client.callTool({ name: 'get_contact', arguments: { contact: tess } })) as CallToolResult).isError;
    // An assistant that decides the user agreed, without asking: asked again, nothing deleted.
    const unasked = await call({ contact: tess, confirm: true });
    expect(unasked.structuredContent).toMatchObject({ result: { status: 'confirmation_required' } });
    expect(await exists()).toBe(true);
    const id = approvalIdOf(unasked)!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(textOf(unasked)).toContain(id);
    // The id of one call approves no other: another contact, another tool, a made-up id, another user.
    expect(approvalIdOf(await call({ contact: idsA.priyaShah, confirm: true, approval_id: id }))).toBeDefined();
    expect(((await client.callTool({ name: 'delete_opportunity', arguments: { opportunity: idsA.opportunity, confirm: true, approval_id: id } })) as CallToolResult).structuredContent)
      .toMatchObject({ result: { status: 'confirmation_required' } });
    expect(approvalIdOf(await call({ contact: tess, confirm: true, approval_id: '00000000-0000-4000-8000-000000000000' }))).toBeDefined();
    expect(await exists()).toBe(true);
    const done = await call({ contact: tess, confirm: true, approval_id: id });
    expect(done.structuredContent).toMatchObject({ result: { status: 'deleted' } });
    expect(await exists()).toBe(false);
  });
});

describe('MCP over HTTP: resources and prompts', () => {
  it('reads a contact profile, today\'s follow-ups and the pipeline', async () => {
    const client = await connect(tokenA);
    const profile = await client.readResource({ uri: `kith://contacts/${idsA.priyaPatel}` });
    const body = JSON.parse((profile.contents[0] as { text: string }).text);
    expect(profile.contents[0].mimeType).toBe('application/json');
    expect(body.contact.last_name).toBe('Patel');
    expect(body.open_opportunities[0].job_title).toBe('Platform Engineer');

    const today = await client.readResource({ uri: 'kith://follow-ups/today' });
    const followUps = JSON.parse((today.contents[0] as { text: string }).text);
    expect(followUps.today).toBe('2026-11-25');
    expect(followUps.follow_ups.map((f: { name: string }) => f.name).sort()).toEqual(['Lucas Moreau', 'Priya Patel']);

    const pipeline = await client.readResource({ uri: 'kith://pipeline' });
    expect((pipeline.contents[0] as { text: string }).text).toContain('Platform Engineer');
  });

  it('refuses a contact that is not there, and completes contact ids from names', async () => {
    const client = await connect(tokenA);
    await expect(client.readResource({ uri: 'kith://contacts/00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/No contact matches/);
    const completion = await client.complete({ ref: { type: 'ref/resource', uri: 'kith://contacts/{id}' }, argument: { name: 'id', value: 'pri' } });
    expect(completion.completion.values.sort()).toEqual([idsA.priyaPatel, idsA.priyaShah].sort());
    const promptCompletion = await client.complete({ ref: { type: 'ref/prompt', name: 'meeting_brief' }, argument: { name: 'contact', value: 'luc' } });
    expect(promptCompletion.completion.values).toEqual(['Lucas Moreau']);
  });

  it('builds the prompts from the data', async () => {
    const client = await connect(tokenA);
    const brief = await client.getPrompt({ name: 'meeting_brief', arguments: { contact: 'Priya Patel' } });
    expect(brief.messages[0].content).toMatchObject({ type: 'text' });
    expect(brief.messages[1].content).toMatchObject({ type: 'resource', resource: { uri: `kith://contacts/${idsA.priyaPatel}` } });
    const log = await client.getPrompt({ name: 'log_interaction', arguments: { contact: 'Priya', what_happened: 'coffee, follow up Friday' } });
    const text = (log.messages[0].content as { text: string }).text;
    expect(text).toContain('coffee, follow up Friday');
    expect(text).toContain('matches several contacts');
    const review = await client.getPrompt({ name: 'weekly_review' });
    expect(review.messages.length).toBeGreaterThan(1);
    await expect(client.getPrompt({ name: 'meeting_brief', arguments: { contact: 'Nobody Atall' } })).rejects.toThrow(/No contact matches/);
  });
});

describe('MCP over HTTP: security', () => {
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

  it('answers 401 with WWW-Authenticate without a token or with a wrong one', async () => {
    const none = await post(initialize);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="kith"/);
    const wrong = await post(initialize, { Authorization: 'Bearer kith_not-a-real-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const garbage = await post(initialize, { Authorization: 'Basic dXNlcjpwYXNz' });
    expect(garbage.status).toBe(401);
    await expect(connect('kith_wrong')).rejects.toThrow();
  });

  it('refuses the token of a deleted user at once', async () => {
    const gone = await createTestUser(database, 'gone');
    const { token } = await createToken(database.db, gone.id, 'test');
    expect((await post(initialize, { Authorization: `Bearer ${token}` })).status).toBe(200);
    await database.db.delete(users).where(eq(users.id, gone.id));
    expect((await post(initialize, { Authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('answers 403 for a foreign Origin or Host, even with a good token', async () => {
    const foreign = await post(initialize, { Authorization: `Bearer ${tokenA}`, Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const samePortOtherHost = await post(initialize, { Authorization: `Bearer ${tokenA}`, Origin: `http://evil.example:${port}` });
    expect(samePortOtherHost.status).toBe(403);
    const local = await post(initialize, { Authorization: `Bearer ${tokenA}`, Origin: `http://localhost:${port}` });
    expect(local.status).toBe(200);
    // A DNS-rebinding attack arrives with the attacker's host name in Host.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { Host: `attacker.example:${port}`, Authorization: `Bearer ${tokenA}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' } }, (res) => { res.resume(); resolve(res.statusCode!); });
      req.on('error', reject);
      req.end(initialize);
    });
    expect(status).toBe(403);
  });

  it('shows each token only its own user\'s data', async () => {
    const alice = await connect(tokenA);
    const bob = await connect(tokenB);
    const aliceFind = (await alice.callTool({ name: 'find_contacts', arguments: { query: 'priya' } })) as CallToolResult;
    const bobFind = (await bob.callTool({ name: 'find_contacts', arguments: { query: 'priya' } })) as CallToolResult;
    const companies = (r: CallToolResult) => (r.structuredContent as { contacts: Array<{ company: string }> }).contacts.map((c) => c.company);
    expect(companies(aliceFind)).toContain('Stripe');
    expect(companies(aliceFind)).not.toContain('Globex');
    expect(companies(bobFind)).not.toContain('Stripe');
    const cross = (await bob.callTool({ name: 'get_contact', arguments: { contact: idsA.priyaPatel } })) as CallToolResult;
    expect(cross.isError).toBe(true);
    expect(textOf(cross)).toMatch(/not_found/);
    await expect(bob.readResource({ uri: `kith://contacts/${idsA.priyaPatel}` })).rejects.toThrow(/No contact matches/);
    const bobResources = await bob.listResources();
    expect(bobResources.resources.map((r) => r.uri)).not.toContain(`kith://contacts/${idsA.priyaPatel}`);
    const del = (await bob.callTool({ name: 'delete_contact', arguments: { contact: idsA.priyaShah, confirm: true } })) as CallToolResult;
    expect(del.isError).toBe(true);
    const stillThere = (await alice.callTool({ name: 'get_contact', arguments: { contact: idsA.priyaShah } })) as CallToolResult;
    expect(stillThere.isError).toBeFalsy();
  });

  it('answers malformed requests with JSON-RPC errors and keeps serving', async () => {
    const auth = { Authorization: `Bearer ${tokenA}` };
    const bad = await post('{"jsonrpc": "2.0", "id": 1, "method": ', auth);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe(-32700);
    const notRpc = await post('{"hello": "world"}', auth);
    expect(notRpc.status).toBe(400);
    expect((await notRpc.json()).error.code).toBe(-32700);
    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'no/such_method', params: {} }), auth);
    const unknownBody = await unknown.json();
    expect(unknownBody).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32601 } });
    const get = await fetch(url, { headers: auth });
    expect(get.status).toBe(405);
    const client = await connect(tokenA);
    expect((await client.listTools()).tools.length).toBe(toolsForRole(catalog, 'member').length);
  });

  it('serves requests in parallel, each answered for its own token', async () => {
    const alice = await connect(tokenA);
    const bob = await connect(tokenB);
    const reads = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? bob : alice).readResource({ uri: `kith://contacts/${i % 2 ? idsB.priyaPatel : idsA.priyaPatel}` })));
    reads.forEach((r: ReadResourceResult, i) => expect((r.contents[0] as { text: string }).text).toContain(i % 2 ? 'Globex' : 'Stripe'));
  });
});
