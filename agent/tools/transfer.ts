import { z } from 'zod';
import { asc, eq, sql, getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  crmContacts, crmInteractions, crmOpportunities, crmActivities, crmContactInsights, crmTasks,
} from '../../db/schema/index.js';
import { defineTool } from './define-tool.js';
import {
  ContactFields, ContactRecord, InteractionRecord, OpportunityRecord, ActivityRecord, InsightRecord,
  DayString, InstantString, InteractionType, InteractionOutcome, OpportunityStatus, PriorityLevel, ActivityType,
  TaskRecord, TaskKind, TaskStatus,
} from './shared/schemas.js';
import { contactRecord, interactionRecord, opportunityRecord, activityRecord, insightRecord, taskRecord } from './shared/records.js';
import { followUpTasksForDates } from './shared/follow-up-tasks.js';
import { contactColumns } from './shared/contact-values.js';
import { recordActivity } from './shared/record-activity.js';
import { InvalidInputError, NotFoundError } from './shared/errors.js';
import type { ToolContext } from './shared/context.js';

const Id = z.uuid('must be a UUID');
const Stamps = { created_at: InstantString.optional(), updated_at: InstantString.optional() };

const ImportContact = ContactFields.extend({
  id: Id.optional(),
  last_name: z.string().trim().max(100).default(''),
  last_contact_date: DayString.nullish(),
  next_follow_up_date: DayString.nullish(),
  follow_up_reason: z.string().nullish(),
  ...Stamps,
});
const ImportInteraction = z.object({
  id: Id.optional(),
  contact_id: Id,
  interaction_type: InteractionType,
  interaction_date: InstantString,
  subject: z.string().nullish(),
  notes: z.string().nullish(),
  outcome: InteractionOutcome.nullish(),
  follow_up_required: z.boolean().optional(),
  follow_up_date: DayString.nullish(),
  attachments: z.array(z.string()).optional(),
  ...Stamps,
});
const ImportOpportunity = z.object({
  id: Id.optional(),
  job_title: z.string().nullish(),
  company_name: z.string().trim().min(1, 'must not be empty'),
  contact_id: Id.nullish(),
  job_description: z.string().nullish(),
  salary_range: z.string().nullish(),
  location: z.string().nullish(),
  application_date: DayString.nullish(),
  status: OpportunityStatus.optional(),
  priority_level: PriorityLevel.nullish(),
  match_score: z.number().min(0).max(1).nullish(),
  next_action: z.string().nullish(),
  next_action_date: DayString.nullish(),
  notes: z.string().nullish(),
  ...Stamps,
});
const ImportActivity = z.object({
  id: Id.optional(),
  activity_type: ActivityType,
  activity_date: InstantString,
  description: z.string(),
  related_contact_id: Id.nullish(),
  related_opportunity_id: Id.nullish(),
});
const ImportInsight = z.object({
  id: Id.optional(),
  contact_id: Id,
  insight_type: z.string().min(1),
  insight_text: z.string().min(1),
  confidence_score: z.number().min(0).max(1).nullish(),
  generated_at: InstantString.optional(),
});

const ImportTask = z.object({
  id: Id.optional(),
  title: z.string().trim().min(1, 'must not be empty').max(500),
  notes: z.string().nullish(),
  kind: TaskKind.optional(),
  status: TaskStatus.optional(),
  due_date: DayString.nullish(),
  contact_id: Id.nullish(),
  opportunity_id: Id.nullish(),
  completed_at: InstantString.nullish(),
  ...Stamps,
});

/** The JSON export: the data model's column names, dates as YYYY-MM-DD, timestamps ISO 8601. */
export const ExportSchema = z.object({
  format: z.literal('kith-export').optional(),
  version: z.number().optional(),
  exported_at: z.string().optional(),
  contacts: z.array(ContactRecord),
  interactions: z.array(InteractionRecord),
  opportunities: z.array(OpportunityRecord),
  activities: z.array(ActivityRecord),
  contact_insights: z.array(InsightRecord),
  tasks: z.array(TaskRecord),
});
export type KithExport = z.infer<typeof ExportSchema>;

