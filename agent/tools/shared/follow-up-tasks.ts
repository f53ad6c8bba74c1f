import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { crmContacts, crmTasks } from '../../../db/schema/index.js';
import type { ToolContext } from './context.js';
import { fullName } from './records.js';
import { addDays, todayIn } from './user-dates.js';
import { InvalidInputError } from './errors.js';
import { isUuid } from './resolve-contact.js';

type ContactRow = typeof crmContacts.$inferSelect;
type TaskRow = typeof crmTasks.$inferSelect;

const uuidList = (ids: string[]): string[] => [...new Set(ids.filter((id) => id && isUuid(id)))];
/** An import may touch 100,000 contacts: one array literal, not one parameter each (PostgreSQL allows 65,535). */
const arrayLiteral = (ids: string[]) => sql.raw(`'{${ids.join(',')}}'::uuid[]`);

/**
 * One model of "what to do and when": tasks. A contact's next_follow_up_date and follow_up_reason
 * are a copy of its earliest open dated task (its due date and title), rewritten here after every change to its tasks, so
 * that the contact lists, the follow-up tools and the tasks never disagree.
 */
export async function syncContactFollowUps(ctx: ToolContext, contactIds: string[]): Promise<void> {
  const ids = uuidList(contactIds);
  if (ids.length === 0) return;
  await ctx.db.execute(sql`
    update ${crmContacts} c
       set next_follow_up_date = n.due_date, follow_up_reason = n.reason, updated_at = ${ctx.now}
      from (select c2.id, t.due_date,
                   -- a follow-up named only "Follow up with <name>" has no reason of its own
                   nullif(t.title, btrim('Follow up with ' || c2.first_name || ' ' || c2.last_name)) as reason
              from ${crmContacts} c2
              left join lateral (
                select t.due_date, t.title from ${crmTasks} t
                 where t.user_id = c2.user_id and t.contact_id = c2.id and t.status = 'open' and t.due_date is not null
                 order by t.due_date, t.created_at, t.id limit 1) t on true
             where c2.user_id = ${ctx.userId} and c2.id = any(${arrayLiteral(ids)})) n
     where c.id = n.id and c.user_id = ${ctx.userId}
       and (c.next_follow_up_date is distinct from n.due_date or c.follow_up_reason is distinct from n.reason)`);
}

/** The contact as it is now (after a sync). */
export async function reloadContact(ctx: ToolContext, contactId: string): Promise<ContactRow> {
  const [row] = await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, contactId)));
  return row;
}

export const followUpTitle = (contact: { firstName: string; lastName: string }, reason?: string | null): string =>
  reason?.trim() || `Follow up with ${fullName(contact)}`;

/** The contact's open follow-up task (the one schedule_follow_up moves), earliest first. */
export async function openFollowUpTask(ctx: ToolContext, contactId: string, kind?: TaskRow['kind']): Promise<TaskRow | undefined> {
  const [task] = await ctx.db.select().from(crmTasks).where(and(
    eq(crmTasks.userId, ctx.userId), eq(crmTasks.contactId, contactId), eq(crmTasks.status, 'open'),
    kind ? eq(crmTasks.kind, kind) : isNotNull(crmTasks.dueDate),
  )).orderBy(sql`${crmTasks.dueDate} asc nulls last`, asc(crmTasks.createdAt), asc(crmTasks.id)).limit(1);
  return task;
}

/**
 * Sets "follow up with this contact on `date`": moves the contact's follow-up task, or adds one;
 * `null` removes it (the user cleared the date). Other to-dos of the contact are left alone.
 * Returns the contact with its follow-up date as it now is.
 */
export async function setFollowUp(ctx: ToolContext, contact: ContactRow, date: string | null, reason?: string | null): Promise<ContactRow> {
  const existing = await openFollowUpTask(ctx, contact.id, 'follow_up');
  if (date === null) {
    if (existing) {
      await ctx.db.delete(crmTasks).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.contactId, contact.id), eq(crmTasks.status, 'open'), eq(crmTasks.kind, 'follow_up')));
    }
  } else if (existing) {
    await ctx.db.update(crmTasks).set({
      dueDate: date, ...(reason !== undefined ? { title: followUpTitle(contact, reason) } : {}), updatedAt: ctx.now,
    }).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, existing.id)));
  } else {
    await ctx.db.insert(crmTasks).values({
      userId: ctx.userId, contactId: contact.id, kind: 'follow_up', title: followUpTitle(contact, reason), dueDate: date, createdAt: ctx.now, updatedAt: ctx.now,
    });
  }
  // A teammate's shared contact keeps its owner's dates: the caller's follow-up is their own task.
  if (contact.userId !== ctx.userId) return contact;
  await syncContactFollowUps(ctx, [contact.id]);
  return reloadContact(ctx, contact.id);
}

/**
 * Contacts that came with a follow-up date but no open task for it (an import of an older export,
 * a contact added with next_follow_up_date) get a follow-up task; then every one is synced.
 */
export async function followUpTasksForDates(ctx: ToolContext, contactIds: string[]): Promise<void> {
  const ids = uuidList(contactIds);
  if (ids.length === 0) return;
  await ctx.db.execute(sql`
    insert into ${crmTasks} (user_id, contact_id, kind, title, due_date, created_at, updated_at)
    select c.user_id, c.id, 'follow_up',
           coalesce(nullif(btrim(c.follow_up_reason), ''), btrim('Follow up with ' || c.first_name || ' ' || c.last_name)),
           c.next_follow_up_date, ${ctx.now}, ${ctx.now}
      from ${crmContacts} c
     where c.user_id = ${ctx.userId} and c.id = any(${arrayLiteral(ids)}) and c.next_follow_up_date is not null
       and not exists (select 1 from ${crmTasks} t where t.user_id = c.user_id and t.contact_id = c.id and t.status = 'open' and t.due_date is not null)`);
  await syncContactFollowUps(ctx, ids);
}

/**
 * Where a snooze moves a date: always later than it is now. "By a week" counts from the current
 * due date when that is still ahead (the 10th snoozed by a week is the 17th), from today when it
 * has passed; "until" must be after both.
 */
export function snoozedDate(ctx: ToolContext, current: string | null, input: { days?: number; until?: string }): string {
  if (input.days && input.until) throw new InvalidInputError('until', 'Give either days or until, not both.');
  const today = todayIn(ctx.now, ctx.tz);
  if (input.until) {
    if (input.until <= today) throw new InvalidInputError('until', `until: ${input.until} is not after today (${today}).`);
    if (current && input.until <= current) {
      throw new InvalidInputError('until', `until: ${input.until} is not later than the current date ${current}; a snooze moves it later.`);
    }
    return input.until;
  }
  const from = current && current > today ? current : today;
  return addDays(from, input.days ?? 1);
}
