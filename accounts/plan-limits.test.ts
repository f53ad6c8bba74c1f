import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { loadConfig } from '../app/config.js';
import { openKith, type Kith } from '../app/open-kith.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { catalog } from '../agent/tools/catalog.js';
import { gatedToolNames } from '../agent/tools/shared/plan-gates.js';
import { createMcpHttpApp } from '../mcp-server/http.js';
import { createWebApp } from '../web/server/create-app.js';
import { withUser } from '../db/with-user.js';
import { createToken } from './tokens.js';
import { planStatus, setPlan } from './plans.js';
import type { User } from './users.js';

let database: TestDatabase;
let kith: Kith;
let alice: User;
let bob: User;
let carol: User;
let aliceToken: string;
let carolToken: string;
let server: ServerType;
let mcpUrl: string;
const clients: Client[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const failure = (p: Promise<unknown>): Promise<any> => p.then(() => { throw new Error('the call did not fail'); }, (e) => e);
const contacts = (n: number, label: string) => Array.from({ length: n }, (_, i) => ({ id: randomUUID(), first_name: `${label}${i}`, last_name: 'Filler' }));
const countContacts = async (userId: string) => withUser(database.db, userId, async (tx) => {
  const r = await tx.execute(sql`select count(*)::int as n from crm_contacts`);
  return (r as unknown as { rows: { n: number }[] }).rows[0].n;
});

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' }), { database, log: silentLogger });
  alice = await createTestUser(database, 'alice');
  bob = await createTestUser(database, 'bob');
  aliceToken = (await createToken(database.db, alice.id, 'test')).token;
  await setPlan(database.db, alice.id, 'free');
  await kith.call(alice.id, 'import_data', { data: { contacts: contacts(47, 'Seed') } });
  // On alice's plan with room to spare: each surface that refuses alice still adds for her.
  carol = await createTestUser(database, 'carol');
  carolToken = (await createToken(database.db, carol.id, 'test')).token;
  await setPlan(database.db, carol.id, 'free');
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: createMcpHttpApp(kith).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  mcpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await new Promise((resolve) => server?.close(resolve));
  await kith?.close();
});

