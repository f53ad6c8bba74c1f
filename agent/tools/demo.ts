import { z } from 'zod';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { crmActivities, crmContacts, crmOpportunities } from '../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import { addDays, todayIn } from './shared/user-dates.js';
import { countOf } from './shared/words.js';
import type { ToolContext } from './shared/context.js';
import { recordActivity } from './shared/record-activity.js';
import { addContact } from './contacts.js';
import { logInteraction } from './interactions.js';
import { addOpportunity } from './opportunities.js';

/** Every demo contact carries this tag; demo opportunities hang off demo contacts. Removing the demo removes exactly these. */
export const DEMO_TAG = 'kith-demo';

type Person = { first_name: string; last_name: string; company: string; job_title: string; email: string; relationship_type: string; connection_strength: string; contact_source: string; location: string; tags: string[]; notes?: string; follow_up?: number };

const PEOPLE: Person[] = [
  { first_name: 'Priya', last_name: 'Raman', company: 'Stripe', job_title: 'Staff Engineer', email: 'priya.raman@example.com', relationship_type: 'mentor', connection_strength: 'strong', contact_source: 'networking_event', location: 'Berlin', tags: ['python', 'payments'], notes: 'Met at PyCon. Happy to review my system design prep.', follow_up: 0 },
  { first_name: 'Lucas', last_name: 'Moreau', company: 'Datadog', job_title: 'Technical Recruiter', email: 'lucas.moreau@example.com', relationship_type: 'recruiter', connection_strength: 'medium', contact_source: 'linkedin', location: 'Paris', tags: ['recruiter'], follow_up: -3 },
  { first_name: 'Amara', last_name: 'Okafor', company: 'Figma', job_title: 'Engineering Manager', email: 'amara.okafor@example.com', relationship_type: 'hiring_manager', connection_strength: 'medium', contact_source: 'referral', location: 'London', tags: ['frontend'], follow_up: 4 },
  { first_name: 'Jonas', last_name: 'Weber', company: 'Stripe', job_title: 'Backend Engineer', email: 'jonas.weber@example.com', relationship_type: 'peer', connection_strength: 'strong', contact_source: 'cold_outreach', location: 'Berlin', tags: ['go', 'payments'] },
  { first_name: 'Sofia', last_name: 'Lindqvist', company: 'Spotify', job_title: 'Product Designer', email: 'sofia.lindqvist@example.com', relationship_type: 'peer', connection_strength: 'weak', contact_source: 'networking_event', location: 'Stockholm', tags: ['design'] },
  { first_name: 'Mateo', last_name: 'García', company: 'Shopify', job_title: 'Director of Engineering', email: 'mateo.garcia@example.com', relationship_type: 'referral', connection_strength: 'new', contact_source: 'referral', location: 'Toronto', tags: ['rails'], follow_up: 9 },
];

const JOBS = [
  { company_name: 'Stripe', job_title: 'Platform Engineer', status: 'interview', contact: 'priya.raman@example.com', referrer: 'jonas.weber@example.com', salary_range: '€95–115k', location: 'Berlin (hybrid)', priority_level: 'high', next_action: 'Systems design interview', next_in: 2, job_description: 'Build the platform that runs Stripe\'s APIs: Kubernetes, Go and Ruby, on-call for core infrastructure.' },
  { company_name: 'Datadog', job_title: 'Site Reliability Engineer', status: 'phone_screen', contact: 'lucas.moreau@example.com', salary_range: '€85–100k', location: 'Paris', priority_level: 'medium', next_action: 'Send availability to Lucas', next_in: 0, job_description: 'Keep the monitoring pipeline up: Kubernetes, Terraform, Python tooling.' },
  { company_name: 'Figma', job_title: 'Frontend Engineer', status: 'applied', contact: 'amara.okafor@example.com', location: 'London', priority_level: 'medium', job_description: 'React and TypeScript on the editor; performance work on large documents.' },
  { company_name: 'Shopify', job_title: 'Senior Rails Developer', status: 'interested', contact: 'mateo.garcia@example.com', location: 'Remote', priority_level: 'low' },
  { company_name: 'Spotify', job_title: 'Backend Engineer, Payments', status: 'offer', contact: 'sofia.lindqvist@example.com', salary_range: 'SEK 720k', location: 'Stockholm', priority_level: 'high', next_action: 'Decide on the offer', next_in: 5 },
  { company_name: 'Datadog', job_title: 'Backend Engineer', status: 'rejected', contact: 'lucas.moreau@example.com', location: 'Paris' },
] as const;

