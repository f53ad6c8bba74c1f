import type { ApplicationFacts } from './application-history.js';
import { auc, brier, calibrationBins, fitLogistic, wilson } from './statistics.js';

/** Below these, a model would fit noise: the overall rate is given instead, and says so. */
export const MODEL_MINIMUM = { applications: 20, eachOutcome: 4 } as const;
/** Below this, not even a rate is given. */
export const RATE_MINIMUM = 5;
/** Ridge penalty of the logistic regression (on standardised features). */
export const RIDGE = 1;

export type Outcome = 'interview' | 'offer';

export interface Coefficient { feature: string; coefficient: number; odds_ratio_per_unit: number; unit: string; reads: string }

export interface OutcomePrediction {
  outcome: Outcome;
  probability: number | null;
  interval: { low: number; high: number } | null;
  method: 'logistic_regression' | 'overall_rate' | 'too_little_history';
  based_on: string;
  confidence: 'low' | 'medium' | 'high' | 'none';
  overall_rate: { rate: number; low: number; high: number; positives: number; applications: number } | null;
  coefficients: Coefficient[];
  calibration: { method: string; brier: number; brier_of_overall_rate: number; auc: number; bins: ReturnType<typeof calibrationBins> } | null;
}

interface Feature { name: string; unit: string; value(a: ApplicationFacts, fill: Fill): number }
interface Fill { match: number; days: number }

const FEATURES: Feature[] = [
  { name: 'referred', unit: 'a referral', value: (a) => (a.referred ? 1 : 0) },
  { name: 'match_score', unit: '0.1 of match score', value: (a, f) => a.matchScore ?? f.match },
  { name: 'days_posting_to_applying', unit: 'week between posting and applying', value: (a, f) => a.daysPostingToApplying ?? f.days },
  { name: 'follow_ups', unit: 'follow-up sent', value: (a) => Math.min(a.followUps, 10) },
];
// per-unit steps for reading the coefficients in everyday units
const UNIT_STEP: Record<string, number> = { referred: 1, match_score: 0.1, days_posting_to_applying: 7, follow_ups: 1 };

const median = (xs: number[]) => { if (!xs.length) return 0; const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function fillOf(rows: ApplicationFacts[]): Fill {
  const m = rows.map((r) => r.matchScore).filter((x): x is number => x !== null);
  const d = rows.map((r) => r.daysPostingToApplying).filter((x): x is number => x !== null);
  return { match: m.length ? m.reduce((a, b) => a + b, 0) / m.length : 0.5, days: median(d) };
}

/**
 * The chance an application reaches `outcome`, from the user's own decided applications: a ridge
 * logistic regression on referral, match score, days from posting to applying and follow-ups when
 * there are enough of them (calibration from leave-one-out predictions), the overall rate with its
 * Wilson interval when there are fewer, and nothing but the count when there are very few.
 */
export function predictOutcome(history: ApplicationFacts[], target: ApplicationFacts, outcome: Outcome): OutcomePrediction {
  const decided = history.filter((a) => a.id !== target.id && a[outcome] !== null);
  const y = decided.map((a) => a[outcome] === true);
  const positives = y.filter(Boolean).length;
  const n = decided.length;
  const word = outcome === 'interview' ? 'an interview' : 'an offer';
  if (n < RATE_MINIMUM) {
    return {
      outcome, probability: null, interval: null, method: 'too_little_history', confidence: 'none', overall_rate: null, coefficients: [], calibration: null,
      based_on: `Too little history: ${n} decided application${n === 1 ? '' : 's'} (${RATE_MINIMUM} are needed for a rate, ${MODEL_MINIMUM.applications} for a model).`,
    };
  }
  const rate = wilson(positives, n);
  const overall = { rate: r3(rate.rate), low: r3(rate.low), high: r3(rate.high), positives, applications: n };
  if (n < MODEL_MINIMUM.applications || positives < MODEL_MINIMUM.eachOutcome || n - positives < MODEL_MINIMUM.eachOutcome) {
    return {
      outcome, probability: overall.rate, interval: { low: overall.low, high: overall.high }, method: 'overall_rate', confidence: n >= 10 ? 'medium' : 'low',
      overall_rate: overall, coefficients: [], calibration: null,
      based_on: `Your overall rate, based on ${n} applications (${positives} reached ${word}); ${MODEL_MINIMUM.applications} applications with at least ${MODEL_MINIMUM.eachOutcome} of each outcome are needed before referral, match, timing and follow-ups are weighed.`,
    };
  }
  const fill = fillOf(decided);
  const X = decided.map((a) => FEATURES.map((f) => f.value(a, fill)));
  const model = fitLogistic(X, y, RIDGE);
  // leave-one-out: each application predicted by a model that never saw it
  const loo = decided.map((_, i) => fitLogistic(X.filter((__, j) => j !== i), y.filter((__, j) => j !== i), RIDGE).predict(X[i]));
  const p = model.predict(FEATURES.map((f) => f.value(target, fill)));
  const coefficients = FEATURES.map((f, j) => {
    const perUnit = model.coefficients[j] / model.scales[j];
    const ratio = Math.exp(perUnit * UNIT_STEP[f.name]);
    return {
      feature: f.name, coefficient: r3(model.coefficients[j]), odds_ratio_per_unit: r3(ratio), unit: f.unit,
      reads: `each ${f.unit} ${ratio >= 1 ? 'multiplies' : 'divides'} the odds of ${word} by ${(ratio >= 1 ? ratio : 1 / ratio).toFixed(2)}`,
    };
  });
  const b = brier(loo, y);
  const b0 = brier(decided.map(() => rate.rate), y);
  return {
    outcome, probability: r3(p), interval: null, method: 'logistic_regression',
    confidence: n >= 50 && b < b0 ? 'high' : b < b0 ? 'medium' : 'low',
    overall_rate: overall, coefficients,
    calibration: { method: 'leave-one-out', brier: r3(b), brier_of_overall_rate: r3(b0), auc: r3(auc(loo, y)), bins: calibrationBins(loo, y, 4).map((x) => ({ ...x, predicted: r3(x.predicted), observed: r3(x.observed) })) },
    based_on: `A logistic regression on your ${n} decided applications (${positives} reached ${word}): referral, match score, days from posting to applying, follow-ups sent.` +
      (b < b0 ? '' : ' It predicted no better than your overall rate in leave-one-out checks: trust the overall rate more.'),
  };
}
