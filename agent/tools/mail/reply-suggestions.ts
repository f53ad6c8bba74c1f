import { and, desc, eq, notInArray, or, sql } from 'drizzle-orm';
import Sentiment from 'sentiment';
import { crmApprovals, crmOpportunities, OPPORTUNITY_STATUSES } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { fullName } from '../shared/records.js';
import type { EmailMessage } from './parse-email.js';

export interface ReplyToJudge {
  interactionId: string;
  contact: { id: string; firstName: string; lastName: string; company: string | null };
  message: Pick<EmailMessage, 'body' | 'subject'>;
}

type Stage = (typeof OPPORTUNITY_STATUSES)[number];

// AFINN (the sentiment library's word list) scores general English; a few words carry more
// weight in replies about jobs and introductions.
const EXTRAS: Record<string, number> = { unfortunately: -3, regret: -3, declined: -2, decline: -2, pursue: 0, excited: 3, thrilled: 3, delighted: 3 };
const analyzer = new Sentiment();

/** Phrases in a recruiter's or hiring manager's reply that say which stage comes next. */
const STAGE_PHRASES: Array<{ stage: Stage; phrases: string[] }> = [
  { stage: 'rejected', phrases: ['not moving forward', 'not be moving forward', 'move forward with other candidates', 'moving forward with other candidates', 'other candidates', 'position has been filled', 'role has been filled', 'will not be proceeding', 'not to proceed', 'decided not to move', 'decided to go with another'] },
  { stage: 'offer', phrases: ['pleased to offer', 'happy to offer', 'extend an offer', 'extend you an offer', 'offer letter', 'formal offer'] },
  { stage: 'final_round', phrases: ['final round', 'final interview', 'last round'] },
  { stage: 'interview', phrases: ['schedule an interview', 'invite you to interview', 'invite you for an interview', 'next round', 'onsite', 'on-site', 'technical interview', 'meet the team', 'interview loop', 'panel interview'] },
  { stage: 'phone_screen', phrases: ['schedule a call', 'set up a call', 'hop on a call', 'jump on a call', 'a quick call', 'phone screen', 'screening call', 'intro call', 'introductory call', 'a quick chat', 'schedule a chat', 'phone call'] },
];

const ORDER: Stage[] = ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'];
const ENDED: Stage[] = ['offer', 'rejected', 'withdrawn'];

export type ReplyOutcome = 'positive' | 'negative' | 'neutral';

/** What a reply's words say: its outcome (from the sentiment score) and the stage it points to. */
export function judgeReply(text: string): { outcome: ReplyOutcome; score: number; stage: Stage | null; phrase: string | null } {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  let stage: Stage | null = null;
  let phrase: string | null = null;
  for (const s of STAGE_PHRASES) {
    const found = s.phrases.find((p) => lower.includes(p));
    if (found) { stage = s.stage; phrase = found; break; }
  }
  const { score } = analyzer.analyze(lower.slice(0, 5000), { extras: EXTRAS });
  const outcome: ReplyOutcome = stage === 'rejected' || score <= -2 ? 'negative' : score >= 2 ? 'positive' : 'neutral';
  return { outcome, score, stage, phrase };
}

const excerpt = (text: string) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 119)}…` : one;
};

/** Stores a suggestion once: the same call suggested before (answered or not) is not asked again. */
async function suggest(ctx: ToolContext, toolName: string, input: Record<string, unknown>, summary: string, reason: string): Promise<boolean> {
  const [same] = await ctx.db.select({ id: crmApprovals.id }).from(crmApprovals).where(and(
    eq(crmApprovals.userId, ctx.userId), eq(crmApprovals.origin, 'suggestion'), eq(crmApprovals.toolName, toolName),
    sql`${crmApprovals.input} = ${JSON.stringify(input)}::jsonb`,
  )).limit(1);
  if (same) return false;
  await ctx.db.insert(crmApprovals).values({ userId: ctx.userId, sessionId: null, toolName, input, summary, origin: 'suggestion', reason, createdAt: ctx.now });
  return true;
}

/**
 * For each reply from a contact: suggests the thread's outcome (positive or negative, from the
 * sentiment of its words) and, when the contact is on an open opportunity, the stage the reply
 * points to. Nothing changes until the user accepts (answer_suggestion).
 */
export async function suggestFromReplies(ctx: ToolContext, replies: ReplyToJudge[]): Promise<number> {
  let made = 0;
  for (const r of replies) {
    const judged = judgeReply(`${r.message.subject ?? ''}. ${r.message.body}`);
    const name = fullName(r.contact);
    if (judged.outcome !== 'neutral') {
      if (await suggest(ctx, 'update_interaction', { interaction_id: r.interactionId, outcome: judged.outcome },
        `Mark the e-mail with ${name} as ${judged.outcome}?`, `${name} replied: "${excerpt(r.message.body)}"`)) made++;
    }
    if (!judged.stage) continue;
    const company = r.contact.company?.trim().toLowerCase();
    const [opportunity] = await ctx.db.select().from(crmOpportunities).where(and(
      eq(crmOpportunities.userId, ctx.userId),
      notInArray(crmOpportunities.status, ENDED),
      or(eq(crmOpportunities.contactId, r.contact.id), company ? sql`lower(${crmOpportunities.companyName}) = ${company}` : undefined),
    )).orderBy(sql`${crmOpportunities.contactId} = ${r.contact.id} desc`, desc(crmOpportunities.updatedAt)).limit(1);
    if (!opportunity) continue;
    const forward = judged.stage === 'rejected' || ORDER.indexOf(judged.stage) > ORDER.indexOf(opportunity.status);
    if (!forward) continue;
    const label = opportunity.jobTitle ? `${opportunity.jobTitle} at ${opportunity.companyName}` : opportunity.companyName;
    if (await suggest(ctx, 'update_opportunity', { opportunity: opportunity.id, status: judged.stage },
      `Move ${label} to ${judged.stage.replace('_', ' ')}?`, `${name} wrote "${judged.phrase}": "${excerpt(r.message.body)}"`)) made++;
  }
  return made;
}

/**
 * Threads where the user wrote last and nobody answered within `days`: suggests no_response on
 * their interactions (once each, and only where no outcome is set).
 */
export async function suggestNoResponse(ctx: ToolContext, days: number): Promise<number> {
  const cutoff = new Date(ctx.now.getTime() - days * 86_400_000);
  const rows = await ctx.db.execute(sql`
    select t.interaction_id, c.first_name, c.last_name
    from mail_thread_interactions t
    join crm_interactions i on i.id = t.interaction_id and i.outcome is null
    join crm_contacts c on c.id = t.contact_id
    where t.user_id = ${ctx.userId}::uuid
      and (select m.direction from mail_messages m where m.user_id = t.user_id and m.thread_key = t.thread_key order by m.sent_at desc, m.id desc limit 1) = 'outgoing'
      and (select max(m.sent_at) from mail_messages m where m.user_id = t.user_id and m.thread_key = t.thread_key) < ${cutoff.toISOString()}::timestamptz
    limit 500`);
  let made = 0;
  for (const r of (rows as unknown as { rows: Array<{ interaction_id: string; first_name: string; last_name: string }> }).rows) {
    const name = `${r.first_name} ${r.last_name}`.trim();
    if (await suggest(ctx, 'update_interaction', { interaction_id: r.interaction_id, outcome: 'no_response' },
      `Mark the e-mail to ${name} as no response?`, `No answer from ${name} in ${days} days.`)) made++;
  }
  return made;
}

