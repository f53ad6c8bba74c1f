import { z } from 'zod';
import { and, asc, eq, getTableColumns, gt, gte, inArray, isNotNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { crmContacts, crmOpportunities, crmTasks } from '../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import { ContactRef, DayString, TaskKind, TaskRecord } from './shared/schemas.js';
import { fullName, taskRecord } from './shared/records.js';
import { resolveContact, isUuid } from './shared/resolve-contact.js';
import { resolveOpportunity, opportunityLabel, ACTIVE_STATUSES } from './shared/resolve-opportunity.js';
import { recordActivity } from './shared/record-activity.js';
import { snoozedDate, syncContactFollowUps } from './shared/follow-up-tasks.js';
import { addDays, todayIn, weekOf } from './shared/user-dates.js';
import { InvalidInputError, NotFoundError, ToolError } from './shared/errors.js';
import type { ToolContext } from './shared/context.js';

type TaskRow = typeof crmTasks.$inferSelect;

/** Tasks with the names of what they are about: the one query every task list reads. */
export function tasksQuery(ctx: ToolContext, where: SQL | undefined, limit: number) {
  return ctx.db.select({
    ...getTableColumns(crmTasks),
    contactFirst: crmContacts.firstName, contactLast: crmContacts.lastName,
    opportunityCompany: crmOpportunities.companyName, opportunityTitle: crmOpportunities.jobTitle,
  }).from(crmTasks)
    .leftJoin(crmContacts, eq(crmContacts.id, crmTasks.contactId))
    .leftJoin(crmOpportunities, eq(crmOpportunities.id, crmTasks.opportunityId))
    .where(and(eq(crmTasks.userId, ctx.userId), where))
    .orderBy(sql`${crmTasks.dueDate} asc nulls last`, asc(crmTasks.createdAt), asc(crmTasks.id))
    .limit(limit);
}

type TaskWithNames = TaskRow & { contactFirst: string | null; contactLast: string | null; opportunityCompany: string | null; opportunityTitle: string | null };

export function namedTaskRecord(r: TaskWithNames): TaskRecord {
  return taskRecord(r, {
    contact_name: r.contactFirst !== null ? fullName({ firstName: r.contactFirst, lastName: r.contactLast ?? '' }) : null,
    opportunity_name: r.opportunityCompany !== null ? opportunityLabel({ companyName: r.opportunityCompany, jobTitle: r.opportunityTitle } as never) : null,
  });
}

/** Finds the task a reference means: its id, or its title (exact, then a part of it), open tasks first. */
export async function resolveTask(ctx: ToolContext, reference: string): Promise<TaskRow> {
  const raw = reference.trim();
  const mine = eq(crmTasks.userId, ctx.userId);
  let rows: TaskRow[];
  if (isUuid(raw)) {
    rows = await ctx.db.select().from(crmTasks).where(and(mine, eq(crmTasks.id, raw)));
  } else {
    const q = raw.toLowerCase();
    const title = sql`lower(${crmTasks.title})`;
    rows = await ctx.db.select().from(crmTasks).where(and(mine, sql`${title} = ${q}`)).limit(10);
    if (rows.length === 0) {
      const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
      rows = await ctx.db.select().from(crmTasks).where(and(mine, sql`${title} like ${like}`)).limit(10);
    }
    const open = rows.filter((r) => r.status === 'open');
    if (rows.length > 1 && open.length >= 1) rows = open;
  }
  if (rows.length === 1) return rows[0];
  if (rows.length === 0) throw new NotFoundError(`No task matches "${raw}".`, { reference: raw });
  const candidates = rows.map((r) => ({ id: r.id, name: `${r.title}${r.dueDate ? ` (due ${r.dueDate})` : ''}`, company: null, email: null }));
  throw new ToolError('ambiguous', `"${raw}" matches more than one task: ${candidates.map((c) => c.name).join(', ')}. Which one did you mean?`, { reference: raw, candidates });
}

async function withNames(ctx: ToolContext, id: string): Promise<TaskRecord> {
  const [row] = await tasksQuery(ctx, eq(crmTasks.id, id), 1);
  return namedTaskRecord(row);
}

const TaskRef = z.string().trim().min(1, 'must name a task').max(500).describe('The task: its id or its title');

export const createTask = defineTool({
  name: 'create_task',
  title: 'Create a task',
  description:
    'Add a to-do with an optional due date, about a contact, an opportunity or neither: "create a task to send Dana the proposal by ' +
    'Friday", "remind me to check in after the Stripe interview". A contact can have several open tasks; their earliest due date is ' +
    'the contact\'s next follow-up date. Use schedule_follow_up for "follow up with X on <date>".',
  input: z.object({
    title: z.string().trim().min(1, 'must not be empty').max(500).describe('What to do, e.g. "Send Dana the proposal"'),
    due_date: DayString.optional(),
    contact: ContactRef.optional().describe('The contact the task is about'),
    opportunity: z.string().trim().min(1).max(500).optional().describe('The opportunity the task is about: id, company or "title at company"'),
    notes: z.string().max(20_000).optional(),
    kind: TaskKind.optional().describe('follow_up for a follow-up with the contact; todo (default) for anything else'),
  }),
  output: z.object({ task: TaskRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const contact = input.contact ? await resolveContact(ctx, input.contact) : undefined;
    const opportunity = input.opportunity ? await resolveOpportunity(ctx, input.opportunity) : undefined;
    if (input.kind === 'follow_up' && !contact) throw new InvalidInputError('contact', 'contact: a follow-up task is about a contact.');
    const [row] = await ctx.db.insert(crmTasks).values({
      userId: ctx.userId, title: input.title, dueDate: input.due_date ?? null, notes: input.notes ?? null,
      contactId: contact?.id ?? null, opportunityId: opportunity?.id ?? null, kind: input.kind ?? 'todo',
      createdAt: ctx.now, updatedAt: ctx.now,
    }).returning();
    if (contact) await syncContactFollowUps(ctx, [contact.id]);
    await recordActivity(ctx, {
      type: 'task_added',
      description: `Added the task "${row.title}"${row.dueDate ? ` due ${row.dueDate}` : ''}${contact ? ` (${fullName(contact)})` : ''}`,
      contactId: contact?.id, opportunityId: opportunity?.id,
    });
    return { task: await withNames(ctx, row.id) };
  },
});

const TaskWindow = z.enum(['overdue', 'today', 'due', 'this_week', 'upcoming', 'all']);

function windowCondition(window: z.infer<typeof TaskWindow>, today: string): SQL | undefined {
  const due = crmTasks.dueDate;
  switch (window) {
    case 'overdue': return lt(due, today);
    case 'today': return eq(due, today);
    case 'due': return lte(due, today);
    case 'this_week': return lte(due, weekOf(today).end);
    case 'upcoming': return and(gt(due, today), lte(due, addDays(today, 30)));
    case 'all': return undefined;
  }
}

export const listTasks = defineTool({
  name: 'list_tasks',
  title: 'List tasks',
  description:
    'List to-dos, soonest due first: open ones by default (status done or all for others). window: overdue, today, due (today and ' +
    'overdue), this_week (overdue plus due by Sunday), upcoming (next 30 days) or all; or a from/to range of due dates. Optionally ' +
    'only those about one contact or opportunity. "show me all overdue tasks" is window overdue.',
  input: z.object({
    status: z.enum(['open', 'done', 'all']).default('open'),
    window: TaskWindow.default('all'),
    from: DayString.optional(),
    to: DayString.optional(),
    contact: ContactRef.optional(),
    opportunity: z.string().trim().min(1).max(500).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  output: z.object({ today: z.string(), tasks: z.array(TaskRecord.extend({ days_overdue: z.number().nullable() })) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const today = todayIn(ctx.now, ctx.tz);
    if (input.from && input.to && input.from > input.to) throw new InvalidInputError('to', `to: ${input.to} is before from (${input.from}).`);
    const contact = input.contact ? await resolveContact(ctx, input.contact) : undefined;
    const opportunity = input.opportunity ? await resolveOpportunity(ctx, input.opportunity) : undefined;
    const rows = await tasksQuery(ctx, and(
      input.status === 'all' ? undefined : eq(crmTasks.status, input.status),
      windowCondition(input.window, today),
      input.from ? gte(crmTasks.dueDate, input.from) : undefined,
      input.to ? lte(crmTasks.dueDate, input.to) : undefined,
      contact ? eq(crmTasks.contactId, contact.id) : undefined,
      opportunity ? eq(crmTasks.opportunityId, opportunity.id) : undefined,
    ), input.limit ?? 100);
    return { today, tasks: rows.map((r) => ({ ...namedTaskRecord(r), days_overdue: r.dueDate ? daysBetween(r.dueDate, today) : null })) };
  },
});

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export const completeTask = defineTool({
  name: 'complete_task',
  title: 'Complete a task',
  description: 'Mark a to-do as done ("done: send Dana the proposal"). The contact\'s next follow-up date moves to their next open task.',
  input: z.object({ task: TaskRef }),
  output: z.object({ task: TaskRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const t = await resolveTask(ctx, input.task);
    if (t.status !== 'done') {
      await ctx.db.update(crmTasks).set({ status: 'done', completedAt: ctx.now, updatedAt: ctx.now })
        .where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, t.id)));
      if (t.contactId) await syncContactFollowUps(ctx, [t.contactId]);
      await recordActivity(ctx, { type: 'task_completed', description: `Completed the task "${t.title}"`, contactId: t.contactId, opportunityId: t.opportunityId });
    }
    return { task: await withNames(ctx, t.id) };
  },
});

export const snoozeTask = defineTool({
  name: 'snooze_task',
  title: 'Snooze a task',
  description:
    'Push a to-do later: by a number of days (default 1) counted from its due date when that is still ahead, from today when it has ' +
    'passed, or until a later date. A snooze never moves a task earlier.',
  input: z.object({ task: TaskRef, days: z.number().int().min(1).max(365).optional(), until: DayString.optional() }),
  output: z.object({ task: TaskRecord, previous_due_date: z.string().nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const t = await resolveTask(ctx, input.task);
    if (t.status !== 'open') throw new InvalidInputError('task', `task: "${t.title}" is already done.`);
    const date = snoozedDate(ctx, t.dueDate, input);
    await ctx.db.update(crmTasks).set({ dueDate: date, updatedAt: ctx.now }).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, t.id)));
    if (t.contactId) await syncContactFollowUps(ctx, [t.contactId]);
    await recordActivity(ctx, { type: 'task_updated', description: `Snoozed the task "${t.title}" to ${date}`, contactId: t.contactId, opportunityId: t.opportunityId });
    return { task: await withNames(ctx, t.id), previous_due_date: t.dueDate };
  },
});

export const deleteTask = defineTool({
  name: 'delete_task',
  title: 'Delete a task',
  description: 'Delete a to-do. Destructive: without confirm: true it changes nothing and returns what would be deleted.',
  input: z.object({ task: TaskRef, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), task: TaskRecord }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const t = await resolveTask(ctx, input.task);
    const record = await withNames(ctx, t.id);
    if (!input.confirm) return confirmationRequired('delete_task', `Delete the task "${t.title}"${t.dueDate ? ` (due ${t.dueDate})` : ''}?`, { task: record });
    await ctx.db.delete(crmTasks).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, t.id)));
    if (t.contactId) await syncContactFollowUps(ctx, [t.contactId]);
    await recordActivity(ctx, { type: 'task_deleted', description: `Deleted the task "${t.title}"`, contactId: t.contactId, opportunityId: t.opportunityId });
    return { status: 'deleted' as const, task: record };
  },
});

