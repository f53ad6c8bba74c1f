import { z } from 'zod';
import { and, asc, eq, inArray, sql, getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  crmContacts, crmInteractions, crmOpportunities, crmActivities, crmContactInsights, crmTasks,
} from '../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import {
  ContactFields, ContactRecord, InteractionRecord, OpportunityRecord, ActivityRecord, InsightRecord, OpportunityFields,
  DayString, InstantString, InteractionType, InteractionOutcome, OpportunityStatus, ActivityType,
  Subject, NoteText, Attachments, CompanyName, ActivityDescription, InsightType,
  TaskRecord, TaskKind, TaskStatus, AutomationRuleName,
} from './shared/schemas.js';
import { contactRecord, interactionRecord, opportunityRecord, activityRecord, insightRecord, taskRecord } from './shared/records.js';
import { followUpTasksForDates } from './shared/follow-up-tasks.js';
import { contactColumns } from './shared/contact-values.js';
import { recordActivity } from './shared/record-activity.js';
import { InvalidInputError, NotFoundError } from './shared/errors.js';
import type { ToolContext } from './shared/context.js';
import { countOf } from './shared/words.js';

const Id = z.uuid('must be a UUID');
const Stamps = { created_at: InstantString.optional(), updated_at: InstantString.optional() };

// Each record is checked with the tools' own field schemas: an import holds no value a tool would refuse.
const ImportContact = ContactFields.extend({
  id: Id.optional(),
  last_name: ContactFields.shape.last_name.default(''),
  last_contact_date: DayString.nullish(),
  next_follow_up_date: DayString.nullish(),
  follow_up_reason: Subject.nullish(),
  ...Stamps,
});
const ImportInteraction = z.object({
  id: Id.optional(),
  contact_id: Id,
  interaction_type: InteractionType,
  interaction_date: InstantString,
  has_time: z.boolean().optional(),
  subject: Subject.nullish(),
  notes: NoteText.nullish(),
  outcome: InteractionOutcome.nullish(),
  follow_up_required: z.boolean().optional(),
  follow_up_date: DayString.nullish(),
  attachments: Attachments.optional(),
  ...Stamps,
});
const ImportOpportunity = OpportunityFields.extend({
  id: Id.optional(),
  company_name: CompanyName,
  contact_id: Id.nullish(),
  referrer_id: Id.nullish(),
  status: OpportunityStatus.optional(),
  ...Stamps,
});
const ImportActivity = z.object({
  id: Id.optional(),
  activity_type: ActivityType,
  activity_date: InstantString,
  description: ActivityDescription,
  related_contact_id: Id.nullish(),
  related_opportunity_id: Id.nullish(),
});
const ImportInsight = z.object({
  id: Id.optional(),
  contact_id: Id,
  insight_type: InsightType,
  insight_text: NoteText.min(1),
  confidence_score: z.number().min(0).max(1).nullish(),
  generated_at: InstantString.optional(),
});

const ImportTask = z.object({
  id: Id.optional(),
  title: z.string().trim().min(1, 'must not be empty').max(500),
  notes: NoteText.nullish(),
  kind: TaskKind.optional(),
  status: TaskStatus.optional(),
  due_date: DayString.nullish(),
  contact_id: Id.nullish(),
  opportunity_id: Id.nullish(),
  completed_at: InstantString.nullish(),
  automation_rule: AutomationRuleName.nullish(),
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
  const rows = value.map((record, index) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || '(record)';
    const id = record && typeof record === 'object' && 'id' in record ? ` (id ${String((record as { id: unknown }).id)})` : '';
    const what = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    throw new InvalidInputError(`${key}[${index}].${field}`, `${key}[${index}]${id}: ${field} ${what}.`);
  });
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const id = (row as { id?: string }).id;
    if (!id) return;
    const first = seen.get(id);
    if (first !== undefined) throw new InvalidInputError(`${key}[${index}].id`, `${key}[${index}]: id ${id} appears twice in the file (also ${key}[${first}]).`);
    seen.set(id, index);
  });
  return rows;
}

