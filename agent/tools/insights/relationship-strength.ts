/**
 * How strong a relationship is, 0..1, from what Kith knows: the strength the user set, how recently
 * and how often they were in touch, and how those interactions went. Explainable (each part is
 * returned) and reusable: relationship mapping ranks referrers with it, contact insights can
 * compare it with the stored connection_strength.
 */
export interface InteractionFacts {
  /** Interaction instants with this contact, any order. */
  dates: Date[];
  positive: number;
  negative: number;
  noResponse: number;
}

export interface RelationshipStrength {
  score: number;
  label: 'strong' | 'medium' | 'weak' | 'new';
  parts: { stored: number; recency: number; frequency: number; outcomes: number };
  days_since_last: number | null;
  interactions_last_year: number;
  based_on: string;
}

export const STRENGTH_WEIGHTS = { stored: 0.35, recency: 0.25, frequency: 0.25, outcomes: 0.15 } as const;
const STORED: Record<string, number> = { strong: 1, medium: 0.6, weak: 0.3, new: 0.15 };
/** Days after which recency counts half. */
export const RECENCY_HALF_LIFE_DAYS = 90;

const DAY = 86_400_000;
const round = (x: number) => Math.round(x * 1000) / 1000;

export function strengthLabel(score: number): RelationshipStrength['label'] {
  return score >= 0.65 ? 'strong' : score >= 0.4 ? 'medium' : score >= 0.2 ? 'weak' : 'new';
}

export function relationshipStrength(stored: string | null, facts: InteractionFacts, now: Date): RelationshipStrength {
  const last = facts.dates.reduce<number | null>((a, d) => (a === null || d.getTime() > a ? d.getTime() : a), null);
  const daysSince = last === null ? null : Math.max(0, Math.floor((now.getTime() - last) / DAY));
  const lastYear = facts.dates.filter((d) => now.getTime() - d.getTime() <= 365 * DAY).length;
  const judged = facts.positive + facts.negative + facts.noResponse;
  const parts = {
    stored: stored ? STORED[stored] ?? 0.3 : 0.3,
    recency: daysSince === null ? 0 : Math.pow(0.5, daysSince / RECENCY_HALF_LIFE_DAYS),
    frequency: 1 - Math.exp(-lastYear / 5),
    // Laplace: one good call is a hint, not a certainty
    outcomes: (facts.positive + 1) / (judged + 2),
  };
  const score = round(
    STRENGTH_WEIGHTS.stored * parts.stored + STRENGTH_WEIGHTS.recency * parts.recency +
    STRENGTH_WEIGHTS.frequency * parts.frequency + STRENGTH_WEIGHTS.outcomes * parts.outcomes,
  );
  const n = facts.dates.length;
  const based_on = n === 0
    ? `no interactions logged; from the stored strength (${stored ?? 'not set'}) only`
    : `${n} interaction${n === 1 ? '' : 's'} (${lastYear} in the last year, last ${daysSince} day${daysSince === 1 ? '' : 's'} ago), ${judged} with an outcome; stored strength ${stored ?? 'not set'}`;
  return {
    score,
    label: strengthLabel(score),
    parts: { stored: round(parts.stored), recency: round(parts.recency), frequency: round(parts.frequency), outcomes: round(parts.outcomes) },
    days_since_last: daysSince,
    interactions_last_year: lastYear,
    based_on,
  };
}