export const AgendaItem = z.object({
  /** follow_up and todo are tasks; next_action is an opportunity's next step. */
  kind: z.enum(['follow_up', 'todo', 'next_action']),
  date: z.string(),
  title: z.string(),
  days_overdue: z.number(),
  task_id: z.string().nullable(),
  contact_id: z.string().nullable(),
  contact_name: z.string().nullable(),
  opportunity_id: z.string().nullable(),
  opportunity_name: z.string().nullable(),
  status: z.string().nullable().describe('The opportunity\'s stage, for a next action'),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

const AgendaWindow = z.enum(['today', 'this_week', 'next_7_days', 'overdue']);

/** Open tasks and active opportunities' next steps due in [from, to] (and before, when overdue counts), by date. */
export async function agendaItems(ctx: ToolContext, from: string, to: string, overdue: boolean, limit = 200): Promise<AgendaItem[]> {
  const today = todayIn(ctx.now, ctx.tz);
  const start = overdue ? undefined : from;
  const tasks = await tasksQuery(ctx, and(eq(crmTasks.status, 'open'), isNotNull(crmTasks.dueDate), start ? gte(crmTasks.dueDate, start) : undefined, lte(crmTasks.dueDate, to)), limit);
  const opportunities = await ctx.db.select().from(crmOpportunities).where(and(
    eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.status, [...ACTIVE_STATUSES]), isNotNull(crmOpportunities.nextActionDate),
    start ? gte(crmOpportunities.nextActionDate, start) : undefined, lte(crmOpportunities.nextActionDate, to),
  )).orderBy(asc(crmOpportunities.nextActionDate), asc(crmOpportunities.id)).limit(limit);
  const items: AgendaItem[] = [
    ...tasks.map((t) => {
      const r = namedTaskRecord(t);
      return {
        kind: t.kind, date: t.dueDate!, title: t.title, days_overdue: daysBetween(t.dueDate!, today), task_id: t.id,
        contact_id: t.contactId, contact_name: r.contact_name ?? null, opportunity_id: t.opportunityId, opportunity_name: r.opportunity_name ?? null, status: null,
      };
    }),
    ...opportunities.map((o) => ({
      kind: 'next_action' as const, date: o.nextActionDate!, title: o.nextAction ?? `Next step for ${opportunityLabel(o)}`,
      days_overdue: daysBetween(o.nextActionDate!, today), task_id: null, contact_id: o.contactId, contact_name: null,
      opportunity_id: o.id, opportunity_name: opportunityLabel(o), status: o.status,
    })),
  ];
  return items.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).slice(0, limit);
}

