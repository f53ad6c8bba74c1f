import { and, desc, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
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

interface NewSuggestion { toolName: string; input: Record<string, unknown>; summary: string; reason: string }

/** Stores suggestions once each: the same call suggested before (answered or not) is not asked again. */
async function suggestAll(ctx: ToolContext, wanted: NewSuggestion[]): Promise<number> {
  const unique = new Map<string, NewSuggestion>();
  for (const w of wanted) unique.set(`${w.toolName}\u0000${JSON.stringify(w.input)}`, w);
  if (unique.size === 0) return 0;
  const list = [...unique.values()];
  // a join, not `input in (…)`: that compared every input with every suggestion ever made, which grew with each batch
  const existing = (await ctx.db.execute(sql`
    select a.tool_name, a.input from jsonb_array_elements(${JSON.stringify(list.map((l) => l.input))}::jsonb) v(input)
      join crm_approvals a on a.input = v.input
     where a.user_id = ${ctx.userId}::uuid and a.origin = 'suggestion'`) as unknown as { rows: Array<{ tool_name: string; input: Record<string, unknown> }> }).rows;
  // jsonb gives keys back in its own order: compare with sorted keys
  const key = (toolName: string, input: Record<string, unknown>) => `${toolName}\u0000${JSON.stringify(Object.fromEntries(Object.keys(input).sort().map((k) => [k, input[k]])))}`;
  const had = new Set(existing.map((e) => key(e.tool_name, e.input)));
  const fresh = list.filter((l) => !had.has(key(l.toolName, l.input)));
  if (fresh.length === 0) return 0;
  await ctx.db.insert(crmApprovals).values(fresh.map((f) => ({ userId: ctx.userId, sessionId: null, toolName: f.toolName, input: f.input, summary: f.summary, origin: 'suggestion' as const, reason: f.reason, createdAt: ctx.now })));
  return fresh.length;
}

/**
 * For each reply from a contact: suggests the thread's outcome (positive or negative, from the
 * sentiment of its words) and, when the contact is on an open opportunity, the stage the reply
 * points to. Nothing changes until the user accepts (answer_suggestion). A few statements per batch.
 */
export async function suggestFromReplies(ctx: ToolContext, replies: ReplyToJudge[]): Promise<number> {
  const wanted: NewSuggestion[] = [];
  const staged: Array<{ reply: ReplyToJudge; stage: Stage; phrase: string }> = [];
  for (const r of replies) {
    const judged = judgeReply(`${r.message.subject ?? ''}. ${r.message.body}`);
    const name = fullName(r.contact);
    if (judged.outcome !== 'neutral') {
      wanted.push({ toolName: 'update_interaction', input: { interaction_id: r.interactionId, outcome: judged.outcome },
        summary: `Mark the e-mail with ${name} as ${judged.outcome}?`, reason: `${name} replied: "${excerpt(r.message.body)}"` });
    }
    if (judged.stage) staged.push({ reply: r, stage: judged.stage, phrase: judged.phrase! });
  }
  if (staged.length > 0) {
    const contactIds = [...new Set(staged.map((s) => s.reply.contact.id))];
    const companies = [...new Set(staged.map((s) => s.reply.contact.company?.trim().toLowerCase()).filter((c): c is string => !!c))];
    const open = await ctx.db.select().from(crmOpportunities).where(and(
      eq(crmOpportunities.userId, ctx.userId),
      notInArray(crmOpportunities.status, ENDED),
      or(inArray(crmOpportunities.contactId, contactIds), companies.length > 0 ? inArray(sql`lower(${crmOpportunities.companyName})`, companies) : undefined),
    )).orderBy(desc(crmOpportunities.updatedAt));
    for (const s of staged) {
      const company = s.reply.contact.company?.trim().toLowerCase();
      const opportunity = open.find((o) => o.contactId === s.reply.contact.id) ?? (company ? open.find((o) => o.companyName.trim().toLowerCase() === company) : undefined);
      if (!opportunity) continue;
      const forward = s.stage === 'rejected' || ORDER.indexOf(s.stage) > ORDER.indexOf(opportunity.status);
      if (!forward) continue;
      const name = fullName(s.reply.contact);
      const label = opportunity.jobTitle ? `${opportunity.jobTitle} at ${opportunity.companyName}` : opportunity.companyName;
      wanted.push({ toolName: 'update_opportunity', input: { opportunity: opportunity.id, status: s.stage },
        summary: `Move ${label} to ${s.stage.replace('_', ' ')}?`, reason: `${name} wrote "${s.phrase}": "${excerpt(s.reply.message.body)}"` });
    }
  }
  return suggestAll(ctx, wanted);
}

/**
 * Threads where the user wrote last and nobody answered within `days`: suggests no_response on
 * their interactions (once each, and only where no outcome is set), at most 500 a pass, the newest
 * first (a first sync of years of mail offers the latest unanswered threads, not thousands). After
 * a first sync only the threads that could have become so since `lastSyncAt` are looked at: those
 * that got a message since (mail_threads_to_judge, filled by logEmails and emptied here), and those
 * with a message sent since `lastSyncAt` less `days`, whose deadline may have passed since. The
 * rest were judged then, so a pass costs what changed, not the size of the mailbox.
 */
export async function suggestNoResponse(ctx: ToolContext, days: number, lastSyncAt: Date | null = null): Promise<number> {
  const cutoff = new Date(ctx.now.getTime() - days * 86_400_000);
  const since = lastSyncAt && lastSyncAt <= ctx.now ? lastSyncAt : null;
  const user = sql`${ctx.userId}::uuid`;
  const candidates = since
    ? sql`select thread_key from taken
          union select m.thread_key from mail_messages m where m.user_id = ${user} and m.sent_at >= ${new Date(since.getTime() - days * 86_400_000).toISOString()}::timestamptz`
    : sql`select t.thread_key from mail_thread_interactions t where t.user_id = ${user}`;
  // the threads to judge are taken by the statement that judges them: one written meanwhile by
  // another transaction is not in this statement's snapshot and stays for the next pass
  const rows = await ctx.db.execute(sql`
    with taken as (delete from mail_threads_to_judge where user_id = ${user} returning thread_key),
    candidates as (${candidates}),
    latest as (
      select distinct on (m.thread_key) m.thread_key, m.direction, m.sent_at
        from mail_messages m
       where m.user_id = ${user} and m.thread_key in (select thread_key from candidates)
       order by m.thread_key, m.sent_at desc, m.id desc)
    select t.interaction_id, c.first_name, c.last_name
      from latest l
      join mail_thread_interactions t on t.user_id = ${user} and t.thread_key = l.thread_key
      join crm_interactions i on i.id = t.interaction_id and i.outcome is null
      join crm_contacts c on c.id = t.contact_id
     where l.direction = 'outgoing' and l.sent_at < ${cutoff.toISOString()}::timestamptz
     order by l.sent_at desc, t.interaction_id
     limit 500`);
  const found = (rows as unknown as { rows: Array<{ interaction_id: string; first_name: string; last_name: string }> }).rows;
  return suggestAll(ctx, found.map((r) => {
    const name = `${r.first_name} ${r.last_name}`.trim();
    return { toolName: 'update_interaction', input: { interaction_id: r.interaction_id, outcome: 'no_response' },
      summary: `Mark the e-mail to ${name} as no response?`, reason: `No answer from ${name} in ${days} days.` };
  }));
}
