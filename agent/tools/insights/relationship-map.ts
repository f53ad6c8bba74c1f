import { z } from 'zod';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { crmContacts, crmInteractions, crmOpportunities } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { CompanyName, OpportunityRef } from '../shared/schemas.js';
import { fullName } from '../shared/records.js';
import { resolveOpportunity, opportunityLabel } from '../shared/resolve-opportunity.js';
import type { ToolContext } from '../shared/context.js';
import { relationshipStrength, type RelationshipStrength } from './relationship-strength.js';

/** How someone is connected to a company, strongest first: what they could do for a referral. */
export type ConnectionKind = 'works_there' | 'referred_you_there' | 'contact_on_opportunity' | 'worked_there' | 'mentioned_in_notes' | 'mentioned_in_interaction';

/** How much each kind of tie helps a referral (a current employee can refer; someone who left knows people). */
export const CONNECTION_RELEVANCE: Record<ConnectionKind, number> = {
  works_there: 1, referred_you_there: 0.9, contact_on_opportunity: 0.8, worked_there: 0.6, mentioned_in_notes: 0.4, mentioned_in_interaction: 0.35,
};

const SUFFIXES = /\b(?:inc|incorporated|llc|ltd|limited|gmbh|corp|corporation|co|company|plc|sa|ag|bv|pty|technologies|labs|hq)\b\.?/g;

/** "Stripe, Inc." and "stripe" are one company: lower case, punctuation and legal suffixes dropped. */
export function companyKey(name: string): string {
  return name.toLowerCase().replace(/[.,'’()]/g, ' ').replace(SUFFIXES, ' ').replace(/\s+/g, ' ').trim();
}

const PAST = /\b(?:ex-|former(?:ly)?|previously|used to|worked (?:at|for)|left|alum(?:ni|nus|na)?|back at|spent \w+ years at|was at)\b/i;

/** The sentence of `text` that names the company, and whether it speaks of the past. */
function mentionIn(text: string | null, key: string): { excerpt: string; past: boolean } | null {
  if (!text || !key) return null;
  const lower = text.toLowerCase();
  let at = -1;
  for (let from = 0; ;) {
    const i = lower.indexOf(key, from);
    if (i < 0) break;
    const before = i === 0 ? ' ' : lower[i - 1];
    const after = lower[i + key.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) { at = i; break; }
    from = i + 1;
  }
  if (at < 0) return null;
  const start = Math.max(text.lastIndexOf('.', at) + 1, text.lastIndexOf('\n', at) + 1, 0);
  const endDot = text.indexOf('.', at + key.length);
  const endLine = text.indexOf('\n', at + key.length);
  const end = [endDot, endLine].filter((x) => x >= 0).reduce((a, b) => Math.min(a, b), text.length);
  const excerpt = text.slice(start, end).trim().slice(0, 200);
  // "ex-Stripe" puts the dash before the name
  return { excerpt, past: PAST.test(excerpt) || /ex-\s*$/i.test(lower.slice(Math.max(0, at - 4), at)) };
}

const Connection = z.object({ kind: z.enum(['works_there', 'referred_you_there', 'contact_on_opportunity', 'worked_there', 'mentioned_in_notes', 'mentioned_in_interaction']), detail: z.string() });
const Strength = z.object({
  score: z.number(), label: z.enum(['strong', 'medium', 'weak', 'new']),
  parts: z.object({ stored: z.number(), recency: z.number(), frequency: z.number(), outcomes: z.number() }),
  days_since_last: z.number().nullable(), interactions_last_year: z.number(), based_on: z.string(),
});
const Person = z.object({
  contact_id: z.string(), name: z.string(), company: z.string().nullable(), job_title: z.string().nullable(),
  connections: z.array(Connection), strength: Strength, rank_score: z.number().describe('0..1: how the tie helps (0.6) and how strong it is (0.4)'), why: z.string(),
});
export type MappedPerson = z.infer<typeof Person>;

/** Everyone the user knows with a tie to the company, ranked for a referral. */
export async function peopleAt(ctx: ToolContext, company: string, limit = 25): Promise<MappedPerson[]> {
  const key = companyKey(company);
  if (!key) return [];
  const like = `%${key.replace(/[%_\\]/g, '\\$&')}%`;
  const contacts = await ctx.db.select().from(crmContacts).where(and(
    eq(crmContacts.userId, ctx.userId),
    or(sql`${crmContacts.companyKey} like ${like}`, sql`${crmContacts.notes} ilike ${like}`),
  )).limit(500);
  const opportunities = await ctx.db.select({ id: crmOpportunities.id, title: crmOpportunities.jobTitle, company: crmOpportunities.companyName, contactId: crmOpportunities.contactId, referrerId: crmOpportunities.referrerId })
    .from(crmOpportunities).where(and(eq(crmOpportunities.userId, ctx.userId), sql`lower(${crmOpportunities.companyName}) like ${like}`)).limit(500);
  const atCompany = opportunities.filter((o) => companyKey(o.company) === key);
  const mentioned = await ctx.db.select({ contactId: crmInteractions.contactId, notes: crmInteractions.notes, subject: crmInteractions.subject })
    .from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), or(sql`${crmInteractions.notes} ilike ${like}`, sql`${crmInteractions.subject} ilike ${like}`))).limit(500);

  const ties = new Map<string, Array<z.infer<typeof Connection>>>();
  const add = (id: string, c: z.infer<typeof Connection>) => {
    const list = ties.get(id) ?? [];
    if (!list.some((x) => x.kind === c.kind)) list.push(c);
    ties.set(id, list);
  };
  for (const c of contacts) {
    if (c.company && companyKey(c.company) === key) add(c.id, { kind: 'works_there', detail: `works at ${c.company}${c.jobTitle ? ` (${c.jobTitle})` : ''}` });
    const m = mentionIn(c.notes, key);
    if (m) add(c.id, { kind: m.past && !(c.company && companyKey(c.company) === key) ? 'worked_there' : 'mentioned_in_notes', detail: `notes: "${m.excerpt}"` });
  }
  for (const o of atCompany) {
    const label = o.title ? `${o.title} at ${o.company}` : o.company;
    if (o.referrerId) add(o.referrerId, { kind: 'referred_you_there', detail: `referred you for ${label}` });
    if (o.contactId) add(o.contactId, { kind: 'contact_on_opportunity', detail: `your contact for ${label}` });
  }
  for (const i of mentioned) {
    const m = mentionIn(i.notes, key) ?? mentionIn(i.subject, key);
    if (m) add(i.contactId, { kind: m.past ? 'worked_there' : 'mentioned_in_interaction', detail: `interaction: "${m.excerpt}"` });
  }
  if (ties.size === 0) return [];

  const ids = [...ties.keys()];
  const people = await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.id, ids)));
  const history = await ctx.db.select({ contactId: crmInteractions.contactId, at: crmInteractions.interactionDate, outcome: crmInteractions.outcome })
    .from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), inArray(crmInteractions.contactId, ids)));
  const facts = new Map(ids.map((id) => [id, { dates: [] as Date[], positive: 0, negative: 0, noResponse: 0 }]));
  for (const h of history) {
    const f = facts.get(h.contactId)!;
    f.dates.push(h.at);
    if (h.outcome === 'positive') f.positive++;
    else if (h.outcome === 'negative') f.negative++;
    else if (h.outcome === 'no_response') f.noResponse++;
  }
  const ranked = people.map((p) => {
    const connections = ties.get(p.id)!.sort((a, b) => CONNECTION_RELEVANCE[b.kind] - CONNECTION_RELEVANCE[a.kind]);
    const strength: RelationshipStrength = relationshipStrength(p.connectionStrength, facts.get(p.id)!, ctx.now);
    const relevance = CONNECTION_RELEVANCE[connections[0].kind];
    const rank = Math.round((0.6 * relevance + 0.4 * strength.score) * 1000) / 1000;
    return {
      contact_id: p.id, name: fullName(p), company: p.company, job_title: p.jobTitle, connections, strength, rank_score: rank,
      why: `${connections[0].detail}; ${strength.label} relationship (${strength.based_on})`,
    };
  });
  return ranked.sort((a, b) => b.rank_score - a.rank_score || a.name.localeCompare(b.name)).slice(0, limit);
}

