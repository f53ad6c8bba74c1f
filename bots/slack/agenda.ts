import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { KithDb } from '../../db/types.js';
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

/** A user's agenda, read with `ctx.db` already scoped to `ctx.userId` by row-level security. */
export async function agendaIn(ctx: ToolContext, options: { pipeline?: boolean } = {}): Promise<Agenda> {
  const today = todayIn(ctx.now, ctx.tz);
  const due = await followUpsIn(ctx, 'due', 100);
  const rows = await ctx.db.select().from(crmOpportunities).where(and(
    eq(crmOpportunities.userId, ctx.userId),
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
}

/** Reads a user's agenda in one transaction scoped to them (row-level security applies). */
export async function readAgenda(runtime: ToolRuntime, userId: string, tz: string, options: { now?: Date; pipeline?: boolean } = {}): Promise<Agenda> {
  const now = options.now ?? runtime.now();
  return withUser(runtime.db, userId, (tx) => agendaIn({ db: tx, userId, now, tz, log: runtime.log }, options));
}

/**
 * Many users' agendas in one read-only transaction: the application role throughout, and before
 * each user's queries kith.user_id is set to that user, so row-level security scopes every
 * statement to the one user it is for. The digest reads a thousand users this way.
 */
export async function readAgendas(runtime: ToolRuntime, who: Array<{ userId: string; tz: string }>, now: Date): Promise<Map<string, Agenda>> {
  const agendas = new Map<string, Agenda>();
  if (who.length === 0) return agendas;
  await runtime.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'kith_app', true)`);
    for (const { userId, tz } of who) {
      await tx.execute(sql`select set_config('kith.user_id', ${userId}, true)`);
      agendas.set(userId, await agendaIn({ db: tx as unknown as KithDb, userId, now, tz, log: runtime.log }));
    }
  });
  return agendas;
}