const TALKS: Array<{ who: string; type: string; ago: number; subject: string; notes?: string; outcome?: string }> = [
  { who: 'priya.raman@example.com', type: 'coffee_chat', ago: 2, subject: 'System design prep', notes: 'Walked through rate limiting and idempotency keys. She will introduce me to the platform team lead.', outcome: 'positive' },
  { who: 'lucas.moreau@example.com', type: 'email', ago: 6, subject: 'SRE role at Datadog', outcome: 'neutral' },
  { who: 'amara.okafor@example.com', type: 'linkedin_message', ago: 9, subject: 'Frontend role on the editor team', outcome: 'no_response' },
  { who: 'jonas.weber@example.com', type: 'call', ago: 12, subject: 'Referral for the platform role', notes: 'Jonas submitted the referral; the team is hiring two people.', outcome: 'positive' },
  { who: 'sofia.lindqvist@example.com', type: 'meeting', ago: 15, subject: 'Design and engineering culture at Spotify', outcome: 'positive' },
  { who: 'mateo.garcia@example.com', type: 'email', ago: 20, subject: 'Introduction through Amara' },
  { who: 'priya.raman@example.com', type: 'call', ago: 30, subject: 'Career catch-up', outcome: 'positive' },
];

async function demoContacts(ctx: ToolContext) {
  return ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), sql`${crmContacts.tags} @> array[${DEMO_TAG}]::text[]`));
}

export const loadDemoData = defineTool({
  name: 'load_demo_data',
  title: 'Load demo data',
  description: 'Fill an empty Kith with a small realistic network to try it out: six contacts, their interactions, follow-ups and a job pipeline. All of it is tagged kith-demo and delete_demo_data takes it away in one step.',
  input: z.object({}),
  output: z.object({ contacts: z.number(), interactions: z.number(), opportunities: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx) {
    if ((await demoContacts(ctx)).length > 0) return { contacts: 0, interactions: 0, opportunities: 0 };
    const today = todayIn(ctx.now, ctx.tz);
    const ids = new Map<string, string>();
    for (const p of PEOPLE) {
      const { follow_up, ...fields } = p;
      const input = addContact.input.parse({ ...fields, tags: [...fields.tags, DEMO_TAG], next_follow_up_date: follow_up === undefined ? undefined : addDays(today, follow_up) });
      ids.set(p.email, (await addContact.run(ctx, input)).contact.id);
    }
    for (const t of TALKS) {
      await logInteraction.run(ctx, logInteraction.input.parse({ contact: ids.get(t.who), interaction_type: t.type, interaction_date: addDays(today, -t.ago), subject: t.subject, notes: t.notes, outcome: t.outcome }));
    }
    for (const j of JOBS) {
      const { contact, next_in, ...rest } = j as typeof j & { referrer?: string; next_in?: number };
      const referrer = (j as { referrer?: string }).referrer;
      await addOpportunity.run(ctx, addOpportunity.input.parse({
        ...rest, contact: ids.get(contact), referrer: referrer ? ids.get(referrer) : undefined,
        next_action_date: next_in === undefined ? undefined : addDays(today, next_in),
      }));
    }
    return { contacts: PEOPLE.length, interactions: TALKS.length, opportunities: JOBS.length };
  },
});

export const removeDemoData = defineTool({
  name: 'delete_demo_data',
  title: 'Remove the demo data',
  description: 'Delete everything load_demo_data added (the contacts tagged kith-demo, their interactions and opportunities, and their activity). Destructive: needs confirm: true.',
  input: z.object({ confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), contacts: z.number(), opportunities: z.number() }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const contacts = await demoContacts(ctx);
    const ids = contacts.map((c) => c.id);
    const opps = ids.length === 0 ? [] : await ctx.db.select({ id: crmOpportunities.id }).from(crmOpportunities)
      .where(and(eq(crmOpportunities.userId, ctx.userId), or(inArray(crmOpportunities.contactId, ids), inArray(crmOpportunities.referrerId, ids))));
    if (!input.confirm) {
      return confirmationRequired('delete_demo_data', `Remove the demo data: ${countOf(contacts.length, 'contact')} and ${countOf(opps.length, 'opportunity')}, with their interactions?`, { contacts: contacts.length, opportunities: opps.length });
    }
    if (ids.length > 0) {
      const oppIds = opps.map((o) => o.id);
      await ctx.db.delete(crmActivities).where(and(eq(crmActivities.userId, ctx.userId), or(
        inArray(crmActivities.relatedContactId, ids), oppIds.length ? inArray(crmActivities.relatedOpportunityId, oppIds) : undefined)));
      if (oppIds.length) await ctx.db.delete(crmOpportunities).where(and(eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.id, oppIds)));
      await ctx.db.delete(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.id, ids)));
      // A change the open pages must hear of, like every other write.
      await recordActivity(ctx, { type: 'contact_deleted', description: 'Removed the demo data' });
    }
    return { status: 'deleted' as const, contacts: contacts.length, opportunities: opps.length };
  },
});

export const demoTools = [loadDemoData, removeDemoData];
