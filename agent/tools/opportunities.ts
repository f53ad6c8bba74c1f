import { z } from 'zod';
import { meetingLinkIn } from './shared/meeting-links.js';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { crmContacts, crmOpportunities, crmOpportunityStageChanges } from '../../db/schema/index.js';
import { OPPORTUNITY_STATUSES } from '../../db/schema/enums.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import { CompanyName, ContactRef, OpportunityFields, OpportunityRecord, OpportunityRef, OpportunityStatus, PageInput, ResumeRef } from './shared/schemas.js';
import { resolveResume } from './resumes/resolve-resume.js';
import { rescoreOpportunity } from './match/rescore.js';
import { fullName, opportunityRecord } from './shared/records.js';
import { resolveContact } from './shared/resolve-contact.js';
import { resolveOpportunity, opportunityLabel, ACTIVE_STATUSES } from './shared/resolve-opportunity.js';
import { recordActivity } from './shared/record-activity.js';
import { todayIn } from './shared/user-dates.js';
import { decodeCursor, pageOf } from './shared/cursor.js';
import { InvalidInputError } from './shared/errors.js';
import { marked, myTeamIds, ownOrShared, sharingMarks } from './shared/sharing.js';
import type { ToolContext } from './shared/context.js';

/** Each stage as a person says it ("phone screen"). */
export const STAGE_WORDS: Record<string, string> = {
  interested: 'interested', applied: 'applied', phone_screen: 'phone screen', interview: 'interview',
  final_round: 'final round', offer: 'offer', rejected: 'rejected', withdrawn: 'withdrawn',
};

/** Reaching these stages ends the current next step unless a new one is given. */
export const STEP_ENDING_STATUSES = ['offer', 'rejected', 'withdrawn'] as const;

type OpportunityInsert = Partial<typeof crmOpportunities.$inferInsert>;

function opportunityColumns(input: Partial<z.output<typeof OpportunityFields>>): OpportunityInsert {
  const map: Array<[keyof typeof input, keyof OpportunityInsert]> = [
    ['job_title', 'jobTitle'], ['job_url', 'jobUrl'], ['meeting_url', 'meetingUrl'], ['job_description', 'jobDescription'], ['salary_range', 'salaryRange'], ['location', 'location'],
    ['application_date', 'applicationDate'], ['priority_level', 'priorityLevel'], ['match_score', 'matchScore'],
    ['next_action', 'nextAction'], ['next_action_date', 'nextActionDate'], ['notes', 'notes'], ['source', 'source'], ['posted_date', 'postedDate'],
  ];
  const out: Record<string, unknown> = {};
  for (const [from, to] of map) if (input[from] !== undefined) out[to] = input[from];
  return out as OpportunityInsert;
}

export async function stageHistory(ctx: ToolContext, opportunityId: string) {
  const rows = await ctx.db.select().from(crmOpportunityStageChanges)
    .where(and(eq(crmOpportunityStageChanges.userId, ctx.userId), eq(crmOpportunityStageChanges.opportunityId, opportunityId)))
    .orderBy(asc(crmOpportunityStageChanges.changedAt));
  return rows.map((r) => ({ from_status: r.fromStatus, to_status: r.toStatus, changed_at: r.changedAt.toISOString() }));
}

export async function contactNameOf(ctx: ToolContext, contactId: string | null): Promise<string | null> {
  if (!contactId) return null;
  const [c] = await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, contactId)));
  return c ? fullName(c) : null;
}

async function savedPosting(ctx: ToolContext, postingUrl: string) {
  const [row] = await ctx.db.select().from(crmOpportunities)
    .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.jobUrl, postingUrl)));
  return row ? opportunityRecord(row, { contact_name: await contactNameOf(ctx, row.contactId), stage_history: await stageHistory(ctx, row.id) }) : undefined;
}

