import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { STORAGES } from '../../../test-support/test-database.js';
import { withUser } from '../../../db/with-user.js';
import { silentLogger, type ToolContext } from '../shared/context.js';
import type { KithDb } from '../../../db/types.js';
import { logEmails } from './log-emails.js';
import type { EmailMessage } from './parse-email.js';
import { suggestNoResponse } from './reply-suggestions.js';

const ME = 'alice@example.test';
const DAY = 86_400_000;
const DAYS = 7;
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** One message of a thread: the user's own (outgoing) or the contact's. */
function mail(id: string, thread: string, person: string, outgoing: boolean, date: Date, inReplyTo: string | null = null): EmailMessage {
  const other = { address: person, name: null };
  const me = { address: ME, name: null };
  return {
    messageId: id, inReplyTo, references: inReplyTo ? [thread] : [], subject: `${inReplyTo ? 'Re: ' : ''}${thread}`, date,
    from: outgoing ? me : other, to: [outgoing ? other : me], cc: [], body: outgoing ? 'Any news?' : 'Thanks, noted.', attachments: [], bulk: false,
  };
}

describe.each(STORAGES)('the no-response pass after a sync on %s', (storage) => {
  const t = withAliceAndBob(storage);
  const people = Array.from({ length: 8 }, (_, i) => `person${i}@example.test`);

  const ctxAt = (tx: KithDb, now: Date, userId = t.alice.id): ToolContext => ({ db: tx, userId, now, tz: 'UTC', log: silentLogger });
  /** A sync batch: logged in its own transaction, as syncMailbox does. */
  const logBatch = (now: Date, messages: EmailMessage[]) =>
    withUser(t.database.db, t.alice.id, (tx) => logEmails(ctxAt(tx, now), messages, { ownAddresses: [ME] }));
  const pass = (now: Date, lastSyncAt: Date | null) =>
    withUser(t.database.db, t.alice.id, (tx) => suggestNoResponse(ctxAt(tx, now), DAYS, lastSyncAt));
  /** The interactions that have a no_response suggestion. */
  const suggested = async () => new Set(rows<{ id: string }>(await withUser(t.database.db, t.alice.id, (tx) => tx.execute(sql`
    select input->>'interaction_id' as id from crm_approvals where origin = 'suggestion' and input->>'outcome' = 'no_response'`))).map((r) => r.id));
  /** The rule itself, over every thread: the user wrote last, longer ago than the cutoff, and no outcome is set. */
  const eligibleNow = async (now: Date) => new Set(rows<{ id: string }>(await withUser(t.database.db, t.alice.id, (tx) => tx.execute(sql`
    select t.interaction_id as id from mail_thread_interactions t join crm_interactions i on i.id = t.interaction_id and i.outcome is null
     where (select m.direction from mail_messages m where m.thread_key = t.thread_key order by m.sent_at desc, m.id desc limit 1) = 'outgoing'
       and (select max(m.sent_at) from mail_messages m where m.thread_key = t.thread_key) < ${new Date(now.getTime() - DAYS * DAY).toISOString()}::timestamptz`))).map((r) => r.id));
  const toJudge = async () => rows<{ thread_key: string }>(await withUser(t.database.db, t.alice.id, (tx) => tx.execute(sql`select thread_key from mail_threads_to_judge order by 1`))).map((r) => r.thread_key);
  const interactionOf = async (thread: string) => rows<{ id: string }>(await withUser(t.database.db, t.alice.id, (tx) => tx.execute(sql`
    select interaction_id as id from mail_thread_interactions where thread_key = ${thread}`)))[0]?.id;

  beforeAll(async () => {
    for (const [i, email] of people.entries()) await t.h.call(t.alice.id, 'add_contact', { first_name: 'Person', last_name: String(i), email });
  });

  it('suggests a sent mail left unanswered once its deadline passes, with no new mail since', async () => {
    const sent = new Date('2026-03-01T10:00:00Z');
    await logBatch(sent, [mail('late-1@example.test', 'late-1@example.test', people[0], true, sent)]);
    expect(await toJudge()).toEqual(['late-1@example.test']);
    const first = new Date(sent.getTime() + 3 * DAY);
    expect(await pass(first, null)).toBe(0);
    expect(await toJudge()).toEqual([]);
    // nothing new arrives; the clock passes the deadline
    expect(await pass(new Date(sent.getTime() + 8 * DAY), first)).toBe(1);
    expect(await suggested()).toEqual(new Set([await interactionOf('late-1@example.test')]));
  });

  it('makes no suggestion for a thread whose answer came in a later batch of the same sync', async () => {
    const sent = new Date('2026-03-20T10:00:00Z');
    const now = new Date(sent.getTime() + 20 * DAY);
    await logBatch(now, [mail('ans-1@example.test', 'ans-1@example.test', people[1], true, sent)]);
    await logBatch(now, [mail('ans-2@example.test', 'ans-1@example.test', people[1], false, new Date(sent.getTime() + DAY), 'ans-1@example.test')]);
    const before = await suggested();
    expect(await pass(now, new Date(sent.getTime() - DAY))).toBe(0);
    expect(await suggested()).toEqual(before);
  });

  it('under a fixed clock, a second pass judges only the threads that got mail since the first', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const old = new Date('2026-04-01T12:00:00Z');
    await logBatch(now, [mail('fixed-1@example.test', 'fixed-1@example.test', people[2], true, old)]);
    expect(await pass(now, null)).toBe(1);
    expect(await toJudge()).toEqual([]);
    // a pass at the same instant, as the bench's fixed clock makes it: nothing is left to judge
    expect(await pass(now, now)).toBe(0);
    await logBatch(now, [mail('fixed-2@example.test', 'fixed-2@example.test', people[3], true, old)]);
    expect(await toJudge()).toEqual(['fixed-2@example.test']);
    expect(await pass(now, now)).toBe(1);
    expect(await suggested()).toContain(await interactionOf('fixed-2@example.test'));
  });

  it('judges the threads a crashed sync committed at the next pass', async () => {
    const lastGood = new Date('2026-07-01T12:00:00Z');
    const crashed = new Date('2026-07-02T12:00:00Z');
    // the crashed sync committed this batch and never reached its pass
    await logBatch(crashed, [mail('crash-1@example.test', 'crash-1@example.test', people[4], true, new Date('2026-06-01T12:00:00Z'))]);
    expect(await pass(new Date('2026-07-03T12:00:00Z'), lastGood)).toBe(1);
    expect(await suggested()).toContain(await interactionOf('crash-1@example.test'));
  });

  it('suggests exactly what judging every thread at every pass would, as mail arrives late, in batches, under a moving and a fixed clock', async () => {
    // a seeded generator: the same scenario each run
    let seed = 17;
    const random = () => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648; };
    const start = new Date('2026-09-01T00:00:00Z').getTime();
    const messages: Array<{ message: EmailMessage; arrives: number }> = [];
    for (let th = 0; th < 40; th++) {
      const root = `prop-${th}@example.test`;
      const person = people[th % people.length];
      let at = start + random() * 30 * DAY;
      let outgoing = random() < 0.7;
      const count = 1 + Math.floor(random() * 4);
      for (let k = 0; k < count; k++) {
        const id = k === 0 ? root : `prop-${th}-${k}@example.test`;
        // most mail is read soon after it is sent; some (a folder read late) days after
        const arrives = at + (random() < 0.2 ? (1 + random() * 5) * DAY : random() * 3_600_000);
        messages.push({ message: mail(id, root, person, outgoing, new Date(at), k === 0 ? null : root), arrives });
        at += random() * 9 * DAY;
        outgoing = !outgoing;
      }
    }
    const before = await suggested();
    const expected = new Set(before);
    const logged = new Set<string>();
    let lastPass: Date | null = new Date(start);
    for (let round = 0; round < 30; round++) {
      // every other round the clock stands still, as in the tests and the bench
      const now = new Date(start + Math.floor((round + 1) / 2) * 2.5 * DAY);
      const due = messages.filter((m) => m.arrives <= now.getTime() && !logged.has(m.message.messageId));
      for (let i = 0; i < due.length; i += 3) {
        const batch = due.slice(i, i + 3);
        await logBatch(now, batch.map((m) => m.message));
        for (const m of batch) logged.add(m.message.messageId);
      }
      // the sync of round 11 crashes after its batches: no pass, and its time is not the last sync's
      if (round === 11) continue;
      await pass(now, lastPass);
      for (const id of await eligibleNow(now)) expected.add(id);
      expect(await suggested(), `round ${round}`).toEqual(expected);
      lastPass = now;
    }
    expect(expected.size - before.size).toBeGreaterThan(5);
  });

  it('keeps bob out of alice\'s threads to judge', async () => {
    await logBatch(new Date('2026-12-01T00:00:00Z'), [mail('bob-check@example.test', 'bob-check@example.test', people[5], true, new Date('2026-11-01T00:00:00Z'))]);
    const asBob = rows<{ n: number }>(await withUser(t.database.db, t.bob.id, (tx) => tx.execute(sql`select count(*)::int as n from mail_threads_to_judge`)));
    expect(asBob[0].n).toBe(0);
    expect(await withUser(t.database.db, t.bob.id, (tx) => suggestNoResponse(ctxAt(tx, new Date('2026-12-01T00:00:00Z'), t.bob.id), DAYS, null))).toBe(0);
    expect((await toJudge())).toContain('bob-check@example.test');
  });
});
