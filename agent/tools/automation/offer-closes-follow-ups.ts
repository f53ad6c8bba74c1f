import { and, eq, or, sql } from 'drizzle-orm';
import { crmTasks } from '../../../db/schema/index.js';
import { opportunityLabel } from '../shared/resolve-opportunity.js';
import { recordActivity } from '../shared/record-activity.js';
import type { RuleRun } from './run-automations.js';
import { automationSays } from './rules.js';
import { jobsByIds, resyncContacts } from './rule-tasks.js';

const RULE = 'offer_closes_follow_ups' as const;

/**
 * A follow-up about a job: a task about it of the follow-up kind, one the follow-up rule made, or
 * one whose title says follow up or check in ("Follow up with Stripe", "check in after the
 * interview"). Other to-dos (prepare references, read the contract) stay open.
 */
const isFollowUp = or(
  eq(crmTasks.kind, 'follow_up'),
  eq(crmTasks.automationRule, 'follow_up_after_applying'),
  sql`${crmTasks.title} ~* '\\m(follow[- ]?up|check[- ]?in)'`,
);

/** Reaching offer completes the job's open follow-up tasks: there is nothing left to chase. */
export async function offerClosesFollowUps({ ctx, changes, beforeWrite }: RuleRun): Promise<void> {
  const offers = (await jobsByIds(ctx, changes.stageMoves.filter((m) => m.to === 'offer').map((m) => m.opportunityId))).filter((j) => j.status === 'offer');
  const contacts: Array<string | null> = [];
  for (const job of offers) {
    // Whether any follow-up is open is only known by the update; the change id is set first, unused when none is.
    await beforeWrite();
    const done = await ctx.db.update(crmTasks).set({ status: 'done', completedAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.opportunityId, job.id), eq(crmTasks.status, 'open'), isFollowUp))
      .returning({ title: crmTasks.title, contactId: crmTasks.contactId });
    if (done.length === 0) continue;
    const titles = done.map((t) => `"${t.title}"`).sort().join(', ');
    await recordActivity(ctx, {
      type: 'automation_applied',
      description: `${automationSays(RULE)}: completed ${done.length === 1 ? 'the follow-up' : `${done.length} follow-ups`} about ${opportunityLabel(job)}: ${titles}`,
      contactId: job.contactId, opportunityId: job.id,
    });
    contacts.push(...done.map((t) => t.contactId));
  }
  await resyncContacts(ctx, contacts);
}