export const addOpportunity = defineTool({
  name: 'add_opportunity',
  title: 'Add an opportunity',
  description:
    'Add a job opportunity to the pipeline: company (required), job title, status (interested, applied, phone_screen, interview, ' +
    'final_round, offer, rejected, withdrawn; default interested), salary range, priority, location, description, the contact ' +
    'connected to it, next action and date, and the posting\'s URL. "applied to X at Y" is status applied with today as application_date. ' +
    'An opportunity whose job_url is already saved is not added again: the saved one is returned with already_saved true.',
  input: OpportunityFields.extend({
    company_name: CompanyName,
    status: OpportunityStatus.optional(),
    contact: ContactRef.optional().describe('The contact connected to this opportunity (recruiter, referral, ...)'),
    referrer: ContactRef.optional().describe('The contact who referred you, when not the contact above'),
    resume: ResumeRef.optional().describe('The résumé version sent (id or name); the match score reads it, else the latest résumé'),
  }),
  output: z.object({ opportunity: OpportunityRecord, already_saved: z.boolean().optional() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    if (input.job_url) {
      const saved = await savedPosting(ctx, input.job_url);
      if (saved) return { opportunity: saved, already_saved: true };
    }
    const contact = input.contact ? await resolveContact(ctx, input.contact) : undefined;
    const referrer = input.referrer ? await resolveContact(ctx, input.referrer) : undefined;
    const resume = input.resume ? await resolveResume(ctx, input.resume) : undefined;
    const status = input.status ?? 'interested';
    const values = opportunityColumns(input);
    if (status !== 'interested' && values.applicationDate === undefined) values.applicationDate = todayIn(ctx.now, ctx.tz);
    if (values.meetingUrl === undefined) values.meetingUrl = meetingLinkIn(input.next_action, input.notes);
    // The look-up above answers the usual second save; two saves at the same instant both pass it,
    // and the unique index (user, job_url) lets only one insert: the other answers the saved one.
    const [row] = await ctx.db.insert(crmOpportunities).values({
      ...values,
      userId: ctx.userId,
      companyName: input.company_name,
      contactId: contact?.id ?? null,
      referrerId: referrer?.id ?? null,
      resumeId: resume?.id ?? null,
      status,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }).onConflictDoNothing({ target: [crmOpportunities.userId, crmOpportunities.jobUrl], where: sql`${crmOpportunities.jobUrl} is not null` }).returning();
    if (!row) {
      const saved = await savedPosting(ctx, input.job_url!);
      if (!saved) throw new Error('add_opportunity: the posting conflicted but is not visible');
      return { opportunity: saved, already_saved: true };
    }
    await ctx.db.insert(crmOpportunityStageChanges).values({ userId: ctx.userId, opportunityId: row.id, fromStatus: null, toStatus: status, changedAt: ctx.now });
    await recordActivity(ctx, { type: 'opportunity_added', description: `Added ${opportunityLabel(row)} (${STAGE_WORDS[status]})`, opportunityId: row.id, contactId: contact?.id });
    const scored = input.match_score === undefined || input.match_score === null ? (await rescoreOpportunity(ctx, row))?.row ?? row : row;
    return { opportunity: opportunityRecord(scored, { contact_name: contact ? fullName(contact) : null, referrer_name: referrer ? fullName(referrer) : null, stage_history: await stageHistory(ctx, row.id) }) };
  },
});

export const updateOpportunity = defineTool({
  name: 'update_opportunity',
  title: 'Update an opportunity',
  description:
    'Change an opportunity, including moving it to another pipeline stage (status): "I got an offer from Acme" is status offer, ' +
    '"Globex rejected me" is rejected, "withdraw my Initech application" is withdrawn, "interview with Stripe on Monday" is ' +
    'interview with next_action_date. The opportunity is named by id, company, job title or "title at company". The date of each stage move is kept. ' +
    'Moving to offer, rejected or withdrawn clears next_action and next_action_date unless this call gives new ones.',
  input: OpportunityFields.partial().extend({
    opportunity: OpportunityRef,
    company_name: CompanyName.optional(),
    status: OpportunityStatus.optional(),
    contact: ContactRef.nullish(),
    referrer: ContactRef.nullish().describe('The contact who referred you; null clears it'),
    resume: ResumeRef.nullish().describe('The résumé version sent (id or name); null: the latest résumé'),
    append_notes: z.string().trim().min(1).max(20_000).optional().describe('Text to add to the end of the opportunity\'s notes (`notes` replaces them)'),
  }),
  output: z.object({ opportunity: OpportunityRecord, previous_status: OpportunityStatus }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const existing = await resolveOpportunity(ctx, input.opportunity);
    const { opportunity: _ref, company_name, status, contact, referrer, resume, append_notes, ...fields } = input;
    const values = opportunityColumns(fields);
    if (append_notes) {
      const base = fields.notes !== undefined ? fields.notes : existing.notes;
      values.notes = base ? `${base}\n${append_notes}` : append_notes;
    }
    if (company_name) values.companyName = company_name;
    if (contact !== undefined) values.contactId = contact ? (await resolveContact(ctx, contact)).id : null;
    if (referrer !== undefined) values.referrerId = referrer ? (await resolveContact(ctx, referrer)).id : null;
    if (resume !== undefined) values.resumeId = resume ? (await resolveResume(ctx, resume)).id : null;
    const moved = status && status !== existing.status;
    if (status) values.status = status;
    if (moved && status === 'applied' && !existing.applicationDate && values.applicationDate === undefined) values.applicationDate = todayIn(ctx.now, ctx.tz);
    // The old next step (an interview, a screen) is over once the process ends or an offer arrives;
    // a step given in the same call is the new one.
    if (moved && (STEP_ENDING_STATUSES as readonly string[]).includes(status!)) {
      if (fields.next_action === undefined) values.nextAction = null;
      if (fields.next_action_date === undefined) values.nextActionDate = null;
    }
    if (Object.keys(values).length === 0 && !status) throw new InvalidInputError('(input)', 'Nothing to change: give a status or another field to update.');
    if (values.meetingUrl === undefined && (values.nextAction || values.notes)) {
      const found = meetingLinkIn(values.nextAction, values.notes);
      if (found) values.meetingUrl = found;
    }
    let [row] = await ctx.db.update(crmOpportunities).set({ ...values, updatedAt: ctx.now })
      .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.id, existing.id))).returning();
    // A new description or résumé is a new match, unless this call sets the score itself.
    const rematch = (values.jobDescription !== undefined && values.jobDescription !== existing.jobDescription) || (values.resumeId !== undefined && values.resumeId !== existing.resumeId);
    if (rematch && fields.match_score === undefined) row = (await rescoreOpportunity(ctx, row))?.row ?? row;
    if (moved) {
      await ctx.db.insert(crmOpportunityStageChanges).values({ userId: ctx.userId, opportunityId: row.id, fromStatus: existing.status, toStatus: status!, changedAt: ctx.now });
    }
    await recordActivity(ctx, {
      type: 'opportunity_updated',
      description: moved ? `Moved ${opportunityLabel(row)} from ${STAGE_WORDS[existing.status]} to ${STAGE_WORDS[status!]}` : `Updated ${opportunityLabel(row)}`,
      opportunityId: row.id,
      contactId: row.contactId,
    });
    return {
      opportunity: opportunityRecord(row, { contact_name: await contactNameOf(ctx, row.contactId), referrer_name: await contactNameOf(ctx, row.referrerId), stage_history: await stageHistory(ctx, row.id) }),
      previous_status: existing.status,
    };
  },
});

