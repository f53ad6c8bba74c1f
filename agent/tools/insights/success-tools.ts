import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { OpportunityRef } from '../shared/schemas.js';
import { resolveOpportunity, opportunityLabel } from '../shared/resolve-opportunity.js';
import { applicationHistory } from './application-history.js';
import { predictOutcome } from './success-prediction.js';
import { followUpTiming } from './follow-up-timing.js';
import { wilson } from './statistics.js';

const Prediction = z.object({
  outcome: z.enum(['interview', 'offer']),
  probability: z.number().nullable(),
  interval: z.object({ low: z.number(), high: z.number() }).nullable(),
  method: z.enum(['logistic_regression', 'overall_rate', 'too_little_history']),
  based_on: z.string(),
  confidence: z.enum(['low', 'medium', 'high', 'none']),
  overall_rate: z.object({ rate: z.number(), low: z.number(), high: z.number(), positives: z.number(), applications: z.number() }).nullable(),
  coefficients: z.array(z.object({ feature: z.string(), coefficient: z.number(), odds_ratio_per_unit: z.number(), unit: z.string(), reads: z.string() })),
  calibration: z.object({
    method: z.string(), brier: z.number(), brier_of_overall_rate: z.number(), auc: z.number(),
    bins: z.array(z.object({ from: z.number(), to: z.number(), n: z.number(), predicted: z.number(), observed: z.number() })),
  }).nullable(),
});

const SourceRate = z.object({ source: z.string(), applications: z.number(), interviews: z.number(), rate: z.number(), low: z.number(), high: z.number() });

export const predictSuccess = defineTool({
  name: 'predict_success',
  title: 'Chance of an interview and an offer',
  description:
    'The chance that an opportunity reaches an interview (phone screen or later) and an offer, from the user\'s own history of ' +
    'applications: a small logistic regression on referral, match score, days from posting to applying and follow-ups sent, with its ' +
    'coefficients and its calibration, or the overall rate when the history is small ("based on N applications"), or "too little history". ' +
    'Also the interview rate by source. Use for "what are my chances at Stripe?".',
  input: z.object({ opportunity: OpportunityRef }),
  output: z.object({
    opportunity_id: z.string(), opportunity: z.string(),
    features: z.object({ referred: z.boolean(), match_score: z.number().nullable(), days_posting_to_applying: z.number().nullable(), follow_ups: z.number(), source: z.string().nullable() }),
    interview: Prediction, offer: Prediction, by_source: z.array(SourceRate), summary: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const o = await resolveOpportunity(ctx, input.opportunity);
    const history = await applicationHistory(ctx);
    const target = history.find((h) => h.id === o.id)!;
    const interview = predictOutcome(history, target, 'interview');
    const offer = predictOutcome(history, target, 'offer');
    const decided = history.filter((h) => h.id !== o.id && h.interview !== null);
    const sources = [...new Set(decided.map((h) => h.source ?? 'not set'))];
    const by_source = sources.map((source) => {
      const mine = decided.filter((h) => (h.source ?? 'not set') === source);
      const k = mine.filter((h) => h.interview).length;
      const w = wilson(k, mine.length);
      const r = (x: number) => Math.round(x * 1000) / 1000;
      return { source, applications: mine.length, interviews: k, rate: r(w.rate), low: r(w.low), high: r(w.high) };
    }).sort((a, b) => b.applications - a.applications);
    const pct = (p: { probability: number | null }) => (p.probability === null ? 'unknown' : `${Math.round(p.probability * 100)}%`);
    const summary = `${opportunityLabel(o)}: interview ${pct(interview)}, offer ${pct(offer)}. ${interview.based_on}`;
    return {
      opportunity_id: o.id, opportunity: opportunityLabel(o),
      features: { referred: target.referred, match_score: target.matchScore, days_posting_to_applying: target.daysPostingToApplying, follow_ups: target.followUps, source: target.source },
      interview, offer, by_source, summary,
    };
  },
});

const Slot = z.object({ slot: z.string(), interactions: z.number(), positive: z.number(), rate: z.number(), low: z.number(), high: z.number() });

export const bestFollowUpTimes = defineTool({
  name: 'best_follow_up_times',
  title: 'Best days and hours to follow up',
  description:
    'The days of the week and hours (in the user\'s time zone) when the user\'s interactions most often had a positive outcome, from their ' +
    'own logged interactions, with how many each figure rests on; says "too little history" when there are few. Use for "when should I follow up?".',
  input: z.object({}),
  output: z.object({
    judged: z.number(), positive: z.number(), by_weekday: z.array(Slot), by_hour: z.array(Slot),
    best_days: z.array(z.string()), best_hours: z.array(z.string()), based_on: z.string(), confidence: z.enum(['low', 'medium', 'high', 'none']), summary: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const t = await followUpTiming(ctx);
    const summary = t.best_days.length
      ? `Best days: ${t.best_days.join(' and ')}${t.best_hours.length ? `; best hours: ${t.best_hours.join(' and ')}` : ''} (${t.based_on}).`
      : t.based_on;
    return { ...t, summary };
  },
});

export const successTools = [predictSuccess, bestFollowUpTimes];