describe('the contact limit of a plan, enforced by the database', () => {
  it('refuses an import that would pass the limit whole, naming the plan and the limit', async () => {
    const error = await failure(kith.call(alice.id, 'import_data', { data: { contacts: contacts(4, 'Over') } }));
    expect(error).toMatchObject({ code: 'forbidden', details: { reason: 'plan_limit', plan: 'Free', limit: 50 } });
    expect(error.message).toBe('The Free plan allows up to 50 contacts: you have 47, and this would add 4. Nothing was added; upgrade your plan or delete contacts first.');
    expect(await countContacts(alice.id)).toBe(47);
  });

  it('lets a tool call add up to the limit, then refuses the next one', async () => {
    await kith.call(alice.id, 'add_contact', { first_name: 'Tool', last_name: 'Fortyeight' });
    expect(await countContacts(alice.id)).toBe(48);
    await kith.call(alice.id, 'add_contact', { first_name: 'Tool', last_name: 'Fortynine' });
    expect(await countContacts(alice.id)).toBe(49);
  });

  it('holds on REST: the 51st contact is a 403 with the message', async () => {
    const app = createWebApp({ kith, localOwner: false, serveClient: false });
    const post = (body: unknown, token = aliceToken) => app.request('/api/contacts', { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect((await post({ first_name: 'Rest', last_name: 'Fifty' })).status).toBe(201);
    const refused = await post({ first_name: 'Rest', last_name: 'Fiftyone' });
    expect(refused.status).toBe(403);
    const body = await refused.json() as { error: { code: string; message: string; plan: string; limit: number } };
    expect(body.error).toMatchObject({ code: 'forbidden', reason: 'plan_limit', plan: 'Free', limit: 50 });
    expect(body.error.message).toContain('The Free plan allows up to 50 contacts: you have 50');
    expect(await countContacts(alice.id)).toBe(50);
    expect((await post({ first_name: 'Rest', last_name: 'Fiftyone' }, carolToken)).status).toBe(201);
    expect(await countContacts(carol.id)).toBe(1);
  });

  it('holds on MCP over HTTP: the call is an error result naming the plan', async () => {
    const connect = async (token: string) => {
      const client = new Client({ name: 'plan-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      clients.push(client);
      return client;
    };
    const add = async (token: string) => (await connect(token)).callTool({ name: 'add_contact', arguments: { first_name: 'Mcp', last_name: 'Over' } }) as Promise<CallToolResult>;
    const result = await add(aliceToken);
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('The Free plan allows up to 50 contacts: you have 50, and this would add 1');
    expect(await countContacts(alice.id)).toBe(50);
    expect((await add(carolToken)).isError).toBeFalsy();
    expect(await countContacts(carol.id)).toBe(2);
  });

  it('holds against SQL run as the user, whatever the surface', async () => {
    const error = await withUser(database.db, alice.id, (tx) => tx.execute(sql`insert into crm_contacts (user_id, first_name, last_name) values (${alice.id}, 'Raw', 'Sql')`)).then(() => undefined, (e) => e as { message?: string; cause?: { message?: string } });
    expect(String(error?.cause?.message ?? error?.message)).toContain('The Free plan allows up to 50 contacts');
    expect(await countContacts(alice.id)).toBe(50);
  });

  it('does not touch another user: bob (no plan) adds freely and cannot read alice\'s plan', async () => {
    await kith.call(bob.id, 'import_data', { data: { contacts: contacts(60, 'Bob') } });
    expect(await countContacts(bob.id)).toBe(60);
    const seen = await withUser(database.db, bob.id, async (tx) => (await tx.execute(sql`select id, plan from users`)) as unknown as { rows: { id: string }[] });
    expect(seen.rows.map((r) => r.id)).toEqual([bob.id]);
  });

  it('lifts the limit with a higher plan, and a lower plan keeps what is there', async () => {
    await setPlan(database.db, alice.id, 'personal');
    await kith.call(alice.id, 'add_contact', { first_name: 'After', last_name: 'Upgrade' });
    await setPlan(database.db, alice.id, 'free');
    expect(await planStatus(database.db, alice.id)).toMatchObject({ plan: 'free', contact_limit: 50, contacts: 51 });
    expect((await failure(kith.call(alice.id, 'add_contact', { first_name: 'Still', last_name: 'Refused' }))).code).toBe('forbidden');
    await expect(setPlan(database.db, alice.id, 'platinum')).rejects.toThrow('plan: "platinum" is not a plan');
  });
});

describe('features by plan', () => {
  it('gates only tools that exist', () => {
    const names = new Set(catalog.map((t) => t.name));
    for (const name of gatedToolNames()) expect(names.has(name)).toBe(true);
  });

  it('refuses mail and calendar tools below Professional, in one place for every surface', async () => {
    const refused = await failure(kith.call(alice.id, 'calendar_feed', {}));
    expect(refused).toMatchObject({ code: 'forbidden', details: { reason: 'plan_feature', feature: 'calendar', plan: 'Free' } });
    expect(refused.message).toBe('Calendar integration is not part of the Free plan: it comes with Professional and Enterprise.');
    expect((await failure(kith.call(alice.id, 'get_mail_account', {}))).code).toBe('forbidden');
    // Contacts stay open on every plan.
    expect(await kith.call(alice.id, 'find_contacts', {})).toBeTruthy();
    await setPlan(database.db, alice.id, 'professional');
    expect(await kith.call(alice.id, 'calendar_feed', {})).toBeTruthy();
    // Without a plan (self-hosted), everything.
    expect(await kith.call(bob.id, 'calendar_feed', {})).toBeTruthy();
  });
});
