import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { crmWebhookDeliveries, crmWebhooks } from '../../db/schema/index.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { createWebhookSender, type SendResult, type WebhookSender } from '../../agent/tools/webhooks/send-webhook.js';
import { webhookRequest } from '../../agent/tools/webhooks/webhook-signature.js';
import { hostOf, openWebhookSecret, type DeliveryRow } from '../../agent/tools/webhooks/webhook-records.js';

export interface WebhookWorkerOptions {
  runtime: Pick<ToolRuntime, 'db' | 'now' | 'log' | 'secrets' | 'allowPrivateNetworks'>;
  /** The clock deliveries are due by (default the runtime's). */
  now?: () => Date;
  /** How requests leave (default node:http(s) with keep-alive, the private-address guard and the timeout). */
  sender?: WebhookSender;
  /** The longest one attempt may take (default 10 s). */
  timeoutMs?: number;
  /** How often to look for due deliveries, in real milliseconds (default 5 s). */
  intervalMs?: number;
  /** Deliveries leased at once (default 50). */
  batchSize?: number;
  /** Requests in flight at once (default 8), and at most perWebhook (default 2) to one endpoint. */
  concurrency?: number;
  perWebhook?: number;
  /** Attempts before a delivery is marked failed (default 8). */
  maxAttempts?: number;
  /** The wait after the nth failed attempt when the receiver named none (Retry-After); default 30 s × 4^(n-1), at most 12 h. */
  backoffMs?: (attempts: number) => number;
  /** How long a lease lasts by the clock (default 2 minutes): a process that died mid-send gives its rows back after it. */
  leaseMs?: number;
  /** Delivered and failed rows older than this are deleted (default 30 days). */
  retentionMs?: number;
}

export interface WebhookRunReport { leased: number; delivered: number; retrying: number; failed: number; deferred: number }

export interface WebhookWorker {
  start(): void;
  stop(): Promise<void>;
  /** Leases one batch of due deliveries, sends them and records each outcome. */
  runOnce(now?: Date): Promise<WebhookRunReport>;
}

export const defaultBackoffMs = (attempts: number) => Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 12 * 3_600_000);

type Leased = Pick<DeliveryRow, 'id' | 'userId' | 'webhookId' | 'event' | 'payload' | 'attempts' | 'createdAt'>;