export const whoDoIKnow = defineTool({
  name: 'who_do_i_know',
  title: 'Who do I know at a company?',
  description:
    'Everyone the user knows with a tie to a company: contacts who work there, who worked there (from their notes: "ex-Stripe", ' +
    '"used to work at Stripe"), who referred the user or were the contact for a job there, and people whose notes or interactions ' +
    'mention it; ranked by how the tie helps a referral and how strong the relationship is (recency, frequency, outcomes, stored strength). ' +
    'Use for "who do I know at Stripe?".',
  input: z.object({ company: CompanyName, limit: z.number().int().min(1).max(100).optional() }),
  output: z.object({ company: z.string(), people: z.array(Person), summary: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const people = await peopleAt(ctx, input.company, input.limit ?? 25);
    const working = people.filter((p) => p.connections.some((c) => c.kind === 'works_there')).length;
    const summary = people.length === 0
      ? `You know no one at ${input.company} yet (no contact there, none who worked there, no notes mentioning it).`
      : `${people.length} ${people.length === 1 ? 'person' : 'people'} with a tie to ${input.company}${working ? ` (${working} working there)` : ''}; best placed: ${people[0].name}, ${people[0].connections[0].detail}.`;
    return { company: input.company, people, summary };
  },
});

export const findReferrers = defineTool({
  name: 'find_referrers',
  title: 'Who could refer me for a job?',
  description:
    'For one opportunity, the people who could refer the user, ranked by strength: those at the company first, then those who ' +
    'worked there or know it, each with why and how strong the relationship is. Name the opportunity by id, company, title or "title at company".',
  input: z.object({ opportunity: OpportunityRef, limit: z.number().int().min(1).max(100).optional() }),
  output: z.object({ opportunity_id: z.string(), opportunity: z.string(), referrer_id: z.string().nullable(), people: z.array(Person), summary: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const o = await resolveOpportunity(ctx, input.opportunity);
    const people = await peopleAt(ctx, o.companyName, input.limit ?? 10);
    const best = people.find((p) => p.contact_id !== o.referrerId);
    const summary = people.length === 0
      ? `No one you know has a tie to ${o.companyName} yet: look for alumni or ask your strongest contacts for an introduction.`
      : o.referrerId && people[0].contact_id === o.referrerId
        ? `${people[0].name} already referred you; ${best ? `next best: ${best.name} (${best.connections[0].detail})` : 'no one else has a tie there'}.`
        : `Best placed to refer you: ${people[0].name} (${people[0].connections[0].detail}, ${people[0].strength.label} relationship).`;
    return { opportunity_id: o.id, opportunity: opportunityLabel(o), referrer_id: o.referrerId, people, summary };
  },
});

export const relationshipTools = [whoDoIKnow, findReferrers];
