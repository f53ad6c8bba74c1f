import { and, eq, inArray } from 'drizzle-orm';
import { crmTasks } from '../../../db/schema/index.js';
import { fullName } from '../shared/records.js';
import { opportunityLabel } from '../shared/resolve-opportunity.js';
import { addDays, dayOf, todayIn } from '../shared/user-dates.js';
import type { RuleRun } from './run-automations.js';
import { OPEN_STAGES, isInterviewFor, isWritten, jobMeant } from './interview-signal.js';
import { RULES } from './rules.js';
import { addRuleTask, contactsByIds, jobsOfContacts, resyncContacts } from './rule-tasks.js';

const RULE = 'thank_you_after_interview' as const;

/**
 * After an interview is logged, a task to thank the interviewer, due that day (today for an
 * interview logged late, the day itself for one logged ahead). An interview more than a day old
 * gets none: a thank-you goes out within a day, and an import of old meetings is not news. One
 * per contact and day. An e-mail is never the interview (a synced mailbox is full of invitations
 * and confirmations that say the word), so only a call, meeting or coffee chat asks for one.
 */
export async function thankYouAfterInterview({ ctx, changes, beforeWrite }: RuleRun): Promise<void> {
  if (changes.interactions.length === 0) return;
  const today = todayIn(ctx.now, ctx.tz);
  const recent = changes.interactions.filter((i) => !isWritten(i) && dayOf(i.at, ctx.tz) >= addDays(today, -1));
  const jobs = await jobsOfContacts(ctx, recent.map((i) => i.contactId), OPEN_STAGES);
  const interviews = recent.flatMap((i) => {
    const about = jobs.filter((j) => isInterviewFor(i, j));
    return about.length > 0 ? [{ i, job: jobMeant(i, about), due: dayOf(i.at, ctx.tz) > today ? dayOf(i.at, ctx.tz) : today }] : [];
  });
  if (interviews.length === 0) return;
  const contacts = await contactsByIds(ctx, interviews.map((x) => x.i.contactId));
  const open = await ctx.db.select({ contactId: crmTasks.contactId, dueDate: crmTasks.dueDate }).from(crmTasks).where(and(
    eq(crmTasks.userId, ctx.userId), eq(crmTasks.status, 'open'), eq(crmTasks.automationRule, RULE),
    inArray(crmTasks.contactId, [...contacts.keys()]),
  ));
  const have = new Set(open.map((t) => `${t.contactId} ${t.dueDate}`));
  const added: string[] = [];
  for (const { i, job, due } of interviews) {
    if (have.has(`${i.contactId} ${due}`)) continue;
    have.add(`${i.contactId} ${due}`);
    const name = fullName(contacts.get(i.contactId)!);
    await beforeWrite();
    await addRuleTask(ctx, RULE, {
      title: `Send ${name} a thank-you note${job ? ` (${opportunityLabel(job)})` : ''}`,
      notes: `Added by the automation "${RULES[RULE].title}" after the interview on ${dayOf(i.at, ctx.tz)}.`,
      dueDate: due, contactId: i.contactId, opportunityId: job?.id ?? null,
      said: `thank ${name} for the interview${job ? ` for ${opportunityLabel(job)}` : ''} on ${due}`,
    });
    added.push(i.contactId);
  }
  await resyncContacts(ctx, added);
}