/**
 * Sends what the triggers of migration 0077 queued. Rows are leased with one UPDATE over a
 * FOR UPDATE SKIP LOCKED selection, so several `kith serve` processes on one database each take
 * different rows and none is sent twice; a lease that runs out (its process died) is taken again.
 * An endpoint that timed out or could not be reached in a run gets nothing more in that run (its
 * other rows wait for the same retry time), and no send starts once the lease could run out
 * before it ends, so a slow receiver costs one timeout, not the whole batch.
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { runtime } = options;
  const db = runtime.db;
  const clock = options.now ?? runtime.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const perWebhook = options.perWebhook ?? 2;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const leaseMs = options.leaseMs ?? 120_000;
  const retentionMs = options.retentionMs ?? 30 * 86_400_000;
  const sender = options.sender ?? createWebhookSender({ keepAlive: true, allowPrivate: runtime.allowPrivateNetworks === true, timeoutMs, now: clock });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let lastCleanup = 0;

  async function lease(now: Date): Promise<Leased[]> {
    const d = crmWebhookDeliveries;
    const due = db.select({ id: d.id }).from(d)
      .where(or(
        and(eq(d.status, 'pending'), or(isNull(d.nextAttemptAt), lte(d.nextAttemptAt, now))),
        and(eq(d.status, 'sending'), lt(d.leasedUntil, now)),
      ))
      .orderBy(sql`${d.nextAttemptAt} asc nulls first`, d.createdAt)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    return db.update(d).set({ status: 'sending', attempts: sql`${d.attempts} + 1`, leasedUntil: new Date(now.getTime() + leaseMs) })
      .where(inArray(d.id, due))
      .returning({ id: d.id, userId: d.userId, webhookId: d.webhookId, event: d.event, payload: d.payload, attempts: d.attempts, createdAt: d.createdAt });
  }

  /** Writes one outcome, only while this worker still holds the row (the same attempt, still sending). */
  async function settle(row: Leased, set: Partial<typeof crmWebhookDeliveries.$inferInsert>): Promise<void> {
    const d = crmWebhookDeliveries;
    await db.update(d).set({ leasedUntil: null, ...set }).where(and(eq(d.id, row.id), eq(d.status, 'sending'), eq(d.attempts, row.attempts)));
  }

  /** Gives a row back unattempted: it keeps its attempt count and waits until `at` (null: the next run). */
  const putBack = (row: Leased, at: Date | null) => settle(row, { status: 'pending', attempts: row.attempts - 1, nextAttemptAt: at });

  async function outcome(row: Leased, result: SendResult, now: Date, host: string): Promise<'delivered' | 'retrying' | 'failed'> {
    if (result.ok) {
      await settle(row, { status: 'delivered', deliveredAt: now, lastStatusCode: result.statusCode, lastError: null, nextAttemptAt: null });
      return 'delivered';
    }
    const retry = result.retryable && row.attempts < maxAttempts;
    const next = retry ? new Date(now.getTime() + (result.retryAfterMs ?? backoffMs(row.attempts))) : null;
    await settle(row, { status: retry ? 'pending' : 'failed', nextAttemptAt: next, lastStatusCode: result.statusCode, lastError: result.error?.slice(0, 500) ?? null });
    runtime.log.warn('webhooks: a delivery failed', { event: row.event, attempts: row.attempts, status_code: result.statusCode, host, will_retry: retry });
    return retry ? 'retrying' : 'failed';
  }

  async function runOnce(now: Date = clock()): Promise<WebhookRunReport> {
    const report: WebhookRunReport = { leased: 0, delivered: 0, retrying: 0, failed: 0, deferred: 0 };
    const rows = await lease(now);
    report.leased = rows.length;
    if (rows.length > 0) {
      const hooks = new Map((await db.select({ id: crmWebhooks.id, userId: crmWebhooks.userId, url: crmWebhooks.url, secret: crmWebhooks.secret })
        .from(crmWebhooks).where(inArray(crmWebhooks.id, [...new Set(rows.map((r) => r.webhookId))]))).map((w) => [w.id, w]));
      const leasedAt = Date.now();
      /** Endpoints that timed out or could not be reached in this run, and when their rows are tried again. */
      const unreachable = new Map<string, Date | null>();

      const deliver = async (row: Leased) => {
        const hook = hooks.get(row.webhookId);
        if (unreachable.has(row.webhookId)) { await putBack(row, unreachable.get(row.webhookId)!); report.deferred++; return; }
        // a send that could outlast the lease would race the process that takes the row next
        if (Date.now() - leasedAt > leaseMs - timeoutMs - 5_000) { await putBack(row, null); report.deferred++; return; }
        if (!hook || hook.userId !== row.userId) {
          await settle(row, { status: 'failed', nextAttemptAt: null, lastError: 'The webhook no longer exists.' });
          report.failed++;
          return;
        }
        let secret: string;
        try {
          secret = openWebhookSecret(runtime, hook);
        } catch (error) {
          await settle(row, { status: 'failed', nextAttemptAt: null, lastError: (error as Error).message.slice(0, 500) });
          report.failed++;
          return;
        }
        const request = webhookRequest(row, secret, clock());
        const result = await sender.send(hook.url, request.body, request.headers);
        const settledAt = clock();
        const how = await outcome(row, result, settledAt, hostOf(hook.url));
        report[how]++;
        if (how !== 'delivered' && result.statusCode === null && !unreachable.has(row.webhookId)) {
          unreachable.set(row.webhookId, how === 'retrying' ? new Date(settledAt.getTime() + (result.retryAfterMs ?? backoffMs(row.attempts))) : null);
        }
      };
      await inPool(rows, concurrency, perWebhook, deliver, (error) => runtime.log.error('webhooks: a delivery could not be recorded', { error: (error as Error).message }));
    }
    if (Date.now() - lastCleanup > 3_600_000) {
      lastCleanup = Date.now();
      await db.execute(sql`delete from crm_webhook_deliveries where id in (
        select id from crm_webhook_deliveries where status in ('delivered', 'failed') and created_at < ${new Date(now.getTime() - retentionMs).toISOString()}::timestamptz limit 5000)`);
    }
    if (report.leased > 0) runtime.log.info('webhooks: run', { ...report });
    return report;
  }

  const tick = () => {
    if (running) return;
    running = (async () => {
      // a full batch means more are due: keep going until the queue is drained
      for (let i = 0; i < 100; i++) if ((await runOnce()).leased < batchSize || !timer) break;
    })().catch((error: unknown) => runtime.log.error('webhooks: the run failed', { error: (error as Error).message }))
      .finally(() => { running = undefined; });
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, options.intervalMs ?? 5_000);
      timer.unref?.();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      if (!options.sender) sender.close();
    },
    runOnce,
  };
}

/** Runs `fn` over the rows, `limit` at a time and at most `perKey` at a time for one endpoint, in the rows' order otherwise. */
async function inPool(rows: Leased[], limit: number, perKey: number, fn: (row: Leased) => Promise<void>, onError: (error: unknown) => void): Promise<void> {
  const queue = [...rows];
  const busy = new Map<string, number>();
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (queue.length === 0 && active === 0) return resolve();
      for (let i = 0; i < queue.length && active < limit;) {
        const row = queue[i];
        const n = busy.get(row.webhookId) ?? 0;
        if (n >= perKey) { i++; continue; }
        queue.splice(i, 1);
        active++;
        busy.set(row.webhookId, n + 1);
        fn(row).catch(onError).finally(() => {
          active--;
          busy.set(row.webhookId, busy.get(row.webhookId)! - 1);
          pump();
        });
      }
    };
    pump();
  });
}
