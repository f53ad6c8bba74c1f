import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { openDatabase, type Database } from '../../db/connection.js';
import { addUser, type User } from '../../accounts/users.js';
import { slackDigestClaims, slackIdentities } from '../../db/schema/index.js';
import { startSlackHarness, BOT_TOKEN, type SlackHarness } from './test-support/harness.js';
import { startFakeSlack, type FakeSlack } from './test-support/fake-slack.js';
import { ACTION } from './blocks/kit.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Two `kith serve` processes on one PostgreSQL database: two pools, two web apps, two schedulers.
let database: TestDatabase;
let second: Database;
let fake: FakeSlack;
let one: SlackHarness;
let two: SlackHarness;
const people: Record<string, User> = {};

async function person(key: string, tz: string, hour: number, followUp?: string) {
  const user = await addUser(database.db, `${key}@example.test`, { timeZone: tz });
  if (hour !== 9) await database.db.execute(`update users set digest_hour = ${hour} where id = '${user.id}'` as never);
  await database.db.insert(slackIdentities).values({ teamId: 'T1', slackUserId: `U${key.toUpperCase()}`, userId: user.id });
  if (followUp) {
    await one.kith.call(user.id, 'add_contact', { first_name: 'Priya', last_name: `Shah-${key}`, company: 'Acme' });
    await one.kith.call(user.id, 'schedule_follow_up', { contact: `Priya Shah-${key}`, date: followUp, reason: 'send the deck' });
    await one.kith.call(user.id, 'add_opportunity', { company_name: 'Acme', job_title: 'Staff Engineer', next_action: 'Prepare the take-home', next_action_date: '2026-11-25' });
  }
  people[key] = user;
}

const digestsTo = (key: string) => fake.of('chat.postMessage').filter((c) => c.args.channel === `U${key.toUpperCase()}`);

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  second = await openDatabase({ databaseUrl: (database as unknown as { databaseUrl: string }).databaseUrl, poolSize: 4 });
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  one = await startSlackHarness({ database, fake });
  two = await startSlackHarness({ database: second, fake });
  await person('berlin', 'Europe/Berlin', 9, '2026-11-24');
  await person('newyork', 'America/New_York', 9, '2026-11-25');
  await person('tokyo', 'Asia/Tokyo', 23, '2026-11-25');
  await person('idle', 'Europe/Berlin', 9);
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await fake?.close();
  await second?.close();
  await database?.drop();
});