const stamp = (s: string | undefined, fallback: Date): Date => (s ? new Date(s) : fallback);
const instant = (s: string): Date => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T12:00:00Z` : s);

type Row = Record<string, unknown> & { id: string };

/** Which of `ids` are records of this user in `table` (RLS scopes it; the filter uses the index). */
async function ownIds(ctx: ToolContext, table: PgTable, ids: string[]): Promise<Set<string>> {
  const columns = getTableColumns(table) as unknown as Record<string, PgColumn>;
  const own = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const rows = await ctx.db.select({ id: columns.id }).from(table)
      .where(and(eq(columns.userId, ctx.userId), inArray(columns.id, batch))) as Array<{ id: string }>;
    for (const r of rows) own.add(r.id);
  }
  return own;
}

/**
 * Updates the user's own records and inserts the others. An id that is taken by a record the user
 * cannot see (another user's) is answered exactly like a new one: the record gets a fresh id, and
 * `renamed` maps the file's id to it so that later sections point at the right record.
 */
async function upsert(ctx: ToolContext, table: PgTable, rows: Row[], own: Set<string>, renamed: Map<string, string>, done: () => void) {
  const columns = getTableColumns(table) as unknown as Record<string, PgColumn>;
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const keys = Object.keys(batch[0]).filter((k) => k !== 'id');
    const set = Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded.${columns[k].name}`)]));
    const updates = batch.filter((r) => own.has(r.id));
    const inserts = batch.filter((r) => !own.has(r.id));
    if (updates.length > 0) await ctx.db.insert(table).values(updates as never).onConflictDoUpdate({ target: columns.id, set });
    if (inserts.length > 0) {
      const written = new Set((await ctx.db.insert(table).values(inserts as never).onConflictDoNothing({ target: columns.id })
        .returning({ id: columns.id }) as Array<{ id: string }>).map((r) => r.id));
      const taken = inserts.filter((r) => !written.has(r.id)).map((r) => {
        const id = crypto.randomUUID();
        renamed.set(r.id, id);
        return { ...r, id };
      });
      if (taken.length > 0) await ctx.db.insert(table).values(taken as never);
    }
    for (let j = 0; j < batch.length; j++) done();
  }
}

const SECTIONS = ['contacts', 'interactions', 'opportunities', 'activities', 'contact_insights', 'tasks'] as const;
type Counts = Record<(typeof SECTIONS)[number], number>;
const ImportCounts = z.object({ contacts: z.number(), interactions: z.number(), opportunities: z.number(), activities: z.number(), contact_insights: z.number(), tasks: z.number() });

