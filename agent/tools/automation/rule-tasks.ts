import { and, eq, inArray, max } from 'drizzle-orm';
import { crmContacts, crmOpportunities, crmOpportunityStageChanges, crmTasks } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { syncContactFollowUps } from '../shared/follow-up-tasks.js';
import { recordActivity } from '../shared/record-activity.js';
import { automationSays, type RuleName } from './rules.js';

export type OpportunityRow = typeof crmOpportunities.$inferSelect;
export type ContactRow = typeof crmContacts.$inferSelect;

/** The user's jobs with these ids, as they are now (after the call's writes). */
export async function jobsByIds(ctx: ToolContext, ids: string[]): Promise<OpportunityRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(crmOpportunities).where(and(eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.id, [...new Set(ids)])));
}

/** The user's jobs whose contact is one of these, in the given stages. */
export async function jobsOfContacts(ctx: ToolContext, contactIds: string[], stages: readonly string[]): Promise<OpportunityRow[]> {
  if (contactIds.length === 0) return [];
  return ctx.db.select().from(crmOpportunities).where(and(
    eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.contactId, [...new Set(contactIds)]),
    inArray(crmOpportunities.status, [...stages] as Array<OpportunityRow['status']>),
  ));
}

export async function contactsByIds(ctx: ToolContext, ids: string[]): Promise<Map<string, ContactRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.id, [...new Set(ids)])));
  return new Map(rows.map((c) => [c.id, c]));
}

/** A task a rule adds, marked with the rule (so it can be found again), and its activity naming the rule. */
export async function addRuleTask(ctx: ToolContext, rule: RuleName, task: {
  title: string; notes: string; dueDate: string; contactId: string | null; opportunityId: string | null; said: string;
}): Promise<void> {
  await ctx.db.insert(crmTasks).values({
    userId: ctx.userId, title: task.title, notes: task.notes, dueDate: task.dueDate, kind: 'todo', automationRule: rule,
    contactId: task.contactId, opportunityId: task.opportunityId, createdAt: ctx.now, updatedAt: ctx.now,
  });
  await recordActivity(ctx, {
    type: 'automation_applied', description: `${automationSays(rule)}: ${task.said}`, contactId: task.contactId, opportunityId: task.opportunityId,
  });
}

/** Open tasks a rule made, about these jobs. */
export async function openRuleTasks(ctx: ToolContext, rule: RuleName, opportunityIds: string[]) {
  if (opportunityIds.length === 0) return [];
  return ctx.db.select().from(crmTasks).where(and(
    eq(crmTasks.userId, ctx.userId), eq(crmTasks.status, 'open'), eq(crmTasks.automationRule, rule),
    inArray(crmTasks.opportunityId, [...new Set(opportunityIds)]),
  ));
}

/** After tasks changed: each contact's follow-up date is again its earliest open task. */
export const resyncContacts = (ctx: ToolContext, ids: Array<string | null>) =>
  syncContactFollowUps(ctx, ids.filter((id): id is string => !!id));

/** When each job last changed stage (or was added): an interview before that is history, not news. */
export async function lastStageMoves(ctx: ToolContext, jobs: OpportunityRow[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>(jobs.map((j) => [j.id, j.createdAt]));
  if (jobs.length === 0) return out;
  const rows = await ctx.db.select({ id: crmOpportunityStageChanges.opportunityId, at: max(crmOpportunityStageChanges.changedAt) })
    .from(crmOpportunityStageChanges)
    .where(and(eq(crmOpportunityStageChanges.userId, ctx.userId), inArray(crmOpportunityStageChanges.opportunityId, jobs.map((j) => j.id))))
    .groupBy(crmOpportunityStageChanges.opportunityId);
  for (const r of rows) if (r.at) out.set(r.id, r.at);
  return out;
}
