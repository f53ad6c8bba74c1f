import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { startSlackHarness, type SlackHarness } from '../bots/slack/test-support/harness.js';
import { createLinkCode } from '../bots/slack/link-codes.js';
import { createWebApp } from '../web/server/create-app.js';
import { withUser } from '../db/with-user.js';
import { createToken } from './tokens.js';
import { setPlan } from './plans.js';
import type { User } from './users.js';

/**
 * The contact limit through the conversational surfaces, as a person uses them, with the built-in
 * offline model: the web chat route (POST /api/chat) and Slack (Bolt behind the web app, requests
 * signed as Slack signs them). The refusal comes from the database trigger of migration 0056; these
 * tests prove that each surface passes it on in words and writes nothing.
 */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = '127.0.0.1:3000';
const LIMIT_MESSAGE = /The Free plan allows up to 50 contacts: you have 50, and this would add 1\. Nothing was added/;

let database: TestDatabase;
let h: SlackHarness;
let app: ReturnType<typeof createWebApp>;
let alice: User;
let bob: User;
let aliceToken: string;
let bobToken: string;

const filler = (n: number, label: string) => Array.from({ length: n }, (_, i) => ({ id: randomUUID(), first_name: `${label}${i}`, last_name: 'Filler' }));
const contactsOf = async (userId: string) => withUser(database.db, userId, async (tx) => {
  const r = await tx.execute(sql`select first_name, last_name, email from crm_contacts`);
  return (r as unknown as { rows: { first_name: string; last_name: string; email: string | null }[] }).rows;
});
const named = async (userId: string, first: string) => (await contactsOf(userId)).filter((c) => c.first_name === first);

/** The chunks of a UI message stream (server-sent events), as chat.test.ts reads them. */
const chunks = (sse: string): Json[] => sse.split('\n').filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6)));
const replyOf = (sse: string) => chunks(sse).filter((c) => c.type === 'text-delta').map((c) => c.delta).join('');
async function say(token: string, text: string): Promise<string> {
  const res = await app.request('/api/chat', {
    method: 'POST',
    headers: { host: HOST, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: randomUUID(), message: { id: randomUUID(), role: 'user', parts: [{ type: 'text', text }] } }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function slackAnswer(slackUserId: string, text: string): Promise<string> {
  const r = await h.slash(slackUserId, text);
  expect(r.status).toBe(200);
  const [answer] = await h.fake.waitFor('response_url', (c) => c.args.path === new URL(r.responseUrl).pathname);
  return JSON.stringify(answer.args);
}

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  h = await startSlackHarness({ database });
  app = createWebApp({ kith: h.kith, localOwner: false, serveClient: false, mcp: false });
  alice = await createTestUser(database, 'alice');
  bob = await createTestUser(database, 'bob');
  // Both on Free: alice at its 50 contacts, bob well under them.
  for (const [user, n] of [[alice, 50], [bob, 10]] as const) {
    await setPlan(database.db, user.id, 'free');
    await h.kith.call(user.id, 'import_data', { data: { contacts: filler(n, user === alice ? 'Ana' : 'Bo') } });
  }
  aliceToken = (await createToken(database.db, alice.id)).token;
  bobToken = (await createToken(database.db, bob.id)).token;
  for (const [slackUserId, user] of [['UALICE', alice], ['UBOB', bob]] as const) {
    const { code } = await createLinkCode(database.db, user.id);
    expect(await slackAnswer(slackUserId, `link ${code}`)).toMatch(/Linked/);
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
  await database?.drop();
});

beforeEach(() => h.fake.reset());

describe('the Free plan\'s 50 contacts in the web chat', () => {
  it('answers "add Jane Roe, jane@x.com" at the limit with the plan and the limit, and adds nothing', async () => {
    const sse = await say(aliceToken, 'add Jane Roe, jane@x.com');
    expect(replyOf(sse)).toMatch(LIMIT_MESSAGE);
    // The model asked for add_contact, and the tool's result it was shown is the database's refusal.
    const called = chunks(sse).filter((c) => c.type === 'tool-input-available').map((c) => c.toolName);
    expect(called).toEqual(['add_contact']);
    const outputs = chunks(sse).filter((c) => c.type === 'tool-output-available').map((c) => c.output);
    expect(outputs).toMatchObject([{ error: { code: 'forbidden', reason: 'plan_limit', plan: 'Free', limit: 50 } }]);
    expect(sse).not.toMatch(/"type":"error"/);
    expect(await named(alice.id, 'Jane')).toEqual([]);
    expect(await contactsOf(alice.id)).toHaveLength(50);
  });

  it('adds the same contact for another user on the same plan, under its limit', async () => {
    const sse = await say(bobToken, 'add Jane Roe, jane@x.com');
    expect(replyOf(sse)).not.toMatch(/plan allows/);
    expect(await named(bob.id, 'Jane')).toEqual([{ first_name: 'Jane', last_name: 'Roe', email: 'jane@x.com' }]);
    expect(await contactsOf(bob.id)).toHaveLength(11);
  });
});

describe('the Free plan\'s 50 contacts in Slack', () => {
  it('answers `/kith add John Doe, john@x.com` at the limit with the plan and the limit, and adds nothing', async () => {
    expect(await slackAnswer('UALICE', 'add John Doe, john@x.com')).toMatch(LIMIT_MESSAGE);
    expect(await named(alice.id, 'John')).toEqual([]);
    expect(await contactsOf(alice.id)).toHaveLength(50);
  });

  it('answers a mention at the limit in its thread the same way', async () => {
    const mention = { type: 'app_mention', user: 'UALICE', text: '<@UBOT> add Mary Major, mary@x.com', ts: '3000.0001', channel: 'C9', event_ts: '3000.0001' };
    expect((await h.event(mention, { eventId: 'EvPlan1' })).status).toBe(200);
    const [reply] = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C9');
    expect(reply.args.thread_ts).toBe('3000.0001');
    expect(JSON.stringify(reply.args)).toMatch(LIMIT_MESSAGE);
    expect(await named(alice.id, 'Mary')).toEqual([]);
    expect(await contactsOf(alice.id)).toHaveLength(50);
  });

  it('adds the contact for another user on the same plan, under its limit', async () => {
    expect(await slackAnswer('UBOB', 'add John Doe, john@x.com')).not.toMatch(/plan allows/);
    expect(await named(bob.id, 'John')).toEqual([{ first_name: 'John', last_name: 'Doe', email: 'john@x.com' }]);
    expect(await contactsOf(bob.id)).toHaveLength(12);
  });
});
