import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { crmContacts, crmInteractions, slackIdentities, slackThreads } from '../../db/schema/index.js';
import { startSlackHarness, SIGNING_SECRET, type SlackHarness } from './test-support/harness.js';
import { postSigned, slashCommandBody } from './test-support/signed-request.js';
import { createLinkCode } from './link-codes.js';
import { readSlackConfig } from './config.js';
import { createSlackBot } from './create-slack-bot.js';
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

describe('configuration', () => {
  it('runs in Socket Mode when SLACK_APP_TOKEN is set, and not at all without a token', async () => {
    expect(readSlackConfig({ SLACK_SIGNING_SECRET: 'x' })).toBeNull();
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBeNull();
    const config = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_DIGEST: 'off' })!;
    expect(config).toMatchObject({ appToken: 'xapp-1', digest: false });
    const bot = createSlackBot({ kith: h.kith, config });
    expect(bot.mode).toBe('socket');
    expect((await bot.handle(new Request('http://x/slack/events', { method: 'POST' }))).status).toBe(404);
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
    // Who the bot is was asked once (by the first request of the suite), not before every ack.
    expect(h.fake.of('auth.test').length).toBeLessThanOrEqual(1);
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

describe('mentions and direct messages', () => {
  it('answers a mention in its thread, and the thread is one conversation', async () => {
    const mention = { type: 'app_mention', user: 'UBEA', text: '<@UBOT> add Tom Baker at Initech', ts: '1000.0001', channel: 'C7', event_ts: '1000.0001' };
    const r = await h.event(mention, { eventId: 'EvM1' });
    expect(r.status).toBe(200);
    const [reply] = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C7');
    expect(reply.args.thread_ts).toBe('1000.0001');
    expect(blocksText(reply.args.blocks)).toMatch(/Tom Baker/);

    const second = { type: 'app_mention', user: 'UBEA', text: '<@UBOT> log a call with him', ts: '1000.0005', thread_ts: '1000.0001', channel: 'C7', event_ts: '1000.0005' };
    await h.event(second, { eventId: 'EvM2' });
    const replies = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C7', { count: 2 });
    expect(replies[1].args.thread_ts).toBe('1000.0001');
    const userId = await userFor('UBEA');
    const threads = await database.db.select().from(slackThreads).where(eq(slackThreads.userId, userId));
    expect(threads).toHaveLength(1);
    const calls = await database.db.select().from(crmInteractions).where(eq(crmInteractions.userId, userId));
    expect(calls).toHaveLength(1);
  });

  it('drops Slack retries of an event (X-Slack-Retry-Num): one answer, nothing logged twice', async () => {
    const userId = await userFor('UBEA');
    const event = { type: 'app_mention', user: 'UBEA', text: '<@UBOT> log an email with Tom', ts: '2000.0001', channel: 'C7', event_ts: '2000.0001' };
    await h.event(event, { eventId: 'EvRetry' });
    const retry = await h.event(event, { eventId: 'EvRetry', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await h.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === '2000.0001');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.of('chat.postMessage').filter((c) => c.args.thread_ts === '2000.0001')).toHaveLength(1);
    const emails = await database.db.select().from(crmInteractions).where(sql`${crmInteractions.userId} = ${userId} and ${crmInteractions.interactionType} = 'email'`);
    expect(emails).toHaveLength(1);
  });

  it('answers a direct message in its thread and ignores its own messages', async () => {
    await h.event({ type: 'message', channel_type: 'im', user: 'UBEA', text: 'pipeline', ts: '3000.0001', channel: 'D1', event_ts: '3000.0001' }, { eventId: 'EvD1' });
    const [reply] = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'D1');
    expect(reply.args.thread_ts).toBe('3000.0001');
    expect(blocksText(reply.args.blocks)).toMatch(/Pipeline/);
    await h.event({ type: 'message', channel_type: 'im', bot_id: 'BBOT', user: 'UBOT', text: 'Your pipeline', ts: '3000.0002', channel: 'D1', event_ts: '3000.0002' }, { eventId: 'EvD2' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.of('chat.postMessage').filter((c) => c.args.channel === 'D1')).toHaveLength(1);
  });
});

describe('buttons', () => {
  it('asks "which Priya?" with a button per candidate; a click logs it for the chosen one', async () => {
    await h.slash('UCARA', 'add Priya Shah at Acme').then((r) => responseTo(r.responseUrl));
    await h.slash('UCARA', 'add Priya Patel at Globex').then((r) => responseTo(r.responseUrl));
    const r = await h.slash('UCARA', 'log coffee with Priya, follow up Friday');
    const answer = await responseTo(r.responseUrl);
    const picks = buttons(answer.args.blocks).filter((b) => b.action_id.startsWith(ACTION.pickContact));
    expect(picks.map((b) => b.text.text.replace(/ \(.*\)$/, '')).sort()).toEqual(['Priya Patel', 'Priya Shah']);
    const patel = picks.find((b) => b.text.text.startsWith('Priya Patel'))!;
    const click = await h.click({ userId: 'UCARA', actionId: patel.action_id, value: patel.value, blockId: patel.block_id, responseUrl: h.fake.responseUrl() });
    expect(click.status).toBe(200);
    const replaced = await h.fake.waitFor('response_url', (c) => c.args.replace_original === true);
    expect(blocksText(replaced[0].args.blocks)).toMatch(/coffee chat.*Priya Patel/);
    const userId = await userFor('UCARA');
    const rows = await database.db.select({ first: crmContacts.firstName, last: crmContacts.lastName, next: crmContacts.nextFollowUpDate }).from(crmInteractions)
      .innerJoin(crmContacts, eq(crmContacts.id, crmInteractions.contactId)).where(eq(crmInteractions.userId, userId));
    expect(rows).toEqual([{ first: 'Priya', last: 'Patel', next: '2026-11-27' }]);
  });

  it('a question back offers its readings as buttons; a click answers with that reading in the same conversation', async () => {
    await h.slash('UREAD', 'add Nora Quinn at Hooli').then((r) => responseTo(r.responseUrl));
    const r = await h.slash('UREAD', 'Nora Quinn next week');
    const answer = await responseTo(r.responseUrl);
    const readings = buttons(answer.args.blocks).filter((b) => b.action_id.startsWith(ACTION.pickReading));
    expect(readings.length).toBeGreaterThanOrEqual(2);
    expect(readings.map((b) => b.text.text.slice(0, 3))).toEqual(readings.map((_, i) => `${i + 1}. `));
    expect(readings[0].text.text).toBe('1. set a follow-up reminder');
    await h.click({ userId: 'UREAD', actionId: readings[0].action_id, value: readings[0].value, blockId: readings[0].block_id, responseUrl: h.fake.responseUrl() });
    const replaced = await h.fake.waitFor('response_url', (c) => c.args.replace_original === true && !/not sure/.test(String(c.args.text)));
    expect(replaced[0].args.text).toMatch(/Nora Quinn/);
    const userId = await userFor('UREAD');
    const [nora] = await database.db.select().from(crmContacts).where(eq(crmContacts.userId, userId));
    expect(nora.nextFollowUpDate).toBe('2026-12-02');
  });

  it('asks before a destructive action; Cancel keeps the contact, Confirm deletes it', async () => {
    await h.slash('UDAN', 'add Zed Zulu at Zeta').then((r) => responseTo(r.responseUrl));
    const ask = await h.slash('UDAN', 'delete Zed Zulu');
    const card = await responseTo(ask.responseUrl);
    const [confirm, cancel] = buttons(card.args.blocks);
    expect(confirm.action_id).toBe(ACTION.confirm);
    expect(cancel.action_id).toBe(ACTION.cancel);
    expect(blocksText(card.args.blocks)).toMatch(/Delete Zed Zulu/);
    const userId = await userFor('UDAN');
    const count = async () => (await database.db.select().from(crmContacts).where(eq(crmContacts.userId, userId))).length;

    await h.click({ userId: 'UDAN', actionId: cancel.action_id, value: cancel.value, responseUrl: h.fake.responseUrl() });
    const cancelled = await h.fake.waitFor('response_url', (c) => c.args.replace_original === true);
    expect(cancelled[0].args.text).toMatch(/Cancelled/);
    expect(await count()).toBe(1);

    h.fake.reset();
    const again = await h.slash('UDAN', 'delete Zed Zulu');
    const card2 = await responseTo(again.responseUrl);
    const [confirm2] = buttons(card2.args.blocks);
    await h.click({ userId: 'UDAN', actionId: confirm2.action_id, value: confirm2.value, responseUrl: h.fake.responseUrl() });
    const done = await h.fake.waitFor('response_url', (c) => c.args.replace_original === true);
    expect(done[0].args.text).toMatch(/Deleted/);
    expect(await count()).toBe(0);
  });

  it('undoes what a turn changed from its Undo button, exactly, and only once', async () => {
    await h.slash('UFAY', 'add Fay Wong at Initech').then((r) => responseTo(r.responseUrl));
    const logged = await h.slash('UFAY', 'log a call with Fay, follow up Friday');
    const card = await responseTo(logged.responseUrl);
    const undo = buttons(card.args.blocks).find((b) => b.action_id === ACTION.undo);
    expect(undo).toBeDefined();
    const userId = await userFor('UFAY');
    const fay = async () => (await database.db.select().from(crmContacts).where(eq(crmContacts.userId, userId)))[0];
    const calls = async () => (await database.db.select().from(crmInteractions).where(eq(crmInteractions.userId, userId))).length;
    expect(await calls()).toBe(1);
    expect((await fay()).nextFollowUpDate).toBe('2026-11-27');

    h.fake.reset();
    await h.click({ userId: 'UFAY', actionId: undo.action_id, value: undo.value, blockId: undo.block_id, responseUrl: h.fake.responseUrl() });
    const done = await h.fake.waitFor('response_url', (c) => c.args.replace_original === true);
    expect(JSON.stringify(done[0].args.blocks)).toMatch(/Undid/);
    expect(await calls()).toBe(0);
    expect((await fay()).nextFollowUpDate).toBeNull();
    expect((await fay()).lastContactDate).toBeNull();

    // The same button again: already undone, said so, and nothing else changes.
    h.fake.reset();
    await h.click({ userId: 'UFAY', actionId: undo.action_id, value: undo.value, blockId: undo.block_id, responseUrl: h.fake.responseUrl() });
    const again = await h.fake.waitFor('response_url');
    expect(JSON.stringify(again[0].args)).toMatch(/already undone/);
    expect((await fay()).firstName).toBe('Fay');
  });

  it('marks a follow-up done from a posted message with chat.update, and snoozes one by a week', async () => {
    await h.slash('UEVE', 'add Nora Quinn at Hooli').then((r) => responseTo(r.responseUrl));
    const scheduled = await h.slash('UEVE', 'remind me to follow up with Nora tomorrow');
    const card = await responseTo(scheduled.responseUrl);
    const snooze = buttons(card.args.blocks).find((b) => b.action_id.startsWith(ACTION.snoozeWeek))!;
    expect(snooze).toBeDefined();
    await h.click({ userId: 'UEVE', actionId: snooze.action_id, value: snooze.value, blockId: snooze.block_id, responseUrl: h.fake.responseUrl() });
    await h.fake.waitFor('response_url', (c) => c.args.replace_original === true);
    const userId = await userFor('UEVE');
    const [nora] = await database.db.select().from(crmContacts).where(eq(crmContacts.userId, userId));
    // a week from the follow-up's own date (tomorrow, the 26th), never earlier
    expect(nora.nextFollowUpDate).toBe('2026-12-03');

    // The same buttons on a message the bot posted (a DM): the message itself is updated.
    const done = buttons(card.args.blocks).find((b) => b.action_id.startsWith(ACTION.followUpDone))!;
    const message = { type: 'message', ts: '4000.0001', text: card.args.text, blocks: card.args.blocks };
    await h.click({ userId: 'UEVE', actionId: done.action_id, value: done.value, blockId: done.block_id, channelId: 'D9', container: { type: 'message', message_ts: '4000.0001', channel_id: 'D9', is_ephemeral: false }, message, responseUrl: h.fake.responseUrl() });
    const [update] = await h.fake.waitFor('chat.update');
    expect(update.args).toMatchObject({ channel: 'D9', ts: '4000.0001' });
    expect(blocksText(update.args.blocks)).toMatch(/Followed up with \*Nora Quinn\*/);
    const [after] = await database.db.select().from(crmContacts).where(eq(crmContacts.userId, userId));
    expect(after.nextFollowUpDate).toBeNull();
  });

  it('answers a button for someone else\'s contact in plain words, changing nothing', async () => {
    const eveId = await userFor('UEVE');
    const [nora] = await database.db.select().from(crmContacts).where(eq(crmContacts.userId, eveId));
    await h.click({ userId: 'UMALLORY', actionId: `${ACTION.snoozeDay}:${nora.id}`, value: JSON.stringify({ c: nora.id }), responseUrl: h.fake.responseUrl() });
    const [answer] = await h.fake.waitFor('response_url');
    expect(answer.args.text).toMatch(/^Sorry, that didn't work: .*(No contact|not found|no contact)/i);
    const [still] = await database.db.select().from(crmContacts).where(eq(crmContacts.id, nora.id));
    expect(still.nextFollowUpDate).toBeNull();
  });
});

describe('App Home, identity and isolation', () => {
  it('publishes App Home with today\'s and overdue follow-ups and pipeline counts', async () => {
    await h.slash('UFAY', 'add Ola Berg at Umbrella').then((r) => responseTo(r.responseUrl));
    await h.slash('UFAY', 'remind me to follow up with Ola today').then((r) => responseTo(r.responseUrl));
    await h.slash('UFAY', 'applied to Backend Engineer at Umbrella').then((r) => responseTo(r.responseUrl));
    await h.event({ type: 'app_home_opened', user: 'UFAY', channel: 'D2', tab: 'home', event_ts: '5000.1' }, { eventId: 'EvH1' });
    const [publish] = await h.fake.waitFor('views.publish');
    expect(publish.args.user_id).toBe('UFAY');
    const text = blocksText(publish.args.view.blocks);
    expect(text).toMatch(/Today/);
    expect(text).toMatch(/Ola Berg/);
    expect(text).toMatch(/Overdue/);
    expect(text).toMatch(/Pipeline/);
    expect(text).toMatch(/applied\*\\n1/);
    expect(buttons(publish.args.view.blocks).some((b) => b.action_id.startsWith(ACTION.followUpDone))).toBe(true);
  });

  it('never shows one user\'s contacts to another', async () => {
    const r = await h.slash('UGUS', 'find Ola');
    const answer = await responseTo(r.responseUrl);
    expect(blocksText(answer.args.blocks)).not.toMatch(/Ola Berg/);
    const list = await h.slash('UGUS', 'who do I need to follow up with?');
    expect(blocksText((await responseTo(list.responseUrl)).args.blocks)).not.toMatch(/Ola|Nora|Priya/);
  });

  it('links a Slack user to an existing Kith user with a one-time code', async () => {
    const existing = await createTestUser(database, 'linked');
    const { code } = await createLinkCode(database.db, existing.id);
    const r = await h.slash('UHAL', `link ${code.toLowerCase()}`);
    const answer = await responseTo(r.responseUrl);
    expect(answer.args.text).toMatch(new RegExp(`Linked.*${existing.email}`));
    expect(await userFor('UHAL')).toBe(existing.id);
    const reuse = await h.slash('UIDA', `link ${code}`);
    expect((await responseTo(reuse.responseUrl)).args.text).toMatch(/not valid/);
    const bogus = await h.slash('UIDA', 'link NOPE-NOPE');
    expect((await responseTo(bogus.responseUrl)).args.text).toMatch(/not valid/);
  });

  it('sets the digest hour', async () => {
    const r = await h.slash('UHAL', 'digest 7');
    expect((await responseTo(r.responseUrl)).args.text).toMatch(/7:00/);
    const bad = await h.slash('UHAL', 'digest 31');
    expect((await responseTo(bad.responseUrl)).args.text).toMatch(/0 to 23/);
  });
});