export async function exportAll(ctx: ToolContext): Promise<KithExport> {
  const mine = <T extends PgTable & { userId: unknown }>(t: T) => eq((t as unknown as typeof crmContacts).userId, ctx.userId);
  // One after another: a transaction is one connection, and a connection runs one query at a time.
  const contacts = await ctx.db.select().from(crmContacts).where(mine(crmContacts)).orderBy(asc(crmContacts.createdAt), asc(crmContacts.id));
  const interactions = await ctx.db.select().from(crmInteractions).where(mine(crmInteractions)).orderBy(asc(crmInteractions.interactionDate), asc(crmInteractions.id));
  const opportunities = await ctx.db.select().from(crmOpportunities).where(mine(crmOpportunities)).orderBy(asc(crmOpportunities.createdAt), asc(crmOpportunities.id));
  const activities = await ctx.db.select().from(crmActivities).where(mine(crmActivities)).orderBy(asc(crmActivities.activityDate), asc(crmActivities.id));
  const insights = await ctx.db.select().from(crmContactInsights).where(mine(crmContactInsights)).orderBy(asc(crmContactInsights.generatedAt), asc(crmContactInsights.id));
  const tasks = await ctx.db.select().from(crmTasks).where(mine(crmTasks)).orderBy(asc(crmTasks.createdAt), asc(crmTasks.id));
  return {
    format: 'kith-export',
    version: 1,
    exported_at: ctx.now.toISOString(),
    contacts: contacts.map(contactRecord),
    interactions: interactions.map((i) => interactionRecord(i)),
    opportunities: opportunities.map((o) => opportunityRecord(o)),
    activities: activities.map(activityRecord),
    contact_insights: insights.map(insightRecord),
    tasks: tasks.map((t) => taskRecord(t)),
  };
}

export const exportData = defineTool({
  name: 'export_data',
  title: 'Export all data',
  description: 'Export all of the user\'s contacts, interactions, opportunities, activities, insights and tasks as one JSON document.',
  input: z.object({}),
  output: ExportSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  run: (ctx) => exportAll(ctx),
});

type Parsed<T extends z.ZodType> = Array<z.output<T>>;

function parseSection<T extends z.ZodType>(data: Record<string, unknown>, key: string, schema: T): Parsed<T> {
  const value = data[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidInputError(key, `${key} must be an array of records.`);
  return value.map((record, index) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || '(record)';
    const id = record && typeof record === 'object' && 'id' in record ? ` (id ${String((record as { id: unknown }).id)})` : '';
    const what = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    throw new InvalidInputError(`${key}[${index}].${field}`, `${key}[${index}]${id}: ${field} ${what}.`);
  });
}

const stamp = (s: string | undefined, fallback: Date): Date => (s ? new Date(s) : fallback);
const instant = (s: string): Date => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T12:00:00Z` : s);

/** Inserts rows, or updates them when the id exists; a row of another user is refused by RLS. */
async function upsert(ctx: ToolContext, table: PgTable, rows: Array<Record<string, unknown>>, done: () => void) {
  const columns = getTableColumns(table);
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const keys = Object.keys(batch[0]).filter((k) => k !== 'id');
    const set = Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded.${(columns as Record<string, { name: string }>)[k].name}`)]));
    await ctx.db.insert(table).values(batch as never).onConflictDoUpdate({ target: (columns as Record<string, never>).id, set });
    for (let j = 0; j < batch.length; j++) done();
  }
}

