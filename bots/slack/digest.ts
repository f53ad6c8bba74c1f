import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { reminderSettings, slackDigestClaims, slackIdentities, users } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { isEmptyAgenda, readAgendas } from './agenda.js';
import { digestMessage } from './blocks/digest.js';
import type { Block } from './blocks/kit.js';
import { pruneDeliveries } from './dedup.js';

export interface DigestTarget {
  userId: string;
  teamId: string;
  slackUserId: string;
  tz: string;
  localDate: string;
}

export interface DigestRunReport {
  /** Users with a Slack identity whose digest hour has come today. */
  due: number;
  /** Claimed by this run (another process got the rest). */
  claimed: number;
  sent: number;
  /** Claimed, but nothing was due: no message. */
  empty: number;
  failed: number;
  ms: number;
}

export interface DigestSchedulerOptions {
  runtime: ToolRuntime;
  /** Posts the digest by DM; returns the message ts. */
  send(target: DigestTarget, message: { text: string; blocks: Block[] }): Promise<{ ts?: string }>;
  /** How often to look (default every minute). */
  intervalMs?: number;
  /** A claim left "sending" or "failed" this long is taken again (a crashed process, a Slack outage). */
  retryAfterMs?: number;
  /** Digests prepared and sent at once. */
  concurrency?: number;
  /** Send a digest even when nothing is due (default false: no message on an empty day). */
  sendEmpty?: boolean;
}

export interface DigestScheduler {
  /** Runs once now (catching up on any digest missed while stopped), then every interval. */
  start(): Promise<void>;
  stop(): Promise<void>;
  runOnce(now?: Date): Promise<DigestRunReport>;
}

const zoneOr = (tz: string | null, fallback: string) => (tz && DateTime.local().setZone(tz).isValid ? tz : fallback);

/** Users whose local digest hour has passed today, with the Slack identity to DM (the first linked). */
export async function dueDigestTargets(db: KithDb, now: Date, defaultTz: string): Promise<DigestTarget[]> {
  const rows = await db.select({
    userId: users.id, timeZone: users.timeZone, digestHour: users.digestHour,
    teamId: slackIdentities.teamId, slackUserId: slackIdentities.slackUserId,
  }).from(slackIdentities).innerJoin(users, eq(users.id, slackIdentities.userId))
    // a user who chose their reminder channels (set_reminders) gets the digest only with slack among them
    .leftJoin(reminderSettings, eq(reminderSettings.userId, users.id))
    // a disabled user gets nothing
    .where(sql`(${reminderSettings.userId} is null or 'slack' = any(${reminderSettings.channels})) and ${users.disabledAt} is null`)
    .orderBy(asc(slackIdentities.userId), asc(slackIdentities.createdAt));
  const targets: DigestTarget[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.userId)) continue;
    seen.add(r.userId);
    const tz = zoneOr(r.timeZone, defaultTz);
    const local = DateTime.fromJSDate(now, { zone: tz });
    if (local.hour < r.digestHour) continue;
    targets.push({ userId: r.userId, teamId: r.teamId, slackUserId: r.slackUserId, tz, localDate: local.toISODate()! });
  }
  return targets;
}

/**
 * Claims a user's digest for a local day: true for exactly one caller across all processes
 * sharing the database (the primary key decides), or for a retry of a claim that stalled.
 */
export async function claimDigest(db: KithDb, target: DigestTarget, now: Date, retryAfterMs: number): Promise<boolean> {
  const fresh = await db.insert(slackDigestClaims).values({ userId: target.userId, localDate: target.localDate, status: 'sending', claimedAt: now })
    .onConflictDoNothing().returning({ userId: slackDigestClaims.userId });
  if (fresh.length > 0) return true;
  const retried = await db.update(slackDigestClaims).set({ status: 'sending', claimedAt: now })
    .where(and(
      eq(slackDigestClaims.userId, target.userId), eq(slackDigestClaims.localDate, target.localDate),
      inArray(slackDigestClaims.status, ['sending', 'failed']),
      lt(slackDigestClaims.claimedAt, new Date(now.getTime() - retryAfterMs)),
    )).returning({ userId: slackDigestClaims.userId });
  return retried.length > 0;
}

/** Claims many digests in one statement; returns those this caller got. */
async function claimMany(db: KithDb, targets: DigestTarget[], now: Date): Promise<DigestTarget[]> {
  const got: DigestTarget[] = [];
  for (let i = 0; i < targets.length; i += 1000) {
    const batch = targets.slice(i, i + 1000);
    const rows = await db.insert(slackDigestClaims)
      .values(batch.map((t) => ({ userId: t.userId, localDate: t.localDate, status: 'sending', claimedAt: now })))
      .onConflictDoNothing().returning({ userId: slackDigestClaims.userId, localDate: slackDigestClaims.localDate });
    const won = new Set(rows.map((r) => `${r.userId}/${r.localDate}`));
    got.push(...batch.filter((t) => won.has(`${t.userId}/${t.localDate}`)));
  }
  return got;
}

