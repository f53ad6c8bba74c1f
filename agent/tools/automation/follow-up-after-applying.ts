import { and, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { crmInteractions, crmOpportunities, crmTasks } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { fullName } from '../shared/records.js';
import { opportunityLabel } from '../shared/resolve-opportunity.js';
import { recordActivity } from '../shared/record-activity.js';
import { addDays, dayOf, startOfDay, todayIn } from '../shared/user-dates.js';
import { STAGE_WORDS } from '../opportunities.js';
import type { RuleRun } from './run-automations.js';
import { automationSays, RULES } from './rules.js';
import { addRuleTask, contactsByIds, jobsByIds, openRuleTasks, resyncContacts, type OpportunityRow } from './rule-tasks.js';

const RULE = 'follow_up_after_applying' as const;

/**
 * After applying, a follow-up in N days if nothing happened by then. The task is added at once
 * (so the agenda, the calendar and the reminders show it from the start, and no clock has to be
 * running) and removed as soon as something happens first: an interaction with the job's
 * contact (logged, or an e-mail thread with them that got a message), or the job moving to
 * another stage. See README, "Workflow automation", for why.
 */
export async function followUpAfterApplying(run: RuleRun): Promise<void> {
  await removeWhenSomethingHappened(run);
  await addForApplications(run, run.params.days ?? RULES[RULE].defaults.days!);
}

/** The day the job counts as applied from: its application date, else the day the follow-up was made. */
const appliedOn = (job: OpportunityRow, madeAt: Date, tz: string) => job.applicationDate ?? dayOf(madeAt, tz);

async function removeWhenSomethingHappened({ ctx, changes, beforeWrite }: RuleRun): Promise<void> {
  const moved = new Map(changes.stageMoves.map((m) => [m.opportunityId, m]));
  const talkedTo = [...new Set(changes.interactions.map((i) => i.contactId))];
  if (moved.size === 0 && talkedTo.length === 0) return;
  const pending = await ctx.db.select({ task: crmTasks, job: crmOpportunities }).from(crmTasks)
    .innerJoin(crmOpportunities, eq(crmOpportunities.id, crmTasks.opportunityId))
    .where(and(
      eq(crmTasks.userId, ctx.userId), eq(crmTasks.status, 'open'), eq(crmTasks.automationRule, RULE),
      or(moved.size > 0 ? inArray(crmOpportunities.id, [...moved.keys()]) : undefined, talkedTo.length > 0 ? inArray(crmOpportunities.contactId, talkedTo) : undefined),
    ));
  if (pending.length === 0) return;
  const contacts = await contactsByIds(ctx, pending.flatMap(({ job }) => (job.contactId ? [job.contactId] : [])));
  const removed: Array<string | null> = [];
  for (const { task, job } of pending) {
    const move = moved.get(job.id);
    const since = appliedOn(job, task.createdAt, ctx.tz);
    const touch = changes.interactions
      .filter((i) => i.contactId === job.contactId && dayOf(i.at, ctx.tz) >= since)
      .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    const why = move
      ? `${opportunityLabel(job)} moved to ${STAGE_WORDS[move.to]}`
      : touch ? `you were in touch with ${fullName(contacts.get(job.contactId!)!)} on ${dayOf(touch.at, ctx.tz)}` : null;
    if (!why) continue;
    await beforeWrite();
    await ctx.db.delete(crmTasks).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, task.id)));
    await recordActivity(ctx, {
      type: 'automation_applied', description: `${automationSays(RULE)}: removed the task "${task.title}" (due ${task.dueDate}): ${why}`,
      contactId: task.contactId, opportunityId: job.id,
    });
    removed.push(task.contactId);
  }
  await resyncContacts(ctx, removed);
}

async function addForApplications({ ctx, changes, beforeWrite }: RuleRun, days: number): Promise<void> {
  // "Reaches applied": from nothing or from interested; a job moved back to applied has not just applied.
  const arrived = changes.stageMoves.filter((m) => m.to === 'applied' && (m.from === null || m.from === 'interested')).map((m) => m.opportunityId);
  const jobs = (await jobsByIds(ctx, arrived)).filter((j) => j.status === 'applied');
  if (jobs.length === 0) return;
  const today = todayIn(ctx.now, ctx.tz);
  const already = new Set((await openRuleTasks(ctx, RULE, jobs.map((j) => j.id))).map((t) => t.opportunityId));
  const contacts = await contactsByIds(ctx, jobs.flatMap((j) => (j.contactId ? [j.contactId] : [])));
  const added: Array<string | null> = [];
  for (const job of jobs) {
    const since = appliedOn(job, ctx.now, ctx.tz);
    const due = addDays(since, days);
    // An application whose N days are already over (an import of old ones) is past following up by rule.
    if (due < today || already.has(job.id)) continue;
    if (job.contactId && await inTouchSince(ctx, job.contactId, since)) continue;
    const contact = job.contactId ? contacts.get(job.contactId) : undefined;
    await beforeWrite();
    await addRuleTask(ctx, RULE, {
      title: contact ? `Follow up with ${fullName(contact)} on your application: ${opportunityLabel(job)}` : `Follow up on your application: ${opportunityLabel(job)}`,
      notes: `Added by the automation "${RULES[RULE].title}", ${days} day${days === 1 ? '' : 's'} after applying on ${since}. ` +
        'It goes away by itself if you are in touch with them or the job moves to another stage first.',
      dueDate: due, contactId: job.contactId, opportunityId: job.id,
      said: `follow up on ${opportunityLabel(job)} on ${due} unless something happens first`,
    });
    added.push(job.contactId);
  }
  await resyncContacts(ctx, added);
}

/** Whether an interaction with the contact is dated on or after `day` (then something already happened). */
async function inTouchSince(ctx: ToolContext, contactId: string, day: string): Promise<boolean> {
  const [row] = await ctx.db.select({ one: sql<number>`1` }).from(crmInteractions).where(and(
    eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, contactId), gte(crmInteractions.interactionDate, startOfDay(day, ctx.tz)),
  )).limit(1);
  return !!row;
}
