import { z } from 'zod';
import { and, asc, eq, gt, isNotNull, lte, lt } from 'drizzle-orm';
import { crmContacts, crmInteractions } from '../../db/schema/index.js';
import { defineTool } from './define-tool.js';
import { ContactRecord, ContactRef, DayString } from './shared/schemas.js';
import { contactRecord, fullName } from './shared/records.js';
import { resolveContact } from './shared/resolve-contact.js';
import { recordActivity } from './shared/record-activity.js';
import { addDays, todayIn, weekOf } from './shared/user-dates.js';
import { openFollowUpTask, setFollowUp, snoozedDate, syncContactFollowUps, reloadContact } from './shared/follow-up-tasks.js';
import { crmTasks } from '../../db/schema/index.js';
import type { ToolContext } from './shared/context.js';

export const FollowUpWindow = z.enum(['today', 'overdue', 'due', 'this_week', 'upcoming', 'all']);

export const FollowUpItem = z.object({
  contact_id: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  next_follow_up_date: z.string(),
  reason: z.string().nullable(),
  /** Positive when the follow-up is late, 0 when due today, negative when ahead. */
  days_overdue: z.number(),
});
export type FollowUpItem = z.infer<typeof FollowUpItem>;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The columns a follow-up shows. */
export const followUpColumns = {
  id: crmContacts.id, firstName: crmContacts.firstName, lastName: crmContacts.lastName, company: crmContacts.company,
  email: crmContacts.email, phone: crmContacts.phone, nextFollowUpDate: crmContacts.nextFollowUpDate, followUpReason: crmContacts.followUpReason,
};
type FollowUpRow = { [K in keyof typeof followUpColumns]: (typeof crmContacts.$inferSelect)[K] };

/** Pending follow-ups in a window of days of the user's calendar, soonest first: the query. */
export function followUpsQuery(ctx: ToolContext, window: z.infer<typeof FollowUpWindow>, limit: number) {
  const today = todayIn(ctx.now, ctx.tz);
  const week = weekOf(today);
  const date = crmContacts.nextFollowUpDate;
  const range = {
    today: eq(date, today),
    overdue: lt(date, today),
    due: lte(date, today),
    // this week: what is late plus what falls due before the week ends
    this_week: lte(date, week.end),
    upcoming: and(gt(date, today), lte(date, addDays(today, 30))),
    all: isNotNull(date),
  }[window];
  return ctx.db.select(followUpColumns).from(crmContacts)
    .where(and(eq(crmContacts.userId, ctx.userId), isNotNull(date), range))
    .orderBy(asc(date), asc(crmContacts.lastName)).limit(limit);
}

export function followUpItem(c: FollowUpRow, today: string): FollowUpItem {
  return {
    contact_id: c.id, name: fullName(c), company: c.company, email: c.email, phone: c.phone,
    next_follow_up_date: c.nextFollowUpDate!, reason: c.followUpReason, days_overdue: daysBetween(c.nextFollowUpDate!, today),
  };
}

/** Pending follow-ups in a window of days of the user's calendar. */
export async function followUpsIn(ctx: ToolContext, window: z.infer<typeof FollowUpWindow>, limit = 100): Promise<FollowUpItem[]> {
  const today = todayIn(ctx.now, ctx.tz);
  const rows = await followUpsQuery(ctx, window, limit);
  return rows.map((c) => followUpItem(c, today));
}

