import { and, eq, sql } from 'drizzle-orm';
import { crmContacts, crmInteractions, crmOpportunities, crmOpportunityStageChanges } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { ToolError } from '../shared/errors.js';
import { contactColumns } from '../shared/contact-values.js';
import { recordActivity } from '../shared/record-activity.js';
import type { ImportPlan } from './plan-import.js';
import type { ContactValues } from './clean-contact.js';
import type { OpportunityValues } from './clean-opportunity.js';
import { insertRowsAsJson } from './bulk-insert.js';

// Rows per statement: large enough that per-statement work (triggers) is shared, small enough for a progress bar to move.
const BATCH = 2000;

export class ImportCancelledError extends ToolError {
  constructor() { super('invalid', 'The import was cancelled; nothing was imported.', { field: 'import', cancelled: true }); }
}

const contactRow = (v: ContactValues) => ({ ...contactColumns({ ...v, phone: undefined }), phone: v.phone, tags: v.tags });
const opportunityRow = (v: OpportunityValues) => ({
  companyName: v.company_name, jobTitle: v.job_title, jobUrl: v.job_url, status: v.status, applicationDate: v.application_date, location: v.location,
  salaryRange: v.salary_range, jobDescription: v.job_description, nextAction: v.next_action, nextActionDate: v.next_action_date,
  priorityLevel: v.priority_level, notes: v.notes,
});

/**
 * PGlite runs a statement without giving the event loop a turn, so an import of many batches would
 * not let its process send the progress or hear a cancel (a closed stream, Ctrl-C) until it had
 * committed. Two check phases have a poll phase between them: what arrived meanwhile is read.
 */
async function turnOfTheEventLoop(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Writes a plan in the caller's transaction (runTool's), in batches: a failure or a cancel
 * (ctx.signal) part-way throws, and the transaction takes back everything written before it.
 */
export async function applyPlan(ctx: ToolContext, plan: ImportPlan): Promise<void> {
  const total = plan.contacts.length + plan.opportunities.length + plan.interactions.length;
  let done = 0;
  const step = async (n: number) => {
    await turnOfTheEventLoop();
    if (ctx.signal?.aborted) throw new ImportCancelledError();
    done += n;
    ctx.progress?.(done, total, 'importing');
  };
  await step(0);
  const now = ctx.now;
  const newContacts = plan.contacts.filter((s) => s.origin === 'new');
  for (let i = 0; i < newContacts.length; i += BATCH) {
    const batch = newContacts.slice(i, i + BATCH);
    await insertRowsAsJson(ctx, crmContacts, batch.map((s) => ({
      id: s.id, userId: ctx.userId, firstName: s.values.first_name, lastName: s.values.last_name, ...contactRow(s.values), createdAt: now, updatedAt: now,
    })));
    await step(batch.length);
  }
  for (const s of plan.contacts.filter((c) => c.origin === 'kith')) {
    await ctx.db.update(crmContacts).set({ ...contactRow(s.values), updatedAt: now })
      .where(and(eq(crmContacts.id, s.id), eq(crmContacts.userId, ctx.userId)));
    await step(1);
  }
  const newOpportunities = plan.opportunities.filter((s) => s.origin === 'new');
  for (let i = 0; i < newOpportunities.length; i += BATCH) {
    const batch = newOpportunities.slice(i, i + BATCH);
    await ctx.db.insert(crmOpportunities).values(batch.map((s) => ({ id: s.id, userId: ctx.userId, ...opportunityRow(s.values), createdAt: now, updatedAt: now })));
    await ctx.db.insert(crmOpportunityStageChanges).values(batch.map((s) => ({ userId: ctx.userId, opportunityId: s.id, fromStatus: null, toStatus: s.values.status, changedAt: now })));
    await step(batch.length);
  }
  for (const s of plan.opportunities.filter((o) => o.origin === 'kith')) {
    await ctx.db.update(crmOpportunities).set({ ...opportunityRow(s.values), updatedAt: now })
      .where(and(eq(crmOpportunities.id, s.id), eq(crmOpportunities.userId, ctx.userId)));
    if (s.fromStatus && s.fromStatus !== s.values.status) {
      await ctx.db.insert(crmOpportunityStageChanges).values({ userId: ctx.userId, opportunityId: s.id, fromStatus: s.fromStatus as never, toStatus: s.values.status, changedAt: now });
    }
    await step(1);
  }
  for (let i = 0; i < plan.interactions.length; i += BATCH) {
    const batch = plan.interactions.slice(i, i + BATCH);
    await insertRowsAsJson(ctx, crmInteractions, batch.map((x) => ({
      id: crypto.randomUUID(), userId: ctx.userId, contactId: x.contactId, interactionType: x.type, interactionDate: x.date,
      subject: x.subject, notes: x.notes, followUpRequired: false, attachments: [], createdAt: now, updatedAt: now,
    })));
    await step(batch.length);
  }
  if (plan.interactions.length > 0) {
    // A contact's last contact date moves to the newest imported message with them (never back).
    const ids = [...new Set(plan.interactions.map((x) => x.contactId))];
    await ctx.db.execute(sql`
      update crm_contacts c set last_contact_date = greatest(c.last_contact_date, (i.last at time zone ${ctx.tz})::date)
        from (select contact_id, max(interaction_date) as last from crm_interactions where user_id = ${ctx.userId} and contact_id = any(${`{${ids.join(',')}}`}::uuid[]) group by contact_id) i
       where c.id = i.contact_id and c.user_id = ${ctx.userId}`);
  }
  if (total > 0) {
    const count = (table: string, action: string) => plan.records.filter((r) => r.table === table && r.action === action).length;
    await recordActivity(ctx, {
      type: 'data_imported',
      description: `Imported ${count('contacts', 'add')} new contacts (${count('contacts', 'update')} updated), ` +
        `${count('interactions', 'add')} interactions, ${count('opportunities', 'add')} opportunities (${count('opportunities', 'update')} updated)`,
    });
  }
}