type Settled = { target: DigestTarget; status: 'sent' | 'empty' | 'failed'; ts?: string };

/** Records how each claimed digest ended, in one statement. */
async function settleMany(db: KithDb, settled: Settled[], at: Date): Promise<void> {
  if (settled.length === 0) return;
  const rows = sql.join(settled.map((s) => sql`(${s.target.userId}::uuid, ${s.target.localDate}::date, ${s.status}, ${s.ts ?? null}::text)`), sql`, `);
  await db.execute(sql`
    update slack_digest_claims c
    set status = v.status, message_ts = v.ts,
        sent_at = case when v.status = 'failed' then c.sent_at else ${at.toISOString()}::timestamptz end
    from (values ${rows}) as v(user_id, local_date, status, ts)
    where c.user_id = v.user_id and c.local_date = v.local_date`);
}

const CHUNK = 50;

/** Runs `fn` over items with at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { runtime } = options;
  const retryAfterMs = options.retryAfterMs ?? 10 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<DigestRunReport> | undefined;

  async function runOnce(now: Date = runtime.now()): Promise<DigestRunReport> {
    const started = Date.now();
    const report: DigestRunReport = { due: 0, claimed: 0, sent: 0, empty: 0, failed: 0, ms: 0 };
    const candidates = await dueDigestTargets(runtime.db, now, runtime.tz);
    // What is claimed already, read once: no write at all for the users done today.
    const minDate = candidates.reduce((m, t) => (t.localDate < m ? t.localDate : m), '9999-12-31');
    const existing = candidates.length === 0 ? [] : await runtime.db.select({ userId: slackDigestClaims.userId, localDate: slackDigestClaims.localDate, status: slackDigestClaims.status, claimedAt: slackDigestClaims.claimedAt })
      .from(slackDigestClaims).where(gte(slackDigestClaims.localDate, minDate));
    const claims = new Map(existing.map((c) => [`${c.userId}/${c.localDate}`, c]));
    const stalledBefore = now.getTime() - retryAfterMs;
    const unclaimed: DigestTarget[] = [];
    const stalled: DigestTarget[] = [];
    for (const t of candidates) {
      const c = claims.get(`${t.userId}/${t.localDate}`);
      if (!c) unclaimed.push(t);
      else if ((c.status === 'sending' || c.status === 'failed') && c.claimedAt.getTime() < stalledBefore) stalled.push(t);
    }
    report.due = candidates.length;
    // One statement claims every fresh digest (the primary key lets one process win each);
    // a claim left stalled by a crashed sender is taken over one by one.
    const fresh = await claimMany(runtime.db, unclaimed, now);
    const retried: DigestTarget[] = [];
    for (const t of stalled) if (await claimDigest(runtime.db, t, now, retryAfterMs)) retried.push(t);
    const claimed = [...fresh, ...retried];
    report.claimed = claimed.length;
    const chunks: DigestTarget[][] = [];
    for (let i = 0; i < claimed.length; i += CHUNK) chunks.push(claimed.slice(i, i + CHUNK));
    // A chunk: its agendas in one read-only transaction (row-level security per user), its messages
    // sent a few at a time, its claims settled in one statement.
    await pool(chunks, 2, async (chunk) => {
      const settled: Settled[] = [];
      try {
        const agendas = await readAgendas(runtime, chunk, now);
        await pool(chunk, options.concurrency ?? 8, async (target) => {
          const agenda = agendas.get(target.userId)!;
          if (isEmptyAgenda(agenda) && !options.sendEmpty) {
            settled.push({ target, status: 'empty' });
            return;
          }
          try {
            const { ts } = await options.send(target, digestMessage(agenda));
            settled.push({ target, status: 'sent', ts });
          } catch (error) {
            runtime.log.error('slack: the digest could not be sent', { user: target.userId, error: (error as Error).message });
            settled.push({ target, status: 'failed' });
          }
        });
      } catch (error) {
        runtime.log.error('slack: digests could not be prepared', { error: (error as Error).message });
        for (const target of chunk) if (!settled.some((s) => s.target === target)) settled.push({ target, status: 'failed' });
      }
      await settleMany(runtime.db, settled, new Date()).catch((error: unknown) => runtime.log.error('slack: digest claims not settled', { error: (error as Error).message }));
      for (const s of settled) report[s.status]++;
    });
    await pruneDeliveries(runtime.db, now).catch(() => undefined);
    report.ms = Date.now() - started;
    if (report.claimed > 0) runtime.log.info('slack: digest run', { ...report });
    return report;
  }

  const tick = () => {
    if (running) return;
    running = runOnce().catch((error: unknown) => {
      runtime.log.error('slack: the digest run failed', { error: (error as Error).message });
      return { due: 0, claimed: 0, sent: 0, empty: 0, failed: 0, ms: 0 };
    }).finally(() => { running = undefined; });
  };

  return {
    async start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, options.intervalMs ?? 60_000);
      timer.unref?.();
      await running;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}