export const scheduleFollowUp = defineTool({
  name: 'schedule_follow_up',
  title: 'Schedule a follow-up',
  description:
    'Set the date to follow up with a contact (e.g. "remind me to follow up with Priya in two weeks"), with an optional reason. ' +
    'Moves the contact\'s follow-up task (or adds one); their other tasks stay. The contact\'s next follow-up date is their earliest open task.',
  input: z.object({ contact: ContactRef, date: DayString, reason: z.string().trim().max(500).optional() }),
  output: z.object({ contact: ContactRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const c = await resolveContact(ctx, input.contact);
    // Without a reason the follow-up keeps the one it had: it is moved, not replaced.
    const row = await setFollowUp(ctx, c, input.date, input.reason);
    await recordActivity(ctx, { type: 'follow_up_scheduled', description: `Follow up with ${fullName(c)} on ${input.date}${input.reason ? `: ${input.reason}` : ''}`, contactId: c.id });
    return { contact: contactRecord(row) };
  },
});

export const completeFollowUp = defineTool({
  name: 'complete_follow_up',
  title: 'Complete a follow-up',
  description:
    'Mark the follow-up with a contact as done: completes their follow-up task (or, without one, their earliest open task) and ' +
    'clears the follow-up flags of their interactions. Their next follow-up date moves to their next open task, if any.',
  input: z.object({ contact: ContactRef, note: z.string().trim().max(2000).optional() }),
  output: z.object({ contact: ContactRecord, completed_date: z.string().nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const c = await resolveContact(ctx, input.contact);
    const followUps = await ctx.db.update(crmTasks).set({ status: 'done', completedAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.contactId, c.id), eq(crmTasks.status, 'open'), eq(crmTasks.kind, 'follow_up')))
      .returning({ id: crmTasks.id });
    const earliest = followUps.length === 0 ? await openFollowUpTask(ctx, c.id) : undefined;
    if (earliest) {
      await ctx.db.update(crmTasks).set({ status: 'done', completedAt: ctx.now, updatedAt: ctx.now })
        .where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, earliest.id)));
    }
    if (input.note) {
      await ctx.db.update(crmContacts).set({ notes: c.notes ? `${c.notes}\n${input.note}` : input.note, updatedAt: ctx.now })
        .where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, c.id)));
    }
    await syncContactFollowUps(ctx, [c.id]);
    const row = await reloadContact(ctx, c.id);
    await ctx.db.update(crmInteractions).set({ followUpRequired: false, updatedAt: ctx.now })
      .where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, c.id), eq(crmInteractions.followUpRequired, true)));
    await recordActivity(ctx, { type: 'follow_up_completed', description: `Followed up with ${fullName(c)}`, contactId: c.id });
    return { contact: contactRecord(row), completed_date: c.nextFollowUpDate };
  },
});

export const snoozeFollowUp = defineTool({
  name: 'snooze_follow_up',
  title: 'Snooze a follow-up',
  description:
    'Push a contact\'s follow-up later: by a number of days (default 1) counted from its current date when that is still ahead ' +
    '(a follow-up on the 10th snoozed by a week moves to the 17th), from today when it has passed; or until a later date. Never earlier.',
  input: z.object({
    contact: ContactRef,
    days: z.number().int().min(1).max(365).optional(),
    until: DayString.optional(),
  }),
  output: z.object({ contact: ContactRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const c = await resolveContact(ctx, input.contact);
    // The follow-up the contact shows is their earliest open dated task: that is the one snoozed.
    const task = await openFollowUpTask(ctx, c.id);
    const date = snoozedDate(ctx, task?.dueDate ?? c.nextFollowUpDate, input);
    let row;
    if (task) {
      await ctx.db.update(crmTasks).set({ dueDate: date, updatedAt: ctx.now }).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, task.id)));
      await syncContactFollowUps(ctx, [c.id]);
      row = await reloadContact(ctx, c.id);
    } else {
      row = await setFollowUp(ctx, c, date, c.followUpReason);
    }
    await recordActivity(ctx, { type: 'follow_up_snoozed', description: `Snoozed the follow-up with ${fullName(c)} to ${date}`, contactId: c.id });
    return { contact: contactRecord(row) };
  },
});

export const listFollowUps = defineTool({
  name: 'list_follow_ups',
  title: 'List follow-ups',
  description:
    'List pending follow-ups: "today" (due today), "overdue" (before today), "due" (today and overdue), "this_week" (overdue plus ' +
    'due by Sunday), "upcoming" (the next 30 days), or "all". Each item has the contact, the date, the reason and days overdue.',
  input: z.object({ window: FollowUpWindow.default('due'), limit: z.number().int().min(1).max(500).optional() }),
  output: z.object({ window: FollowUpWindow, today: z.string(), follow_ups: z.array(FollowUpItem) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    return { window: input.window, today: todayIn(ctx.now, ctx.tz), follow_ups: await followUpsIn(ctx, input.window, input.limit) };
  },
});

export const followUpTools = [scheduleFollowUp, completeFollowUp, snoozeFollowUp, listFollowUps];
