import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { crmOpportunities } from '../../db/schema/index.js';
import { withUser } from '../../db/with-user.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import type { ToolContext } from '../../agent/tools/shared/context.js';
import { followUpsIn, type FollowUpItem } from '../../agent/tools/follow-ups.js';
import { pipelineCounts } from '../../agent/tools/opportunities.js';
import { ACTIVE_STATUSES } from '../../agent/tools/shared/resolve-opportunity.js';
import { opportunityRecord } from '../../agent/tools/shared/records.js';
import type { OpportunityRecord } from '../../agent/tools/shared/schemas.js';
import { todayIn } from '../../agent/tools/shared/user-dates.js';

/** A user's day: what the digest and App Home show. */
export interface Agenda {
  today: string;
  overdue: FollowUpItem[];
  dueToday: FollowUpItem[];
  /** Active opportunities whose next action is due today or earlier. */
  nextActions: OpportunityRecord[];
  pipeline?: { stages: Array<{ status: string; count: number }>; active_total: number };
}

export const isEmptyAgenda = (a: Agenda): boolean => a.overdue.length === 0 && a.dueToday.length === 0 && a.nextActions.length === 0;

/** Reads a user's agenda in one transaction scoped to them (row-level security applies). */
export async function readAgenda(runtime: ToolRuntime, userId: string, tz: string, options: { now?: Date; pipeline?: boolean } = {}): Promise<Agenda> {
  const now = options.now ?? runtime.now();
  return withUser(runtime.db, userId, async (tx) => {
    const ctx: ToolContext = { db: tx, userId, now, tz, log: runtime.log };
    const today = todayIn(now, tz);
    const due = await followUpsIn(ctx, 'due', 100);
    const rows = await tx.select().from(crmOpportunities).where(and(
      eq(crmOpportunities.userId, userId),
      inArray(crmOpportunities.status, [...ACTIVE_STATUSES]),
      isNotNull(crmOpportunities.nextActionDate),
      lte(crmOpportunities.nextActionDate, today),
    )).orderBy(asc(crmOpportunities.nextActionDate)).limit(50);
    return {
      today,
      overdue: due.filter((f) => f.days_overdue > 0),
      dueToday: due.filter((f) => f.days_overdue === 0),
      nextActions: rows.map((o) => opportunityRecord(o)),
      ...(options.pipeline ? { pipeline: await pipelineCounts(ctx) } : {}),
    };
  });
}
