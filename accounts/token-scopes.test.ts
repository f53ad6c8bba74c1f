import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { loadConfig } from '../app/config.js';
import { openKith, type Kith } from '../app/open-kith.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { catalog } from '../agent/tools/catalog.js';
import { toolsForRole } from '../agent/tools/shared/role-gates.js';
import { createMcpHttpApp } from '../mcp-server/http.js';
import { createWebApp } from '../web/server/create-app.js';
import { createToken, listTokens } from './tokens.js';
import type { User } from './users.js';

let database: TestDatabase;
let kith: Kith;
let alice: User;
let bob: User;
let app: ReturnType<typeof createWebApp>;
let server: ServerType;
let mcpUrl: string;
const tokens: Record<string, string> = {};
const clients: Client[] = [];

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const rest = async (token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
  const res = await app.request(path, { method, headers: { host: '127.0.0.1:3000', authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json() };
};
const mcp = async (token: string) => {
  const client = new Client({ name: 'scope-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
};

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' }), { database, log: silentLogger });
  alice = await createTestUser(database, 'alice');
  bob = await createTestUser(database, 'bob');
  tokens.read = (await createToken(database.db, alice.id, 'reader', { scope: 'read' })).token;
  tokens.write = (await createToken(database.db, alice.id, 'writer', { scope: 'write' })).token;
  tokens.admin = (await createToken(database.db, alice.id, 'admin', { scope: 'admin' })).token;
  tokens.expired = (await createToken(database.db, alice.id, 'old', { scope: 'admin', expiresAt: new Date(Date.now() - 60_000) })).token;
  tokens.bob = (await createToken(database.db, bob.id, 'bob', { scope: 'admin' })).token;
  app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
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

describe('token scopes on REST', () => {
  it('a read token reads but cannot write, through any route; a write token can', async () => {
    expect((await rest(tokens.write, 'POST', '/api/contacts', { first_name: 'Priya', last_name: 'Patel' })).status).toBe(201);
    expect((await rest(tokens.read, 'GET', '/api/contacts')).body.contacts.map((c: { first_name: string }) => c.first_name)).toEqual(['Priya']);
    expect((await rest(tokens.read, 'POST', '/api/tools/find_contacts', {})).status).toBe(200);
    const refused = await rest(tokens.read, 'POST', '/api/contacts', { first_name: 'No', last_name: 'Write' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('This token\'s scope is read: add_contact changes data and needs a write or admin token.');
    expect((await rest(tokens.read, 'POST', '/api/tools/add_contact', { first_name: 'No', last_name: 'Write' })).status).toBe(403);
    expect((await rest(tokens.read, 'POST', '/api/chat', { messages: [] })).status).toBe(403);
    expect((await rest(tokens.admin, 'GET', '/api/contacts')).body.contacts).toHaveLength(1);
  });

  it('an expired token is refused like an unknown one', async () => {
    expect((await rest(tokens.expired, 'GET', '/api/contacts')).status).toBe(401);
  });

  it('lists and revokes tokens with an admin token only, and only the user\'s own', async () => {
    expect((await rest(tokens.write, 'GET', '/api/tokens')).status).toBe(403);
    const listed = await rest(tokens.admin, 'GET', '/api/tokens');
    expect(listed.body.tokens.map((t: { label: string; scope: string; expired: boolean }) => [t.label, t.scope, t.expired])).toEqual([
      ['reader', 'read', false], ['writer', 'write', false], ['admin', 'admin', false], ['old', 'admin', true],
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('kith_');
    const reader = listed.body.tokens[0].id;
    // bob's admin token neither sees nor revokes alice's tokens
    expect((await rest(tokens.bob, 'GET', '/api/tokens')).body.tokens.map((t: { label: string }) => t.label)).toEqual(['bob']);
    expect((await rest(tokens.bob, 'DELETE', `/api/tokens/${reader}`)).status).toBe(404);
    expect((await rest(tokens.read, 'GET', '/api/contacts')).status).toBe(200);
    expect((await rest(tokens.admin, 'DELETE', `/api/tokens/${reader}`)).body).toEqual({ revoked: true });
    expect((await rest(tokens.read, 'GET', '/api/contacts')).status).toBe(401);
    expect((await listTokens(database.db, alice.id)).map((t) => t.label)).toEqual(['writer', 'admin', 'old']);
    tokens.read = (await createToken(database.db, alice.id, 'reader2', { scope: 'read' })).token;
  });
});

describe('token scopes on MCP over HTTP', () => {
  it('a read token is offered only read-only tools and cannot call a write tool', async () => {
    const reader = await mcp(tokens.read);
    const { tools } = await reader.listTools();
    // a member is offered neither the write tools nor the admin tools
    expect(tools.map((t) => t.name).sort()).toEqual(toolsForRole(catalog, 'member').filter((t) => t.annotations.readOnlyHint).map((t) => t.name).sort());
    expect(tools.length).toBeGreaterThan(5);
    const found = await reader.callTool({ name: 'find_contacts', arguments: {} }) as CallToolResult;
    expect(found.isError).toBeFalsy();
    const write = await reader.callTool({ name: 'add_contact', arguments: { first_name: 'Mcp', last_name: 'Write' } }).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] })) as CallToolResult;
    expect(write.isError).toBe(true);
    const writer = await mcp(tokens.write);
    expect((await writer.listTools()).tools).toHaveLength(toolsForRole(catalog, 'member').length);
    const added = await writer.callTool({ name: 'add_contact', arguments: { first_name: 'Mcp', last_name: 'Write' } }) as CallToolResult;
    expect(added.isError).toBeFalsy();
    expect((await rest(tokens.admin, 'GET', '/api/contacts')).body.contacts).toHaveLength(2);
  });

  it('refuses an expired token with 401', async () => {
    await expect(mcp(tokens.expired)).rejects.toThrow();
  });
});
