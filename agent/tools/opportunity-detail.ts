import { z } from 'zod';
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { crmContacts, crmInteractions } from '../../db/schema/index.js';
import { defineTool } from './define-tool.js';
import { ContactRecord, InteractionRecord, OpportunityRecord } from './shared/schemas.js';
import { contactRecord, fullName, interactionRecord, opportunityRecord } from './shared/records.js';
import { resolveOpportunity } from './shared/resolve-opportunity.js';
import { contactNameOf, stageHistory } from './opportunities.js';
import { marked, sharingMarks, visibleToMe } from './shared/sharing.js';

export const getOpportunity = defineTool({
  name: 'get_opportunity',
  title: 'Get an opportunity',
  description:
    'Everything about one job opportunity: its details (description, salary, posting URL, next action), the stage moves with their dates, ' +
    'its contact and referrer, the people you know at that company, and the interactions with all of them (newest first). ' +
    'Name it by id, company, job title or "title at company". An opportunity a teammate shared with your team is found too (marked `shared`).',
  input: z.object({
    opportunity: z.string().trim().min(1).describe('The opportunity: id, company name, job title, or "title at company"'),
    timeline_limit: z.number().int().min(1).max(500).optional().describe('How many interactions (default 50)'),
  }),
  output: z.object({
    opportunity: OpportunityRecord,
    contact: ContactRecord.nullable(),
    referrer: ContactRecord.nullable(),
    people_at_company: z.array(ContactRecord),
    interactions: z.array(InteractionRecord),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const o = await resolveOpportunity(ctx, input.opportunity, { shared: true });
    // The caller's own people at the company; the opportunity's contact and referrer when the caller may read them (theirs, or shared).
    const people = await ctx.db.select().from(crmContacts).where(or(
      and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.companyKey, o.companyName.toLowerCase())),
      o.contactId || o.referrerId
        ? and(visibleToMe(crmContacts, ctx), inArray(crmContacts.id, [o.contactId, o.referrerId].filter((id): id is string => !!id)))
        : undefined,
    )).orderBy(crmContacts.lastName, crmContacts.firstName).limit(200);
    const byId = new Map(people.map((p) => [p.id, p]));
    const interactions = people.length === 0 ? [] : await ctx.db.select().from(crmInteractions)
      .where(and(eq(crmInteractions.userId, ctx.userId), inArray(crmInteractions.contactId, people.map((p) => p.id))))
      .orderBy(desc(crmInteractions.interactionDate), sql`${crmInteractions.id} desc`).limit(input.timeline_limit ?? 50);
    const contact = o.contactId ? byId.get(o.contactId) : undefined;
    const referrer = o.referrerId ? byId.get(o.referrerId) : undefined;
    const mark = await sharingMarks(ctx, [o, ...people]);
    return {
      opportunity: marked(opportunityRecord(o, {
        contact_name: contact ? fullName(contact) : await contactNameOf(ctx, o.contactId),
        referrer_name: referrer ? fullName(referrer) : await contactNameOf(ctx, o.referrerId),
        stage_history: await stageHistory(ctx, o.id),
      }), mark(o)),
      contact: contact ? marked(contactRecord(contact), mark(contact)) : null,
      referrer: referrer ? marked(contactRecord(referrer), mark(referrer)) : null,
      people_at_company: people.filter((p) => p.id !== o.contactId && p.id !== o.referrerId).map(contactRecord),
      interactions: interactions.map((i) => interactionRecord(i, fullName(byId.get(i.contactId)!))),
    };
  },
});
