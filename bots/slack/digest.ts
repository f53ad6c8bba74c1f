import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { slackDigestClaims, slackIdentities, users } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { isEmptyAgenda, readAgenda } from './agenda.js';
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

async function settleClaim(db: KithDb, target: DigestTarget, values: Partial<typeof slackDigestClaims.$inferInsert>) {
  await db.update(slackDigestClaims).set(values)
    .where(and(eq(slackDigestClaims.userId, target.userId), eq(slackDigestClaims.localDate, target.localDate)));
}

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
    // Skip the users already done today without a write per user.
    const minDate = candidates.reduce((m, t) => (t.localDate < m ? t.localDate : m), '9999-12-31');
    const done = candidates.length === 0 ? [] : await runtime.db.select({ userId: slackDigestClaims.userId, localDate: slackDigestClaims.localDate })
      .from(slackDigestClaims)
      .where(and(gte(slackDigestClaims.localDate, minDate), or(
        inArray(slackDigestClaims.status, ['sent', 'empty']),
        sql`${slackDigestClaims.claimedAt} >= ${new Date(now.getTime() - retryAfterMs).toISOString()}::timestamptz`,
      )));
    const doneKeys = new Set(done.map((d) => `${d.userId}/${d.localDate}`));
    const targets = candidates.filter((t) => !doneKeys.has(`${t.userId}/${t.localDate}`));
    report.due = candidates.length;
    await pool(targets, options.concurrency ?? 8, async (target) => {
      if (!(await claimDigest(runtime.db, target, now, retryAfterMs))) return;
      report.claimed++;
      try {
        const agenda = await readAgenda(runtime, target.userId, target.tz, { now });
        if (isEmptyAgenda(agenda) && !options.sendEmpty) {
          await settleClaim(runtime.db, target, { status: 'empty', sentAt: new Date() });
          report.empty++;
          return;
        }
        const { ts } = await options.send(target, digestMessage(agenda));
        await settleClaim(runtime.db, target, { status: 'sent', sentAt: new Date(), messageTs: ts ?? null });
        report.sent++;
      } catch (error) {
        report.failed++;
        runtime.log.error('slack: the digest could not be sent', { user: target.userId, error: (error as Error).message });
        await settleClaim(runtime.db, target, { status: 'failed' }).catch(() => undefined);
      }
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