export const importData = defineTool({
  name: 'import_data',
  title: 'Import data',
  description:
    'Import a JSON export (contacts, interactions, opportunities, activities, contact_insights, tasks). Records with an id that exists are ' +
    'updated, others are created. All or nothing: one bad record refuses the whole import and names the record and field. ' +
    'Destructive when it would overwrite existing records: it then changes nothing and answers what it would overwrite, ' +
    'until called again with confirm: true.',
  input: z.object({ data: z.record(z.string(), z.unknown()).describe('The JSON export document'), confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ imported: ImportCounts }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  // An import is a bulk change: the agent asks before running one.
  needsConfirmation: () => true,
  async run(ctx, { data, confirm }) {
    const contacts = parseSection(data, 'contacts', ImportContact);
    const interactions = parseSection(data, 'interactions', ImportInteraction);
    const opportunities = parseSection(data, 'opportunities', ImportOpportunity);
    const activities = parseSection(data, 'activities', ImportActivity);
    const insights = parseSection(data, 'contact_insights', ImportInsight);
    const tasks = parseSection(data, 'tasks', ImportTask);

    const withIds = <T extends { id?: string }>(rows: T[]) => rows.map((r) => ({ ...r, id: r.id ?? crypto.randomUUID() }));
    const contactRows = withIds(contacts);
    const opportunityRows = withIds(opportunities);
    const interactionRows = withIds(interactions);
    const insightRows = withIds(insights);
    const activityRows = withIds(activities);
    const taskRows = withIds(tasks);

    // Every reference must be a record of this import or of the importer's own data.
    const knownContacts = new Set(contactRows.map((c) => c.id));
    const knownOpportunities = new Set(opportunityRows.map((o) => o.id));
    const outside = (ids: Array<string | null | undefined>, known: Set<string>) => [...new Set(ids.filter((id): id is string => !!id && !known.has(id)))];
    const contactRefs = outside([...interactions.map((r) => r.contact_id), ...opportunities.map((r) => r.contact_id), ...insights.map((r) => r.contact_id), ...activities.map((r) => r.related_contact_id), ...tasks.map((r) => r.contact_id)], knownContacts);
    for (const id of await ownIds(ctx, crmContacts, contactRefs)) knownContacts.add(id);
    for (const id of await ownIds(ctx, crmOpportunities, outside([...activities.map((r) => r.related_opportunity_id), ...tasks.map((r) => r.opportunity_id)], knownOpportunities))) knownOpportunities.add(id);
    const check = (section: string, rows: Array<{ id?: string } & Record<string, unknown>>, field: string, known: Set<string>, what: string) =>
      rows.forEach((r, index) => {
        const ref = r[field] as string | null | undefined;
        if (ref && !known.has(ref)) {
          throw new NotFoundError(`${section}[${index}]${r.id ? ` (id ${r.id})` : ''}: ${field} ${ref} is not ${what} in this import or in your data.`, { field: `${section}[${index}].${field}` });
        }
      });
    check('interactions', interactions, 'contact_id', knownContacts, 'a contact');
    check('opportunities', opportunities, 'contact_id', knownContacts, 'a contact');
    check('contact_insights', insights, 'contact_id', knownContacts, 'a contact');
    check('activities', activities, 'related_contact_id', knownContacts, 'a contact');
    check('activities', activities, 'related_opportunity_id', knownOpportunities, 'an opportunity');
    check('tasks', tasks, 'contact_id', knownContacts, 'a contact');
    check('tasks', tasks, 'opportunity_id', knownOpportunities, 'an opportunity');

    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    const own = {
      contacts: await ownIds(ctx, crmContacts, ids(contactRows)),
      opportunities: await ownIds(ctx, crmOpportunities, ids(opportunityRows)),
      interactions: await ownIds(ctx, crmInteractions, ids(interactionRows)),
      contact_insights: await ownIds(ctx, crmContactInsights, ids(insightRows)),
      activities: await ownIds(ctx, crmActivities, ids(activityRows)),
      tasks: await ownIds(ctx, crmTasks, ids(taskRows)),
    };
    const overwrites: Counts = { contacts: own.contacts.size, interactions: own.interactions.size, opportunities: own.opportunities.size, activities: own.activities.size, contact_insights: own.contact_insights.size, tasks: own.tasks.size };
    const imported: Counts = { contacts: contacts.length, interactions: interactions.length, opportunities: opportunities.length, activities: activities.length, contact_insights: insights.length, tasks: tasks.length };
    const overwriting = SECTIONS.reduce((n, k) => n + overwrites[k], 0);
    if (overwriting > 0 && !confirm) {
      const words = SECTIONS.filter((k) => overwrites[k] > 0).map((k) => `${overwrites[k]} ${k.replace('_', ' ')}`).join(', ');
      const created = SECTIONS.reduce((n, k) => n + imported[k] - overwrites[k], 0);
      return confirmationRequired('import_data', `This import would overwrite ${countOf(overwriting, 'existing record')} (${words}) and add ${created}.`, {
        overwrite: overwrites,
        create: Object.fromEntries(SECTIONS.map((k) => [k, imported[k] - overwrites[k]])),
      });
    }

    const total = SECTIONS.reduce((n, k) => n + imported[k], 0);
    let done = 0;
    const tick = () => { done++; if (done % 100 === 0 || done === total) ctx.progress?.(done, total, 'importing'); };
    const now = ctx.now;
    const renamed = new Map<string, string>();
    const ref = (id: string | null | undefined) => (id ? renamed.get(id) ?? id : null);

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
    })), own.contacts, renamed, tick);
    await upsert(ctx, crmOpportunities, opportunityRows.map((o) => ({
      id: o.id, userId: ctx.userId, contactId: ref(o.contact_id), referrerId: ref(o.referrer_id), jobTitle: o.job_title ?? null, jobUrl: o.job_url ?? null, companyName: o.company_name,
      jobDescription: o.job_description ?? null, salaryRange: o.salary_range ?? null, location: o.location ?? null,
      applicationDate: o.application_date ?? null, status: o.status ?? 'interested', priorityLevel: o.priority_level ?? null,
      matchScore: o.match_score ?? null, source: o.source ?? null, postedDate: o.posted_date ?? null, nextAction: o.next_action ?? null, nextActionDate: o.next_action_date ?? null,
      notes: o.notes ?? null, createdAt: stamp(o.created_at, now), updatedAt: stamp(o.updated_at, now),
    })), own.opportunities, renamed, tick);
    await upsert(ctx, crmInteractions, interactionRows.map((i) => ({
      id: i.id, userId: ctx.userId, contactId: ref(i.contact_id), interactionType: i.interaction_type,
      interactionDate: instant(i.interaction_date), hasTime: i.has_time ?? true, subject: i.subject ?? null, notes: i.notes ?? null, outcome: i.outcome ?? null,
      followUpRequired: i.follow_up_required ?? !!i.follow_up_date, followUpDate: i.follow_up_date ?? null,
      attachments: i.attachments ?? [], createdAt: stamp(i.created_at, now), updatedAt: stamp(i.updated_at, now),
    })), own.interactions, renamed, tick);
    await upsert(ctx, crmContactInsights, insightRows.map((i) => ({
      id: i.id, userId: ctx.userId, contactId: ref(i.contact_id), insightType: i.insight_type, insightText: i.insight_text,
      confidenceScore: i.confidence_score ?? null, generatedAt: stamp(i.generated_at, now),
    })), own.contact_insights, renamed, tick);
    await upsert(ctx, crmActivities, activityRows.map((a) => ({
      id: a.id, userId: ctx.userId, activityType: a.activity_type, activityDate: instant(a.activity_date), description: a.description,
      relatedContactId: ref(a.related_contact_id), relatedOpportunityId: ref(a.related_opportunity_id),
    })), own.activities, renamed, tick);
    await upsert(ctx, crmTasks, taskRows.map((t) => ({
      id: t.id, userId: ctx.userId, title: t.title, notes: t.notes ?? null, kind: t.kind ?? (t.contact_id ? 'follow_up' : 'todo'),
      status: t.status ?? 'open', dueDate: t.due_date ?? null, contactId: ref(t.contact_id), opportunityId: ref(t.opportunity_id),
      completedAt: t.completed_at ? new Date(t.completed_at) : null, automationRule: t.automation_rule ?? null,
      createdAt: stamp(t.created_at, now), updatedAt: stamp(t.updated_at, now),
    })), own.tasks, renamed, tick);
    // A contact's follow-up date is its earliest open task: an older export's dates become tasks.
    await followUpTasksForDates(ctx, [...contactRows.map((c) => ref(c.id)!), ...taskRows.flatMap((t) => (t.contact_id ? [ref(t.contact_id)!] : []))]);
    if (total > 0) {
      await recordActivity(ctx, {
        type: 'data_imported',
        description: `Imported ${contacts.length} contacts, ${interactions.length} interactions, ${opportunities.length} opportunities`,
      });
    }
    return { imported };
  },
});

export const transferTools = [exportData, importData];