describe('the daily digest', () => {
  it('goes out exactly once per user per day with two schedulers racing on one database', async () => {
    const now = new Date('2026-11-25T10:00:00Z'); // Berlin 11:00, New York 05:00, Tokyo 19:00
    const reports = await Promise.all([one.bot.digest.runOnce(now), two.bot.digest.runOnce(now), one.bot.digest.runOnce(now), two.bot.digest.runOnce(now)]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(digestsTo('berlin')).toHaveLength(1);
    expect(digestsTo('newyork')).toHaveLength(0);
    expect(digestsTo('tokyo')).toHaveLength(0);
    expect(digestsTo('idle')).toHaveLength(0);
    const [empty] = await database.db.select().from(slackDigestClaims).where(eq(slackDigestClaims.userId, people.idle.id));
    expect(empty.status).toBe('empty');

    const [digest] = digestsTo('berlin');
    expect(digest.token).toBe(BOT_TOKEN);
    const text = JSON.stringify(digest.args.blocks);
    expect(text).toMatch(/Overdue/);
    expect(text).toMatch(/Priya Shah-berlin/);
    expect(text).toMatch(/1 day overdue/);
    expect(text).toMatch(/Prepare the take-home/);
    const actions = digest.args.blocks.filter((b: Json) => b.type === 'actions').flatMap((b: Json) => b.elements.map((e: Json) => e.action_id));
    expect(actions.some((a: string) => a.startsWith(ACTION.followUpDone))).toBe(true);
    expect(actions.some((a: string) => a.startsWith(ACTION.snoozeWeek))).toBe(true);
  });

  it('is not sent again after a restart the same day, and each zone gets it at its own hour', async () => {
    const restarted = await startSlackHarness({ database: second, fake });
    try {
      await restarted.bot.digest.runOnce(new Date('2026-11-25T13:00:00Z')); // Berlin 14:00, New York 08:00, Tokyo 22:00
      expect(digestsTo('berlin')).toHaveLength(1);
      expect(digestsTo('newyork')).toHaveLength(0);
      expect(digestsTo('tokyo')).toHaveLength(0);
      const at = new Date('2026-11-25T14:30:00Z'); // New York 09:30, Tokyo 23:30
      await Promise.all([restarted.bot.digest.runOnce(at), one.bot.digest.runOnce(at), two.bot.digest.runOnce(at)]);
      expect(digestsTo('newyork')).toHaveLength(1);
      expect(digestsTo('tokyo')).toHaveLength(1);
      expect(digestsTo('berlin')).toHaveLength(1);
      await one.bot.digest.runOnce(new Date('2026-11-26T09:30:00Z')); // Berlin 10:30 the next day
      expect(digestsTo('berlin')).toHaveLength(2);
    } finally {
      await restarted.close();
    }
  });

  it('catches up on start: a digest whose hour passed while no process ran goes out when one starts, once', async () => {
    await person('late', 'Europe/Berlin', 9, '2026-11-25');
    fake.reset();
    // start() runs at once (now = KITH_NOW, 11:00 in Berlin: 9:00 has passed) and then every minute.
    await two.bot.digest.start();
    await two.bot.digest.stop();
    expect(digestsTo('late')).toHaveLength(1);
    const again = await startSlackHarness({ database: second, fake });
    try {
      await again.bot.digest.start();
      await again.bot.digest.stop();
    } finally {
      await again.close();
    }
    expect(digestsTo('late')).toHaveLength(1);
    expect(fake.of('chat.postMessage')).toHaveLength(1);
  });

  it('retries a claim left half-done by a crashed process, and only that one', async () => {
    fake.reset();
    const day = '2026-11-27';
    await database.db.insert(slackDigestClaims).values({ userId: people.berlin.id, localDate: day, status: 'sending', claimedAt: new Date('2026-11-27T08:05:00Z') });
    await one.bot.digest.runOnce(new Date('2026-11-27T08:10:00Z')); // 5 minutes later: still the other process's
    expect(digestsTo('berlin')).toHaveLength(0);
    await one.bot.digest.runOnce(new Date('2026-11-27T08:30:00Z')); // 25 minutes later: taken over
    expect(digestsTo('berlin')).toHaveLength(1);
    const [claim] = await database.db.select().from(slackDigestClaims).where(and(eq(slackDigestClaims.userId, people.berlin.id), eq(slackDigestClaims.localDate, day)));
    expect(claim.status).toBe('sent');
    expect(claim.messageTs).toMatch(/^\d+\.\d+$/);
  });

  it('redraws the digest after a Done click', async () => {
    fake.reset();
    await database.db.delete(slackDigestClaims).where(eq(slackDigestClaims.userId, people.berlin.id));
    const [digest] = await (async () => { await one.bot.digest.runOnce(new Date('2026-11-25T10:00:00Z')); return digestsTo('berlin'); })();
    const actions = digest.args.blocks.find((b: Json) => b.type === 'actions');
    const done = actions.elements.find((e: Json) => e.action_id.startsWith(ACTION.followUpDone));
    const message = { type: 'message', ts: '9.9', text: digest.args.text, blocks: digest.args.blocks };
    await one.click({ userId: 'UBERLIN', actionId: done.action_id, value: done.value, blockId: actions.block_id, channelId: 'DB1', container: { type: 'message', message_ts: '9.9', channel_id: 'DB1', is_ephemeral: false }, message, responseUrl: fake.responseUrl() });
    const [update] = await fake.waitFor('chat.update');
    const text = JSON.stringify(update.args.blocks);
    expect(text).toMatch(/Followed up with \*Priya Shah-berlin\*/);
    expect(text).not.toMatch(/1 day overdue/);
    expect(text).toMatch(/Prepare the take-home/);
  });

  it('follows the reminder settings: no digest when the user chose channels without slack, one when slack is among them', async () => {
    fake.reset();
    await person('quiet', 'Europe/Berlin', 9, '2026-11-25');
    await one.kith.call(people.quiet.id, 'set_reminders', { channels: ['email'], hour: 9 });
    await one.bot.digest.runOnce(new Date('2026-11-25T10:05:00Z'));
    expect(digestsTo('quiet')).toHaveLength(0);
    await one.kith.call(people.quiet.id, 'set_reminders', { channels: ['email', 'slack'], hour: 11 });
    await one.bot.digest.runOnce(new Date('2026-11-25T10:05:00Z'));
    expect(digestsTo('quiet')).toHaveLength(1);
  });
});