/** A task's opportunity must be in the import or among the user's own. */
async function checkTaskOpportunities(ctx: ToolContext, tasks: Array<{ opportunity_id?: string | null; id?: string }>, known: Set<string>) {
  const unknown = [...new Set(tasks.map((t) => t.opportunity_id).filter((id): id is string => !!id && !known.has(id)))];
  if (unknown.length > 0) {
    const existing = await ctx.db.select({ id: crmOpportunities.id }).from(crmOpportunities)
      .where(sql`${crmOpportunities.userId} = ${ctx.userId} and ${crmOpportunities.id} in (${sql.join(unknown.map((u) => sql`${u}::uuid`), sql`, `)})`);
    for (const e of existing) known.add(e.id);
  }
  tasks.forEach((t, index) => {
    if (t.opportunity_id && !known.has(t.opportunity_id)) {
      throw new NotFoundError(`tasks[${index}]${t.id ? ` (id ${t.id})` : ''}: opportunity_id ${t.opportunity_id} is not an opportunity in this import or in your data.`, { field: `tasks[${index}].opportunity_id` });
    }
  });
}

export const importData = defineTool({
  name: 'import_data',
  title: 'Import data',
  description:
    'Import a JSON export (contacts, interactions, opportunities, activities, contact_insights, tasks). Records with an id that exists are ' +
    'updated, others are created. All or nothing: one bad record refuses the whole import and names the record and field.',
  input: z.object({ data: z.record(z.string(), z.unknown()).describe('The JSON export document') }),
  output: z.object({ imported: z.object({ contacts: z.number(), interactions: z.number(), opportunities: z.number(), activities: z.number(), contact_insights: z.number(), tasks: z.number() }) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  // An import is a bulk change: the agent asks before running one.
  needsConfirmation: () => true,
  async run(ctx, { data }) {
    const contacts = parseSection(data, 'contacts', ImportContact);
    const interactions = parseSection(data, 'interactions', ImportInteraction);
    const opportunities = parseSection(data, 'opportunities', ImportOpportunity);
    const activities = parseSection(data, 'activities', ImportActivity);
    const insights = parseSection(data, 'contact_insights', ImportInsight);
    const tasks = parseSection(data, 'tasks', ImportTask);

    const withIds = <T extends { id?: string }>(rows: T[]) => rows.map((r) => ({ ...r, id: r.id ?? crypto.randomUUID() }));
    const contactRows = withIds(contacts);
    const known = new Set(contactRows.map((c) => c.id));
    const referenced = [...interactions.map((r) => r.contact_id), ...opportunities.map((r) => r.contact_id), ...insights.map((r) => r.contact_id), ...tasks.map((r) => r.contact_id)]
      .filter((id): id is string => !!id && !known.has(id));
    if (referenced.length > 0) {
      const unique = [...new Set(referenced)];
      const existing = await ctx.db.select({ id: crmContacts.id }).from(crmContacts)
        .where(sql`${crmContacts.userId} = ${ctx.userId} and ${crmContacts.id} in (${sql.join(unique.map((u) => sql`${u}::uuid`), sql`, `)})`);
      for (const e of existing) known.add(e.id);
    }
    const checkContact = (section: string, rows: Array<{ contact_id?: string | null; id?: string }>, field = 'contact_id') =>
      rows.forEach((r, index) => {
        if (r.contact_id && !known.has(r.contact_id)) {
          throw new NotFoundError(`${section}[${index}]${r.id ? ` (id ${r.id})` : ''}: ${field} ${r.contact_id} is not a contact in this import or in your data.`, { field: `${section}[${index}].${field}` });
        }
      });
    checkContact('interactions', interactions);
    checkContact('opportunities', opportunities);
    checkContact('contact_insights', insights);
    checkContact('tasks', tasks);
    const opportunityRows = withIds(opportunities);
    await checkTaskOpportunities(ctx, tasks, new Set(opportunityRows.map((o) => o.id)));

    const total = contacts.length + interactions.length + opportunities.length + activities.length + insights.length + tasks.length;
    let done = 0;
    const tick = () => { done++; if (done % 100 === 0 || done === total) ctx.progress?.(done, total, 'importing'); };
    const now = ctx.now;

    await upsert(ctx, crmContacts, contactRows.map((c) => ({
      id: c.id,
      userId: ctx.userId,
      ...contactColumns({ ...c, tags: c.tags ?? [] }),
      firstName: c.first_name,
      lastName: c.last_name,
      lastContactDate: c.last_contact_date ?? null,
      nextFollowUpDate: c.next_follow_up_date ?? null,
      followUpReason: c.follow_up_reason ?? null,
      email: c.email?.toLowerCase() ?? null,
      phone: c.phone ?? null,
      company: c.company ?? null, jobTitle: c.job_title ?? null, linkedinUrl: c.linkedin_url ?? null,
      twitterUrl: c.twitter_url ?? null, location: c.location ?? null, contactSource: c.contact_source ?? null,
      relationshipType: c.relationship_type ?? null, connectionStrength: c.connection_strength ?? null, notes: c.notes ?? null,
      createdAt: stamp(c.created_at, now),
      updatedAt: stamp(c.updated_at, now),
    })), tick);
    await upsert(ctx, crmOpportunities, opportunityRows.map((o) => ({
      id: o.id, userId: ctx.userId, contactId: o.contact_id ?? null, jobTitle: o.job_title ?? null, companyName: o.company_name,
      jobDescription: o.job_description ?? null, salaryRange: o.salary_range ?? null, location: o.location ?? null,
      applicationDate: o.application_date ?? null, status: o.status ?? 'interested', priorityLevel: o.priority_level ?? null,
      matchScore: o.match_score ?? null, nextAction: o.next_action ?? null, nextActionDate: o.next_action_date ?? null,
      notes: o.notes ?? null, createdAt: stamp(o.created_at, now), updatedAt: stamp(o.updated_at, now),
    })), tick);
    await upsert(ctx, crmInteractions, withIds(interactions).map((i) => ({
      id: i.id, userId: ctx.userId, contactId: i.contact_id, interactionType: i.interaction_type,
      interactionDate: instant(i.interaction_date), subject: i.subject ?? null, notes: i.notes ?? null, outcome: i.outcome ?? null,
      followUpRequired: i.follow_up_required ?? !!i.follow_up_date, followUpDate: i.follow_up_date ?? null,
      attachments: i.attachments ?? [], createdAt: stamp(i.created_at, now), updatedAt: stamp(i.updated_at, now),
    })), tick);
    await upsert(ctx, crmContactInsights, withIds(insights).map((i) => ({
      id: i.id, userId: ctx.userId, contactId: i.contact_id, insightType: i.insight_type, insightText: i.insight_text,
      confidenceScore: i.confidence_score ?? null, generatedAt: stamp(i.generated_at, now),
    })), tick);
    await upsert(ctx, crmActivities, withIds(activities).map((a) => ({
      id: a.id, userId: ctx.userId, activityType: a.activity_type, activityDate: instant(a.activity_date), description: a.description,
      relatedContactId: a.related_contact_id ?? null, relatedOpportunityId: a.related_opportunity_id ?? null,
    })), tick);
    const taskRows = withIds(tasks);
    await upsert(ctx, crmTasks, taskRows.map((t) => ({
      id: t.id, userId: ctx.userId, title: t.title, notes: t.notes ?? null, kind: t.kind ?? (t.contact_id ? 'follow_up' : 'todo'),
      status: t.status ?? 'open', dueDate: t.due_date ?? null, contactId: t.contact_id ?? null, opportunityId: t.opportunity_id ?? null,
      completedAt: t.completed_at ? new Date(t.completed_at) : null, createdAt: stamp(t.created_at, now), updatedAt: stamp(t.updated_at, now),
    })), tick);
    // A contact's follow-up date is its earliest open task: an older export's dates become tasks.
    await followUpTasksForDates(ctx, [...contactRows.map((c) => c.id), ...taskRows.flatMap((t) => (t.contact_id ? [t.contact_id] : []))]);
    if (total > 0) {
      await recordActivity(ctx, {
        type: 'data_imported',
        description: `Imported ${contacts.length} contacts, ${interactions.length} interactions, ${opportunities.length} opportunities`,
      });
    }
    return { imported: { contacts: contacts.length, interactions: interactions.length, opportunities: opportunities.length, activities: activities.length, contact_insights: insights.length, tasks: tasks.length } };
  },
});

export const transferTools = [exportData, importData];
