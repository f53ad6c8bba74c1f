import { and, eq } from 'drizzle-orm';
import { crmOpportunities, crmOpportunityStageChanges } from '../../../db/schema/index.js';
import { opportunityLabel } from '../shared/resolve-opportunity.js';
import { recordActivity } from '../shared/record-activity.js';
import { dayOf } from '../shared/user-dates.js';
import { STAGE_WORDS } from '../opportunities.js';
import type { RuleRun } from './run-automations.js';
import { BEFORE_INTERVIEW, OPEN_STAGES, invitesToInterview, isWritten, jobMeant, saysInterview, saysPhoneScreen } from './interview-signal.js';
import { automationSays } from './rules.js';
import { contactsByIds, jobsOfContacts, lastStageMoves } from './rule-tasks.js';
import { fullName } from '../shared/records.js';

const RULE = 'interview_moves_stage' as const;

/** What the activity calls the interaction that told of the interview: an e-mail is about one, not one. */
const WHAT: Record<string, string> = { email: 'the e-mail', linkedin_message: 'the message' };

/**
 * An interview logged moves its job to interview when the job is earlier in the pipeline, never
 * backwards. The interview must say so ("interview" in its subject or notes, not a phone
 * interview or screen: a call logged at phone screen is the screen itself), be with the job's
 * contact, name the job when the contact has several, and be dated after the job reached its
 * current stage (an old interview loaded by an import is history, not news). An e-mail or message
 * that refuses or cancels the interview moves nothing (a rejection says "interview" too).
 */
export async function interviewMovesStage({ ctx, changes, beforeWrite }: RuleRun): Promise<void> {
  const said = changes.interactions.filter((i) => saysInterview(i) && !saysPhoneScreen(i) && (!isWritten(i) || invitesToInterview(i)));
  if (said.length === 0) return;
  const jobs = await jobsOfContacts(ctx, said.map((i) => i.contactId), OPEN_STAGES);
  const since = await lastStageMoves(ctx, jobs);
  const contacts = await contactsByIds(ctx, said.map((i) => i.contactId));
  const moved = new Set<string>();
  for (const i of said.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const job = jobMeant(i, jobs.filter((j) => j.contactId === i.contactId));
    if (!job || moved.has(job.id) || !(BEFORE_INTERVIEW as readonly string[]).includes(job.status)) continue;
    if (i.at < since.get(job.id)!) continue;
    await beforeWrite();
    await ctx.db.update(crmOpportunities).set({ status: 'interview', updatedAt: ctx.now })
      .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.id, job.id)));
    await ctx.db.insert(crmOpportunityStageChanges).values({ userId: ctx.userId, opportunityId: job.id, fromStatus: job.status, toStatus: 'interview', changedAt: ctx.now });
    await recordActivity(ctx, {
      type: 'automation_applied',
      description: `${automationSays(RULE)}: moved ${opportunityLabel(job)} from ${STAGE_WORDS[job.status]} to interview (${WHAT[i.type] ?? 'the interview'} with ${fullName(contacts.get(i.contactId)!)} on ${dayOf(i.at, ctx.tz)})`,
      contactId: i.contactId, opportunityId: job.id,
    });
    changes.stageMoves.push({ opportunityId: job.id, from: job.status, to: 'interview' });
    moved.add(job.id);
  }
}
