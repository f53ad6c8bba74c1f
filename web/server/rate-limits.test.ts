import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { callConfirmed } from '../../agent/tools/run-tool.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { createRateLimits } from '../../accounts/rate-limit.js';
import { silentLogger } from '../../agent/tools/shared/context.js';
import type { User } from '../../accounts/users.js';
import { createMcpHttpApp } from '../../mcp-server/http.js';
import { createWebApp } from './create-app.js';

const HOST = '127.0.0.1:3000';
let database: TestDatabase;
let kith: Kith;
let ana: User;
let ben: User;
let anaToken: string;
let benToken: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' }), { database, log: silentLogger });
  ana = await createTestUser(database, 'ana');
  ben = await createTestUser(database, 'ben');
  anaToken = (await createToken(database.db, ana.id)).token;
  benToken = (await createToken(database.db, ben.id)).token;
});
afterAll(async () => { await kith?.close(); });

const get = (app: { request: (p: string, i: RequestInit) => Response | Promise<Response> }, path: string, token?: string) =>
  app.request(path, { headers: { host: HOST, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

describe('rate limits', () => {
  it('answer 429 with Retry-After per token on REST, and slow down wrong tokens per address', async () => {
    const app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false, rateLimits: createRateLimits({ token: { limit: 3, windowMs: 60_000 }, wrongToken: { limit: 2, windowMs: 60_000 } }) });
    for (let i = 0; i < 3; i++) expect((await get(app, '/api/contacts', anaToken)).status).toBe(200);
    const limited = await get(app, '/api/contacts', anaToken);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json() as { error: { code: string } }).error.code).toBe('rate_limited');
    // another token is counted on its own
    expect((await get(app, '/api/contacts', benToken)).status).toBe(200);
    expect((await get(app, '/api/contacts', 'kith_wrong1')).status).toBe(401);
    expect((await get(app, '/api/contacts', 'kith_wrong2')).status).toBe(401);
    expect((await get(app, '/api/contacts', 'kith_wrong3')).status).toBe(429);
    const signIn = await app.request('/api/session', { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify({ token: 'kith_wrong4' }) });
    expect(signIn.status).toBe(429);
  });

  it('answer 429 with Retry-After on MCP, per token and for wrong tokens', async () => {
    const app = createMcpHttpApp(kith, { rateLimits: createRateLimits({ token: { limit: 2, windowMs: 60_000 }, wrongToken: { limit: 1, windowMs: 60_000 } }) });
    const post = (token: string) => app.request('/mcp', { method: 'POST', headers: { host: 'localhost', authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    expect((await post(anaToken)).status).toBe(200);
    expect((await post(anaToken)).status).toBe(200);
    const limited = await post(anaToken);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await post('kith_wrong')).status).toBe(401);
    expect((await post(benToken)).status).toBe(429);
  });

  it('limit chat turns per token', async () => {
    const app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false, rateLimits: createRateLimits({ chat: { limit: 1, windowMs: 60_000 } }) });
    const chat = () => app.request('/api/chat', { method: 'POST', headers: { host: HOST, authorization: `Bearer ${benToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: crypto.randomUUID(), messages: [{ id: 'm', role: 'user', parts: [{ type: 'text', text: 'hi' }] }] }) });
    const first = await chat();
    await first.text();
    expect(first.status).toBe(200);
    expect((await chat()).status).toBe(429);
  });
});

describe('the audit log', () => {
  it('records sign-ins, token use and destructive actions, for the owner only', async () => {
    const app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
    const carol = await createTestUser(database, 'carol');
    const token = (await createToken(database.db, carol.id)).token;
    expect((await app.request('/api/session', { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify({ token }) })).status).toBe(200);
    const added = await kith.call(carol.id, 'add_contact', { first_name: 'Tom', last_name: 'Baker' }) as { contact: { id: string } };
    await kith.call(carol.id, 'delete_contact', { contact: added.contact.id });
    await callConfirmed((input) => kith.call(carol.id, 'delete_contact', input), { contact: added.contact.id });
    const res = await get(app, '/api/audit-events', token);
    expect(res.status).toBe(200);
    const { events } = await res.json() as { events: Array<{ kind: string; tool_name: string | null; surface: string; detail: Record<string, unknown> }> };
    expect(events.map((e) => e.kind).sort()).toEqual(['destructive_action', 'sign_in', 'token_used']);
    // the preview (no confirm) changed nothing and is not an action
    expect(events.find((e) => e.kind === 'destructive_action')).toMatchObject({ tool_name: 'delete_contact', detail: { contact: added.contact.id, confirm: true } });
    expect(events.find((e) => e.kind === 'token_used')).toMatchObject({ surface: 'rest' });
    const bens = await kith.call(ben.id, 'list_audit_events', {}) as { events: Array<{ kind: string; tool_name: string | null }> };
    expect(bens.events.filter((e) => e.tool_name === 'delete_contact')).toEqual([]);
  });
});
