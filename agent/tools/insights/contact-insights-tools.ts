import { z } from 'zod';
import { and, arrayOverlaps, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { crmContactInsights, crmContacts, crmInteractions, crmOpportunities } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { ContactRef, InsightRecord } from '../shared/schemas.js';
import { resolveContact } from '../shared/resolve-contact.js';
import { fullName } from '../shared/records.js';
import { opportunityLabel } from '../shared/resolve-opportunity.js';
import type { ToolContext } from '../shared/context.js';
import { companyKey } from './relationship-map.js';
import { contactInsights } from './contact-insights.js';

/** The insight types this tool computes; rows of other types (imported, written by hand) are left alone. */
export const COMPUTED_INSIGHTS = ['best_contact_time', 'preferred_channel', 'responsiveness', 'tone', 'interests', 'mutual_connections', 'relationship_strength'] as const;

const insightRecord = (r: typeof crmContactInsights.$inferSelect) => ({
  id: r.id, contact_id: r.contactId, insight_type: r.insightType, insight_text: r.insightText, confidence_score: r.confidenceScore, generated_at: r.generatedAt.toISOString(),
});

async function storedInsights(ctx: ToolContext, contactId: string) {
  const rows = await ctx.db.select().from(crmContactInsights)
    .where(and(eq(crmContactInsights.userId, ctx.userId), eq(crmContactInsights.contactId, contactId)))
    .orderBy(desc(crmContactInsights.confidenceScore), crmContactInsights.insightType);
  return rows.map(insightRecord);
}

export const computeContactInsights = defineTool({
  name: 'compute_contact_insights',
  title: 'Compute insights about a contact',
  description:
    'Works out, from the user\'s interactions and notes, insights about one contact and stores them (replacing the earlier computed ones): ' +
    'the best time to reach them, their preferred channel, how reliably they answer, the tone of the notes (sentiment), their interests ' +
    '(key phrases of the notes), mutual connections (same company, shared tags, referrals), and the relationship strength from recency, ' +
    'frequency and outcomes, with a suggested connection_strength when it disagrees with the stored one. Each has a confidence 0..1.',
  input: z.object({ contact: ContactRef }),
  output: z.object({
    contact_id: z.string(), name: z.string(), insights: z.array(InsightRecord),
    strength: z.object({ score: z.number(), label: z.string(), based_on: z.string() }),
    stored_connection_strength: z.string().nullable(), suggested_connection_strength: z.string().nullable(), summary: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const c = await resolveContact(ctx, input.contact);
    const interactions = await ctx.db.select().from(crmInteractions)
      .where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, c.id)));
    const key = c.company ? companyKey(c.company) : '';
    const others = await ctx.db.select({ id: crmContacts.id, firstName: crmContacts.firstName, lastName: crmContacts.lastName, company: crmContacts.company, tags: crmContacts.tags })
      .from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), ne(crmContacts.id, c.id), or(
        c.tags.length ? arrayOverlaps(crmContacts.tags, c.tags) : sql`false`,
        c.company ? eq(crmContacts.companyKey, c.company.toLowerCase()) : sql`false`,
      ))).limit(500);
    const opportunities = await ctx.db.select().from(crmOpportunities)
      .where(and(eq(crmOpportunities.userId, ctx.userId), or(eq(crmOpportunities.referrerId, c.id), eq(crmOpportunities.contactId, c.id))));
    const computed = contactInsights({
      name: fullName(c), notes: c.notes, storedStrength: c.connectionStrength,
      interactions: interactions.map((i) => ({ type: i.interactionType, at: i.interactionDate, hasTime: i.hasTime, outcome: i.outcome, subject: i.subject, notes: i.notes })),
      colleagues: others.filter((o) => key && o.company && companyKey(o.company) === key).map(fullName),
      sharedTags: c.tags.map((tag) => ({ tag, names: others.filter((o) => o.tags.includes(tag)).map(fullName) })).filter((t) => t.names.length > 0),
      referred: opportunities.filter((o) => o.referrerId === c.id).map(opportunityLabel),
      contactFor: opportunities.filter((o) => o.contactId === c.id).map(opportunityLabel),
    }, ctx.now, ctx.tz);
    await ctx.db.delete(crmContactInsights).where(and(eq(crmContactInsights.userId, ctx.userId), eq(crmContactInsights.contactId, c.id), inArray(crmContactInsights.insightType, [...COMPUTED_INSIGHTS])));
    if (computed.insights.length) {
      await ctx.db.insert(crmContactInsights).values(computed.insights.map((i) => ({
        userId: ctx.userId, contactId: c.id, insightType: i.insight_type, insightText: i.insight_text, confidenceScore: i.confidence_score, generatedAt: ctx.now,
      })));
    }
    const s = computed.strength;
    return {
      contact_id: c.id, name: fullName(c), insights: await storedInsights(ctx, c.id),
      strength: { score: s.score, label: s.label, based_on: s.based_on },
      stored_connection_strength: c.connectionStrength, suggested_connection_strength: computed.suggested_connection_strength,
      summary: `${computed.insights.length} insights about ${fullName(c)}; relationship ${s.label} (${s.score})` +
        `${computed.suggested_connection_strength ? `; suggested connection strength ${computed.suggested_connection_strength} instead of ${c.connectionStrength ?? 'not set'}` : ''}.`,
    };
  },
});

export const getContactInsights = defineTool({
  name: 'get_contact_insights',
  title: 'Insights about a contact',
  description: 'The stored insights about one contact (computed by compute_contact_insights, or imported), most confident first, with when each was made.',
  input: z.object({ contact: ContactRef }),
  output: z.object({ contact_id: z.string(), name: z.string(), insights: z.array(InsightRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const c = await resolveContact(ctx, input.contact);
    return { contact_id: c.id, name: fullName(c), insights: await storedInsights(ctx, c.id) };
  },
});

export const contactInsightTools = [computeContactInsights, getContactInsights];