export const agenda = defineTool({
  name: 'agenda',
  title: 'Agenda',
  description:
    'What is on the user\'s plate: open tasks, follow-ups with contacts and the next steps of active opportunities (interviews, ' +
    'screens, things to send), together, by date. window: today, this_week (to Sunday), next_7_days, overdue; or from/to. Overdue ' +
    'items are included unless include_overdue is false. "what\'s on my plate this week?" is this_week.',
  input: z.object({
    window: AgendaWindow.optional(),
    from: DayString.optional(),
    to: DayString.optional(),
    include_overdue: z.boolean().default(true),
  }),
  output: z.object({ today: z.string(), from: z.string(), to: z.string(), items: z.array(AgendaItem), overdue: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const today = todayIn(ctx.now, ctx.tz);
    if (input.window && (input.from || input.to)) throw new InvalidInputError('window', 'Give either a window or from/to, not both.');
    let from = input.from ?? today;
    let to = input.to ?? from;
    switch (input.window ?? (input.from || input.to ? undefined : 'this_week')) {
      case 'today': from = today; to = today; break;
      case 'this_week': from = today; to = weekOf(today).end; break;
      case 'next_7_days': from = today; to = addDays(today, 6); break;
      case 'overdue': from = addDays(today, -1); to = addDays(today, -1); break;
    }
    if (from > to) throw new InvalidInputError('to', `to: ${to} is before from (${from}).`);
    const overdue = input.window === 'overdue' || input.include_overdue;
    const items = (await agendaItems(ctx, from, to, overdue)).filter((i) => input.window !== 'overdue' || i.days_overdue > 0);
    return { today, from, to, items, overdue: items.filter((i) => i.days_overdue > 0).length };
  },
});

export const taskTools = [createTask, listTasks, completeTask, snoozeTask, deleteTask, agenda];
