import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { reminderActions, reminderDeliveries, reminderSettings, users, webPushSubscriptions } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { calendarItems, type CalendarItem } from '../../agent/tools/calendar/calendar-items.js';
import { digestEmail, pushNotification, type EmailPayload, type PushPayload, type ReminderLine } from './reminder-messages.js';
import { signAction } from './action-links.js';
import { raiseFollowUpsDue } from './follow-ups-due.js';

/** How a claimed message leaves: each throws when it could not be delivered (the delivery is retried). */
export interface ReminderChannels {
  email(userId: string, to: string | null, message: EmailPayload): Promise<void>;
  push(userId: string, notification: PushPayload): Promise<void>;
}

export interface ReminderSchedulerOptions {
  runtime: ToolRuntime;
  channels: ReminderChannels;
  /** The clock the schedule follows (default the runtime's: KITH_NOW and KITH_CLOCK_RATE move it in tests). */
  now?: () => Date;
  /** Where links in messages point: the server's public address. */
  publicUrl: string;
  /** The key Done/Snooze links are signed with (app/reminders/instance-keys.ts). */
  linkKey: () => Promise<Buffer>;
  /** How often to look, in real milliseconds (default a minute). */
  intervalMs?: number;
  /** A delivery left "sending" this long by the clock (a process that died mid-send) is taken again. */
  stallMs?: number;
  /** Attempts before giving up (default 5); the waits between them grow 1, 5, 25, 125 minutes by the clock. */
  maxAttempts?: number;
}

export interface ReminderRunReport {
  users: number; claimed: number; sent: number; failed: number; retried: number;
  /** "follow_up.due" webhook deliveries queued by this run (the webhook worker sends them). */
  followUpsDue: number;
}

export interface ReminderScheduler {
  start(): void;
  stop(): Promise<void>;
  runOnce(now?: Date): Promise<ReminderRunReport>;
}

type Channel = 'email' | 'push';
interface Candidate { userId: string; channel: Channel; key: string; payload: unknown; actions: Array<{ id: string; itemKey: string; action: 'done' | 'snooze' }> }
type DeliveryRow = typeof reminderDeliveries.$inferSelect;

const ACTION_LIFETIME_MS = 14 * 86_400_000;
const backoffMs = (attempts: number) => 60_000 * 5 ** Math.max(0, attempts - 1);

interface DueUser { userId: string; channels: Channel[]; emailMode: 'digest' | 'each'; emailTo: string | null; tz: string; today: string }

/** Users with reminders on whose hour has come today (in their zone). */
async function dueUsers(db: KithDb, now: Date, defaultTz: string): Promise<DueUser[]> {
  const rows = await db.select({
    userId: reminderSettings.userId, channels: reminderSettings.channels, hour: reminderSettings.hour,
    emailMode: reminderSettings.emailMode, emailTo: reminderSettings.emailTo, timeZone: users.timeZone,
  }).from(reminderSettings).innerJoin(users, eq(users.id, reminderSettings.userId))
    .where(sql`cardinality(${reminderSettings.channels}) > 0 and ${users.disabledAt} is null`);
  const due: DueUser[] = [];
  for (const r of rows) {
    const channels = r.channels.filter((c): c is Channel => c === 'email' || c === 'push');
    if (channels.length === 0) continue;
    let local = DateTime.fromJSDate(now, { zone: r.timeZone ?? defaultTz });
    if (!local.isValid) local = DateTime.fromJSDate(now, { zone: defaultTz });
    if (local.hour < r.hour) continue;
    due.push({ userId: r.userId, channels, emailMode: r.emailMode, emailTo: r.emailTo, tz: local.zoneName ?? defaultTz, today: local.toISODate()! });
  }
  return due;
}

