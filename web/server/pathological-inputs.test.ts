import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { silentLogger } from '../../agent/tools/shared/context.js';
import { LIMITS } from '../../agent/tools/shared/schemas.js';
import { createWebApp } from './create-app.js';
import { createRateLimits } from '../../accounts/rate-limit.js';

/**
 * Each input that once held the server (a long message without spaces, a huge reference, a huge
 * unsigned Slack body, an oversized JSON body) is refused with a 4xx while another user's requests
 * keep being answered. How long they wait is measured by bench/robustness.bench.ts, not here.
 */
let database: TestDatabase;
let kith: Kith;
let server: ServerType;
let base: string;
let attacker: string;
let bystander: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' }), { database, log: silentLogger });
  attacker = (await createToken(database.db, (await createTestUser(database, 'mallory')).id)).token;
  const bob = await createTestUser(database, 'bob');
  bystander = (await createToken(database.db, bob.id)).token;
  await kith.call(bob.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel' });
  const app = createWebApp({
    kith, localOwner: false, serveClient: false,
    // The bystander polls as fast as it can from the same address: limits are not what is tested here.
    rateLimits: createRateLimits({ address: { limit: 1e9, windowMs: 60_000 }, token: { limit: 1e9, windowMs: 60_000 } }),
    slack: { config: { botToken: 'xoxb-test', signingSecret: 'test-secret', digest: false }, autoStart: false },
  });
  server = await new Promise<ServerType>((resolve) => { const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s)); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await kith?.close();
});

const json = (token: string, body: unknown) => ({ method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', host: new URL(base).host }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A body sent in chunks, without Content-Length: the limit must stop the reading itself. */
function streamed(bytes: number, chunk = 1024 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  const piece = new Uint8Array(chunk).fill(97);
  return new ReadableStream({ pull(controller) { if (sent >= bytes) controller.close(); else { controller.enqueue(piece); sent += chunk; } } });
}

const chatMessage = (text: string) => ({ id: crypto.randomUUID(), messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text }] }] });

describe('pathological inputs', () => {
  it('are refused with a 4xx while another user keeps being answered', async () => {
    let stop = false;
    const answered: number[] = [];
    const others = (async () => {
      while (!stop) answered.push((await fetch(`${base}/api/contacts`, { headers: { authorization: `Bearer ${bystander}` } })).status);
    })();

    const bad: Array<[string, Promise<Response>]> = [
      ['40,000-character chat message without spaces', fetch(`${base}/api/chat`, json(attacker, chatMessage('a'.repeat(40_000))))],
      ['300,000-character reference', fetch(`${base}/api/follow-ups`, json(attacker, { contact: 'x'.repeat(300_000), date: '2026-12-01' }))],
      ['50 MB unsigned body to /slack/events', fetch(`${base}/slack/events`, { method: 'POST', body: new Uint8Array(50 * 1024 * 1024), headers: { 'content-type': 'application/json' } })],
      ['50 MB unsigned streamed body to /slack/events', fetch(`${base}/slack/events`, { method: 'POST', body: streamed(50 * 1024 * 1024), duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit)],
      ['2 MB JSON body to /api/contacts', fetch(`${base}/api/contacts`, json(attacker, { first_name: 'A', notes: 'n'.repeat(2 * 1024 * 1024) }))],
      ['20 MB streamed body to /mcp', fetch(`${base}/mcp`, { method: 'POST', body: streamed(20 * 1024 * 1024), duplex: 'half', headers: { authorization: `Bearer ${attacker}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } } as RequestInit)],
      ['NUL in a query', fetch(`${base}/api/search?q=a%00b`, { headers: { authorization: `Bearer ${attacker}` } })],
      ['impossible date in a query', fetch(`${base}/api/interactions?to=9999-12-31`, { headers: { authorization: `Bearer ${attacker}` } })],
    ];
    const statuses: Record<string, number> = {};
    for (const [name, request] of bad) {
      const res = await request.catch((error: Error) => ({ status: -1, text: async () => error.message }) as unknown as Response);
      statuses[name] = res.status;
      const text = await res.text().catch(() => '');
      if (name.includes('chat message')) expect(JSON.parse(text).error.field).toBe('messages');
      if (name.includes('reference')) expect(JSON.parse(text).error.field).toBe('contact');
    }
    // One message at the limit, without spaces, still gets an answer from the offline model.
    const atLimit = await fetch(`${base}/api/chat`, json(attacker, chatMessage('a'.repeat(LIMITS.message))));
    await atLimit.text();
    stop = true;
    await others;

    for (const [name, status] of Object.entries(statuses)) expect({ name, clientError: status >= 400 && status < 500 }).toEqual({ name, clientError: true });
    expect(statuses['50 MB unsigned body to /slack/events']).toBe(413);
    expect(statuses['50 MB unsigned streamed body to /slack/events']).toBe(413);
    expect(statuses['2 MB JSON body to /api/contacts']).toBe(413);
    expect(atLimit.status).toBe(200);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((s) => s === 200)).toBe(true);
  });
});
