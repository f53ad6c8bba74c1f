import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { crmContacts, crmInteractions, slackIdentities, slackThreads } from '../../db/schema/index.js';
import { startSlackHarness, SIGNING_SECRET, type SlackHarness } from './test-support/harness.js';
import { postSigned, slashCommandBody } from './test-support/signed-request.js';
import { createLinkCode } from './link-codes.js';
import { ACTION } from './blocks/kit.js';
import type { SlackCall } from './test-support/fake-slack.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let database: TestDatabase;
let h: SlackHarness;

const blocksText = (blocks: Json[] = []): string => JSON.stringify(blocks);
const buttons = (blocks: Json[] = []): Json[] => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: Json) => ({ ...e, block_id: b.block_id })));
const responseTo = async (responseUrl: string, predicate: (c: SlackCall) => boolean = () => true) =>
  (await h.fake.waitFor('response_url', (c) => c.args.path === new URL(responseUrl).pathname && predicate(c)))[0];

async function userFor(slackUserId: string): Promise<string> {
  const [row] = await database.db.select().from(slackIdentities).where(eq(slackIdentities.slackUserId, slackUserId));
  return row.userId;
}

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  h = await startSlackHarness({ database });
});
afterAll(async () => {
  await h?.close();
  await database?.drop();
});
beforeEach(() => h.fake.reset());

describe('request verification', () => {
  it('answers url_verification with the challenge', async () => {
    const r = await postSigned(h.eventsUrl, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), 'application/json', { signingSecret: SIGNING_SECRET });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ challenge: 'abc123' });
  });

  it('refuses a bad signature, a stale timestamp and a missing signature with 401', async () => {
    const body = slashCommandBody({ text: 'pipeline', userId: 'UX', responseUrl: h.fake.responseUrl() });
    const form = 'application/x-www-form-urlencoded';
    const bad = await postSigned(h.eventsUrl, body, form, { signingSecret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    const stale = await postSigned(h.eventsUrl, body, form, { signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(stale.text).toMatch(/5 minutes/);
    const missing = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': form }, body });
    expect(missing.status).toBe(401);
    const tampered = await postSigned(h.eventsUrl, body.replace('pipeline', 'delete+everything'), form, { signingSecret: SIGNING_SECRET, signature: (await import('./signature.js')).signSlackRequest(SIGNING_SECRET, Math.floor(Date.now() / 1000), body) });
    expect(tampered.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls).toHaveLength(0);
  });
});

describe('/kith', () => {
  it('shows help when typed alone', async () => {
    const r = await h.slash('UHELP', '');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    expect(body.response_type).toBe('ephemeral');
    expect(blocksText(body.blocks)).toMatch(/log coffee with Priya/);
  });

  it('acks at once, then answers through response_url with cards, creating the Kith user on first use', async () => {
    h.fake.reset();
    const r = await h.slash('UALICE', 'add Lucas Meyer, recruiter at Stripe, lucas@stripe.com');
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    const answer = await responseTo(r.responseUrl);
    expect(answer.args.response_type).toBe('ephemeral');
    expect(blocksText(answer.args.blocks)).toMatch(/Lucas Meyer/);
    expect(blocksText(answer.args.blocks)).toMatch(/Welcome to Kith/);
    expect(h.fake.of('users.info')[0].token).toBe('xoxb-test-token');

    const logged = await h.slash('UALICE', 'log coffee with Lucas, follow up Friday');
    const card = await responseTo(logged.responseUrl);
    const text = blocksText(card.args.blocks);
    expect(text).toMatch(/coffee chat/);
    expect(text).toMatch(/Lucas Meyer/);
    expect(text).not.toMatch(/Welcome to Kith/);
    const userId = await userFor('UALICE');
    const rows = await database.db.select().from(crmInteractions).where(eq(crmInteractions.userId, userId));
    expect(rows).toHaveLength(1);
  });

  it('drops a retried slash command (same trigger_id): nothing is logged twice', async () => {
    const userId = await userFor('UALICE');
    const before = (await database.db.select().from(crmInteractions).where(eq(crmInteractions.userId, userId))).length;
    const first = await h.slash('UALICE', 'log a call with Lucas', { triggerId: 'trig-42' });
    await responseTo(first.responseUrl);
    const retry = await h.slash('UALICE', 'log a call with Lucas', { triggerId: 'trig-42', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.of('response_url').filter((c) => c.args.path === new URL(retry.responseUrl).pathname)).toHaveLength(0);
    const after = (await database.db.select().from(crmInteractions).where(eq(crmInteractions.userId, userId))).length;
    expect(after).toBe(before + 1);
  });
});