/** Each user's items due today or before, read in one transaction with row-level security per user. */
async function dueItems(runtime: ToolRuntime, who: DueUser[], now: Date): Promise<Map<string, CalendarItem[]>> {
  const out = new Map<string, CalendarItem[]>();
  if (who.length === 0) return out;
  await runtime.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'kith_app', true)`);
    for (const u of who) {
      await tx.execute(sql`select set_config('kith.user_id', ${u.userId}, true)`);
      out.set(u.userId, await calendarItems({ db: tx as unknown as KithDb, userId: u.userId, now, tz: u.tz, log: runtime.log }, { to: u.today, limit: 200 }));
    }
  });
  return out;
}

/**
 * Sends each reminder once across every `kith serve` process on the database. A message is a row
 * of reminder_deliveries keyed (user, channel, key) — "digest:2026-11-25", "task-<id>:2026-11-25"
 * — and only the process whose INSERT … ON CONFLICT DO NOTHING returns the row sends it. A failed
 * send is retried with growing waits; a retry is claimed with FOR UPDATE SKIP LOCKED, so two
 * processes never take the same one.
 */
export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { runtime, channels } = options;
  const clock = options.now ?? runtime.now;
  const stallMs = options.stallMs ?? 15 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const link = (key: Buffer, id: string) => `${options.publicUrl.replace(/\/$/, '')}/r/${signAction(key, id)}`;

  function candidatesFor(u: DueUser, items: CalendarItem[], key: Buffer, hasPush: boolean): Candidate[] {
    const out: Candidate[] = [];
    const lineOf = (item: CalendarItem, actions: Candidate['actions']): ReminderLine => {
      const done = { id: randomUUID(), itemKey: item.key, action: 'done' as const };
      const snooze = { id: randomUUID(), itemKey: item.key, action: 'snooze' as const };
      actions.push(done, snooze);
      return { key: item.key, title: item.title, date: item.date, category: item.category, meetingUrl: item.meetingUrl, doneUrl: link(key, done.id), snoozeUrl: link(key, snooze.id) };
    };
    if (u.channels.includes('email') && items.length > 0) {
      if (u.emailMode === 'digest') {
        const actions: Candidate['actions'] = [];
        const lines = items.map((i) => lineOf(i, actions));
        out.push({ userId: u.userId, channel: 'email', key: `digest:${u.today}`, payload: { to: u.emailTo, ...digestEmail(lines, u.today, options.publicUrl) }, actions });
      } else {
        for (const item of items) {
          const actions: Candidate['actions'] = [];
          out.push({ userId: u.userId, channel: 'email', key: `${item.key}:${u.today}`, payload: { to: u.emailTo, ...digestEmail([lineOf(item, actions)], u.today, options.publicUrl) }, actions });
        }
      }
    }
    if (u.channels.includes('push') && hasPush) {
      for (const item of items) {
        const actions: Candidate['actions'] = [];
        out.push({ userId: u.userId, channel: 'push', key: `${item.key}:${u.today}`, payload: pushNotification(lineOf(item, actions), u.today, options.publicUrl), actions });
      }
    }
    return out;
  }

  /** Inserts the candidates; returns the deliveries this process won, with their actions recorded. */
  async function claim(candidates: Candidate[], now: Date): Promise<DeliveryRow[]> {
    if (candidates.length === 0) return [];
    return runtime.db.transaction(async (tx) => {
      const won = await tx.insert(reminderDeliveries).values(candidates.map((c) => ({
        userId: c.userId, channel: c.channel, key: c.key, payload: c.payload, status: 'sending' as const, claimedAt: now, createdAt: now,
      }))).onConflictDoNothing().returning();
      const byKey = new Map(candidates.map((c) => [`${c.userId}/${c.channel}/${c.key}`, c]));
      const actions = won.flatMap((d) => byKey.get(`${d.userId}/${d.channel}/${d.key}`)!.actions.map((a) => ({
        id: a.id, userId: d.userId, deliveryId: d.id, itemKey: a.itemKey, action: a.action, expiresAt: new Date(now.getTime() + ACTION_LIFETIME_MS), createdAt: now,
      })));
      for (let i = 0; i < actions.length; i += 500) await tx.insert(reminderActions).values(actions.slice(i, i + 500));
      return won;
    });
  }

  async function deliver(d: DeliveryRow, now: Date): Promise<boolean> {
    try {
      if (d.channel === 'email') {
        const p = d.payload as EmailPayload & { to: string | null };
        await channels.email(d.userId, p.to, { subject: p.subject, text: p.text, html: p.html });
      } else {
        await channels.push(d.userId, d.payload as PushPayload);
      }
      await runtime.db.update(reminderDeliveries).set({ status: 'sent', sentAt: now, lastError: null, nextAttemptAt: null }).where(eq(reminderDeliveries.id, d.id));
      return true;
    } catch (error) {
      const giveUp = d.attempts >= maxAttempts;
      runtime.log.warn('reminders: a message could not be sent', { channel: d.channel, attempts: d.attempts, error: (error as Error).message });
      await runtime.db.update(reminderDeliveries).set({
        status: giveUp ? 'gave_up' : 'failed', lastError: String((error as Error).message).slice(0, 500),
        nextAttemptAt: giveUp ? null : new Date(now.getTime() + backoffMs(d.attempts)),
      }).where(eq(reminderDeliveries.id, d.id));
      return false;
    }
  }

  /** Failed deliveries whose wait is over, and sends left stalled by a process that died, claimed without waiting on another process's. */
  async function claimRetries(now: Date): Promise<DeliveryRow[]> {
    const stalledBefore = new Date(now.getTime() - stallMs).toISOString();
    const result = await runtime.db.execute(sql`
      update reminder_deliveries d set status = 'sending', attempts = d.attempts + 1, claimed_at = ${now.toISOString()}::timestamptz
      where d.id in (
        select id from reminder_deliveries
        where (status = 'failed' and next_attempt_at <= ${now.toISOString()}::timestamptz)
           or (status = 'sending' and claimed_at < ${stalledBefore}::timestamptz)
        order by next_attempt_at nulls first
        limit 100
        for update skip locked)
      returning d.id`);
    const ids = (result as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    if (ids.length === 0) return [];
    return runtime.db.select().from(reminderDeliveries).where(inArray(reminderDeliveries.id, ids));
  }

  async function runOnce(now: Date = clock()): Promise<ReminderRunReport> {
    const report: ReminderRunReport = { users: 0, claimed: 0, sent: 0, failed: 0, retried: 0, followUpsDue: 0 };
    // webhooks hear of a follow-up on its day whatever the user's reminder channels are
    report.followUpsDue = await raiseFollowUpsDue(runtime.db, now, runtime.tz);
    const due = await dueUsers(runtime.db, now, runtime.tz);
    report.users = due.length;
    if (due.length > 0) {
      const ids = due.map((u) => u.userId);
      // what went out already in the last two days: no payload is built for those again
      const sent = await runtime.db.select({ userId: reminderDeliveries.userId, channel: reminderDeliveries.channel, key: reminderDeliveries.key })
        .from(reminderDeliveries).where(and(inArray(reminderDeliveries.userId, ids), gte(reminderDeliveries.createdAt, new Date(now.getTime() - 2 * 86_400_000))));
      const known = new Set(sent.map((s) => `${s.userId}/${s.channel}/${s.key}`));
      const pushUsers = new Set((await runtime.db.selectDistinct({ userId: webPushSubscriptions.userId }).from(webPushSubscriptions)
        .where(inArray(webPushSubscriptions.userId, ids))).map((r) => r.userId));
      const items = await dueItems(runtime, due, now);
      const key = await options.linkKey();
      const candidates = due.flatMap((u) => candidatesFor(u, items.get(u.userId) ?? [], key, pushUsers.has(u.userId)))
        .filter((c) => !known.has(`${c.userId}/${c.channel}/${c.key}`));
      const won = await claim(candidates, now);
      report.claimed = won.length;
      for (const d of won) report[(await deliver(d, now)) ? 'sent' : 'failed']++;
    }
    const retries = await claimRetries(now);
    report.retried = retries.length;
    for (const d of retries) report[(await deliver(d, now)) ? 'sent' : 'failed']++;
    if (report.claimed + report.retried + report.followUpsDue > 0) runtime.log.info('reminders: run', { ...report });
    return report;
  }

  const tick = () => {
    if (running) return;
    running = runOnce().catch((error: unknown) => runtime.log.error('reminders: the run failed', { error: (error as Error).message }))
      .finally(() => { running = undefined; });
  };

  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, options.intervalMs ?? 60_000);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}
