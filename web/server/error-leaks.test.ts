import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { stderrLogger } from '../../agent/tools/shared/context.js';
import { runForAgent } from '../../agent/agent-tools.js';
import { findTool } from '../../agent/tools/catalog.js';
import { runTool, toToolError } from '../../agent/tools/run-tool.js';
import { createMcpServer } from '../../mcp-server/create-server.js';
import { plainError } from '../../bots/slack/services.js';
import { createWebApp } from './create-app.js';

// What a failed query looks like coming out of Drizzle: the SQL, then the parameters a user typed.
const SQL = 'insert into "crm_contacts" ("user_id", "email") values ($1, $2)';
const SECRET = 'leak.me@secret.example';
const failure = () => Object.assign(new Error(`Failed query: ${SQL}\nparams: 3f1c2a9e-0b7d-4c1e-9a55-1b2c3d4e5f60,${SECRET}`), { query: SQL, params: [SECRET] });

const INTERNALS = [/Failed query/i, /params/i, /crm_contacts/, /insert into/i, new RegExp(SECRET.replace('.', '\\.')), /\bat .*\.ts:\d+/];
const leaks = (text: string) => INTERNALS.filter((re) => re.test(text)).map(String);

let database: TestDatabase;
let kith: Kith;
let broken: Kith;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' }), { database, log: stderrLogger('info', (l) => lines.push(l)) });
  // Every tool call's transaction fails the way a database error does; tokens and sign-in still work.
  const db = new Proxy(kith.database.db, { get: (t, k) => (k === 'transaction' ? () => Promise.reject(failure()) : Reflect.get(t, k)) });
  const runtime = { ...kith.runtime, db, readCoalescer: undefined };
  broken = { ...kith, runtime, call: (userId, name, input) => runTool(runtime, userId, findTool(name)!, input) };
});
afterAll(async () => { await kith?.close(); });

const logged = (errorId: string) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.error_id === errorId);

describe('an unexpected error', () => {
  it('answers REST with a message and an error id, and logs that id without SQL values', async () => {
    const app = createWebApp({ kith: broken, localOwner: true, serveClient: false, mcp: false, slack: false });
    const res = await app.request('/api/contacts', { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' }, body: JSON.stringify({ first_name: 'Ana', email: SECRET }) });
    expect(res.status).toBe(500);
    const body = await res.json() as { error: { code: string; message: string; error_id: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.error_id).toMatch(/^[0-9a-f]{12}$/);
    expect(body.error.message).toContain(body.error.error_id);
    expect(leaks(JSON.stringify(body))).toEqual([]);
    const line = logged(body.error.error_id)!;
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', sql: SQL, path: '/api/contacts' });
    expect(JSON.stringify(line)).not.toContain(SECRET);
  });

  it('answers MCP with isError, the id, and no SQL', async () => {
    const server = createMcpServer({ kith: broken, userId: kith.owner.id });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'leak-test', version: '1' });
    await client.connect(b);
    const result = (await client.callTool({ name: 'add_contact', arguments: { first_name: 'Ana', email: SECRET } })) as CallToolResult;
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>).map((c) => c.text).join('\n');
    expect(leaks(text)).toEqual([]);
    const errorId = /error id ([0-9a-f]{12})/.exec(text)![1];
    expect(logged(errorId)).toMatchObject({ level: 'error', sql: SQL });
    await client.close();
  });

  it('answers the agent (web chat, Slack, CLI) with the id as the tool result', async () => {
    const result = await runForAgent(broken.runtime, kith.owner.id, findTool('add_contact')!, { first_name: 'Ana', email: SECRET }) as { error: { code: string; message: string; error_id: string } };
    expect(result.error.code).toBe('internal');
    expect(leaks(JSON.stringify(result))).toEqual([]);
    expect(logged(result.error.error_id)).toBeDefined();
    expect(leaks(plainError(failure(), 'abc123abc123'))).toEqual([]);
  });

  it('keeps refusals (4xx) free of table and constraint names, with an id', async () => {
    const app = createWebApp({ kith, localOwner: true, serveClient: false, mcp: false, slack: false });
    const res = await app.request('/api/contacts', { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' }, body: JSON.stringify({ first_name: 'Ana', email: 'nope' }) });
    const body = await res.json() as { error: { field: string; error_id: string } };
    expect(res.status).toBe(400);
    expect(body.error).toMatchObject({ field: 'email', error_id: expect.stringMatching(/^[0-9a-f]{12}$/) });
    const unique = Object.assign(new Error('duplicate key value violates unique constraint "crm_contacts_email_key"'), {
      code: '23505', constraint: 'crm_contacts_email_key', table: 'crm_contacts', detail: `Key (user_id, email_key)=(x, ${SECRET}) already exists.`,
    });
    const answer = toToolError(new Error('Failed query', { cause: unique })) as Error;
    expect(leaks(answer.message)).toEqual([]);
    expect(answer.message).not.toMatch(/constraint|Key \(|_key/);
    expect(toToolError(Object.assign(new Error('row-level security'), { code: '42501' }))).toMatchObject({ code: 'not_found' });
  });
});
