import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { calendarAccounts } from '../db/schema/index.js';
import type { ToolRuntime } from '../agent/tools/run-tool.js';
import { InvalidInputError } from '../agent/tools/shared/errors.js';
import { syncCalendar, type CalendarSyncOptions, type CalendarSyncReport } from '../agent/tools/calendar/caldav-sync.js';

const STALE_MS = 10 * 60_000;

/**
 * Runs one user's CalDAV sync unless another process is syncing them: the account row is claimed
 * by one UPDATE (a claim older than ten minutes is a process that died), and given back after.
 */
export async function syncCalendarOnce(runtime: ToolRuntime, userId: string, options: CalendarSyncOptions = {}): Promise<CalendarSyncReport | undefined> {
  const now = new Date();
  const claimed = await runtime.db.update(calendarAccounts).set({ syncClaimedAt: now })
    .where(and(eq(calendarAccounts.userId, userId), or(isNull(calendarAccounts.syncClaimedAt), lt(calendarAccounts.syncClaimedAt, new Date(now.getTime() - STALE_MS)))))
    .returning({ userId: calendarAccounts.userId });
  if (claimed.length === 0) {
    const [exists] = await runtime.db.select({ userId: calendarAccounts.userId }).from(calendarAccounts).where(eq(calendarAccounts.userId, userId));
    if (!exists) throw new InvalidInputError('calendar', 'No calendar is connected: connect one first (connect_calendar).');
    return undefined;
  }
  try {
    return await syncCalendar(runtime, userId, options);
  } finally {
    await runtime.db.update(calendarAccounts).set({ syncClaimedAt: null }).where(eq(calendarAccounts.userId, userId));
  }
}

/** Every connected calendar synced every `intervalMs` (KITH_CALDAV_INTERVAL_MS, default 15 minutes) by a serving process. */
export function startCalendarSync(runtime: ToolRuntime, intervalMs = 15 * 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = (async () => {
      const accounts = await runtime.db.select({ userId: calendarAccounts.userId }).from(calendarAccounts);
      for (const a of accounts) {
        await syncCalendarOnce(runtime, a.userId).catch((error: unknown) => runtime.log.warn('calendar: a sync failed', { error: (error as Error).message }));
      }
    })().catch(() => undefined).finally(() => { running = undefined; });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  setTimeout(tick, 5_000).unref?.();
  return { async stop() { clearInterval(timer); await running; } };
}
