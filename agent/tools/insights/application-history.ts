import { and, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { crmInteractions, crmOpportunities, crmOpportunityStageChanges } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { dayOf } from '../shared/user-dates.js';

type OpportunityRow = typeof crmOpportunities.$inferSelect;

/** Stages that count as reaching an interview: any conversation with the company. */
export const INTERVIEW_STAGES = ['phone_screen', 'interview', 'final_round', 'offer'] as const;
/** An application this old without a reply has had its answer (silence); a younger one is still pending. */
export const NO_REPLY_AFTER_DAYS = 30;

/** What the prediction reads of one application: its features, and what became of it. */
export interface ApplicationFacts {
  id: string;
  label: string;
  source: string | null;
  referred: boolean;
  matchScore: number | null;
  daysPostingToApplying: number | null;
  followUps: number;
  /** true / false once known; null while still pending. */
  interview: boolean | null;
  offer: boolean | null;
  applied: boolean;
}

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * Every opportunity of the user with the facts the success prediction reads. Follow-ups are the
 * interactions with the opportunity's contact or referrer after applying and before the first
 * answer (an interview stage, a rejection) — what happened after the answer cannot explain it.
 */
export async function applicationHistory(ctx: ToolContext): Promise<ApplicationFacts[]> {
  const rows = await ctx.db.select().from(crmOpportunities).where(eq(crmOpportunities.userId, ctx.userId));
  if (rows.length === 0) return [];
  const moves = await ctx.db.select().from(crmOpportunityStageChanges).where(eq(crmOpportunityStageChanges.userId, ctx.userId));
  const byOpp = new Map<string, typeof moves>();
  for (const m of moves) { const l = byOpp.get(m.opportunityId) ?? []; l.push(m); byOpp.set(m.opportunityId, l); }
  const people = [...new Set(rows.flatMap((o) => [o.contactId, o.referrerId]).filter((x): x is string => !!x))];
  const touches = people.length === 0 ? [] : await ctx.db.select({ contactId: crmInteractions.contactId, at: crmInteractions.interactionDate })
    .from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), inArray(crmInteractions.contactId, people)));
  const today = dayOf(ctx.now, ctx.tz);
  return rows.map((o) => factsOf(o, byOpp.get(o.id) ?? [], touches, today, ctx.tz));
}

function factsOf(o: OpportunityRow, moves: Array<{ toStatus: string; changedAt: Date }>, touches: Array<{ contactId: string; at: Date }>, today: string, tz: string): ApplicationFacts {
  const reached = new Set<string>([o.status, ...moves.map((m) => m.toStatus)]);
  const applied = !!o.applicationDate || [...reached].some((s) => s !== 'interested');
  const appliedOn = o.applicationDate ?? (moves.find((m) => m.toStatus !== 'interested') ? dayOf(moves.find((m) => m.toStatus !== 'interested')!.changedAt, tz) : null);
  const interviewed = INTERVIEW_STAGES.some((s) => reached.has(s));
  const closed = o.status === 'rejected' || o.status === 'withdrawn';
  const stale = appliedOn !== null && daysBetween(appliedOn, today) >= NO_REPLY_AFTER_DAYS;
  const answeredAt = moves.filter((m) => (INTERVIEW_STAGES as readonly string[]).includes(m.toStatus) || m.toStatus === 'rejected' || m.toStatus === 'withdrawn')
    .map((m) => m.changedAt.getTime()).sort((a, b) => a - b)[0];
  const from = appliedOn ? DateTime.fromISO(appliedOn, { zone: tz }).startOf('day').toMillis() : Infinity;
  const until = answeredAt ?? Infinity;
  const ids = new Set([o.contactId, o.referrerId].filter(Boolean));
  const followUps = touches.filter((t) => ids.has(t.contactId) && t.at.getTime() >= from && t.at.getTime() < until).length;
  return {
    id: o.id,
    label: o.jobTitle ? `${o.jobTitle} at ${o.companyName}` : o.companyName,
    source: o.source,
    referred: !!o.referrerId || o.source === 'referral',
    matchScore: o.matchScore,
    daysPostingToApplying: o.postedDate && appliedOn ? Math.max(0, daysBetween(o.postedDate, appliedOn)) : null,
    followUps,
    interview: !applied ? null : interviewed ? true : closed || stale ? false : null,
    offer: !applied ? null : reached.has('offer') ? true : closed ? false : null,
    applied,
  };
}