const StatusFilter = z.union([OpportunityStatus, z.array(OpportunityStatus)]);

export const listOpportunities = defineTool({
  name: 'list_opportunities',
  title: 'List opportunities',
  description: 'List job opportunities, optionally by status (one stage or several) or only active ones (not rejected or withdrawn), most recently updated first. ' +
    'Opportunities teammates shared with your teams are included, each marked `shared` with its owner\'s name.',
  input: z.object({ status: StatusFilter.optional(), active_only: z.boolean().optional(), company: z.string().trim().max(200).optional(), ...PageInput }),
  output: z.object({ opportunities: z.array(OpportunityRecord), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const statuses = input.status ? (Array.isArray(input.status) ? input.status : [input.status]) : input.active_only ? [...ACTIVE_STATUSES] : undefined;
    const limit = input.limit ?? 50;
    const after = input.cursor ? decodeCursor(input.cursor, 2) : null;
    const teamIds = await myTeamIds(ctx);
    // The contact's name shows when the caller may read the contact (row-level security on the join).
    const rows = await ctx.db
      .select({ o: crmOpportunities, first: crmContacts.firstName, last: crmContacts.lastName })
      .from(crmOpportunities)
      .leftJoin(crmContacts, eq(crmContacts.id, crmOpportunities.contactId))
      .where(and(
        ownOrShared(crmOpportunities, ctx, teamIds),
        statuses ? inArray(crmOpportunities.status, statuses) : undefined,
        input.company ? sql`lower(${crmOpportunities.companyName}) = ${input.company.toLowerCase()}` : undefined,
        after ? sql`(${crmOpportunities.updatedAt}, ${crmOpportunities.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ))
      .orderBy(desc(crmOpportunities.updatedAt), desc(crmOpportunities.id))
      .limit(limit + 1);
    const { page, next_cursor } = pageOf(rows, limit, (r) => [r.o.updatedAt.toISOString(), r.o.id]);
    const mark = await sharingMarks(ctx, page.map((r) => r.o));
    return { opportunities: page.map((r) => marked(opportunityRecord(r.o, { contact_name: r.first ? `${r.first} ${r.last}`.trim() : null }), mark(r.o))), next_cursor };
  },
});

export const PipelineStage = z.object({ status: OpportunityStatus, count: z.number() });

/** Opportunities per status: the query. */
export function pipelineCountsQuery(ctx: ToolContext) {
  return ctx.db.select({ status: crmOpportunities.status, count: sql<number>`count(*)::int` })
    .from(crmOpportunities).where(eq(crmOpportunities.userId, ctx.userId)).groupBy(crmOpportunities.status);
}

/** Every stage in pipeline order with its count (0 when empty), and the active total. */
export function pipelineOf(rows: Array<{ status: string; count: number }>) {
  const byStatus = new Map(rows.map((r) => [r.status, Number(r.count)]));
  const stages = OPPORTUNITY_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 }));
  const active_total = stages.filter((s) => (ACTIVE_STATUSES as readonly string[]).includes(s.status)).reduce((n, s) => n + s.count, 0);
  return { stages, active_total };
}

export async function pipelineCounts(ctx: ToolContext) {
  return pipelineOf(await pipelineCountsQuery(ctx));
}

export const pipelineSummary = defineTool({
  name: 'pipeline_summary',
  title: 'Pipeline summary',
  description: 'The job pipeline at a glance: the number of opportunities in each stage, the active total, and the active opportunities themselves.',
  input: z.object({}),
  output: z.object({ stages: z.array(PipelineStage), active_total: z.number(), opportunities: z.array(OpportunityRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const counts = await pipelineCounts(ctx);
    const active = await ctx.db.select().from(crmOpportunities)
      .where(and(eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.status, [...ACTIVE_STATUSES])))
      .orderBy(desc(crmOpportunities.updatedAt)).limit(100);
    return { ...counts, opportunities: active.map((o) => opportunityRecord(o)) };
  },
});

export const deleteOpportunity = defineTool({
  name: 'delete_opportunity',
  title: 'Delete an opportunity',
  description: 'Delete an opportunity from the pipeline. Destructive: without confirm: true it changes nothing and returns what would be deleted.',
  input: z.object({ opportunity: OpportunityRef, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), opportunity: OpportunityRecord }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const o = await resolveOpportunity(ctx, input.opportunity);
    if (!input.confirm) return confirmationRequired('delete_opportunity', `Delete ${opportunityLabel(o)} from the pipeline?`, { opportunity: opportunityRecord(o) });
    await recordActivity(ctx, { type: 'opportunity_deleted', description: `Deleted ${opportunityLabel(o)}`, contactId: o.contactId });
    await ctx.db.delete(crmOpportunities).where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.id, o.id)));
    return { status: 'deleted' as const, opportunity: opportunityRecord(o) };
  },
});

export const opportunityTools = [addOpportunity, updateOpportunity, listOpportunities, pipelineSummary, deleteOpportunity];
