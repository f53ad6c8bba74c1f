/**
 * The success analytics from the aggregated rows (analytics-query.ts): pure, so a known pipeline
 * gives known figures. Every figure carries what it rests on ("from 14 applications") and says so
 * when that is too little to read anything into.
 */
import { FUNNEL_STAGES, type AnalyticsRows } from './analytics-query.js';
import { wilson } from './statistics.js';

/** Fewer cases than this and a rate or a duration is shown as "too little data", not as a finding. */
export const MIN_CASES = 5;

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r1 = (x: number) => Math.round(x * 10) / 10;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface Rate { rate: number | null; low: number | null; high: number | null; of: number; hits: number; based_on: string; enough: boolean }

/** hits of n as a rate with its interval; null when n is 0. */
export function rateOf(hits: number, n: number, unit: string, units = `${unit}s`): Rate {
  const enough = n >= MIN_CASES;
  const based = n === 0 ? `no ${units}` : `from ${plural(n, unit, units)}`;
  if (n === 0) return { rate: null, low: null, high: null, of: 0, hits: 0, based_on: based, enough: false };
  const w = wilson(hits, n);
  return { rate: r3(w.rate), low: r3(w.low), high: r3(w.high), of: n, hits, based_on: enough ? based : `${based}: too little data to read much into`, enough };
}

export interface Duration { median_days: number | null; mean_days: number | null; n: number; based_on: string; enough: boolean }

export function durationOf(days: number[], unit: string, units = `${unit}s`): Duration {
  const n = days.length;
  const enough = n >= MIN_CASES;
  if (n === 0) return { median_days: null, mean_days: null, n: 0, based_on: `no ${units}`, enough: false };
  const s = [...days].sort((a, b) => a - b);
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const based = `from ${plural(n, unit, units)}`;
  return { median_days: r1(median), mean_days: r1(s.reduce((a, b) => a + b, 0) / n), n, based_on: enough ? based : `${based}: too little data to read much into`, enough };
}

const STAGE_WORDS: Record<string, string> = {
  interested: 'interested', applied: 'applied', phone_screen: 'phone screen', interview: 'interview', final_round: 'final round', offer: 'offer',
  rejected: 'rejected', withdrawn: 'withdrawn',
};

export function computeAnalytics(rows: AnalyticsRows, weekStarts: string[]) {
  const opps = rows.opportunities;
  // index 1..6 of FUNNEL_STAGES; reached is that index (1 = interested)
  const funnel = FUNNEL_STAGES.map((stage, i) => {
    const reached = opps.filter((o) => o.reached >= i + 1).length;
    const previous = i === 0 ? null : opps.filter((o) => o.reached >= i).length;
    return {
      stage, reached,
      conversion_from_previous: previous === null ? null : rateOf(reached, previous, `opportunity at ${STAGE_WORDS[FUNNEL_STAGES[i - 1]]}`, `opportunities at ${STAGE_WORDS[FUNNEL_STAGES[i - 1]]}`),
    };
  });
  const applied = opps.filter((o) => o.reached >= 2);
  const interviewRank = FUNNEL_STAGES.indexOf('phone_screen') + 1;
  const offerRank = FUNNEL_STAGES.length;
  const stays = rows.stays;
  const time_in_stage = FUNNEL_STAGES.slice(0, -1).map((stage) => ({
    stage, ...durationOf(stays.find((x) => x.stage === stage)?.days ?? [], `stay in ${STAGE_WORDS[stage]}`, `stays in ${STAGE_WORDS[stage]}`),
  }));
  const offerDays = opps.map((o) => o.offer_days).filter((d): d is number => d !== null);

  const outcomesOf = (group: Array<{ key: string | null; n: number; interviews: number; offers: number }>, unit: string) => group.map((g) => ({
    key: g.key, applications: g.n,
    interview_rate: rateOf(g.interviews, g.n, unit), offer_rate: rateOf(g.offers, g.n, unit),
    interviews: g.interviews, offers: g.offers,
  })).sort((a, b) => b.interviews + b.offers - (a.interviews + a.offers) || b.applications - a.applications);
  const groupBy = (key: (o: (typeof opps)[number]) => string | null) => {
    const m = new Map<string | null, { key: string | null; n: number; interviews: number; offers: number }>();
    for (const o of applied) {
      const k = key(o);
      const g = m.get(k) ?? { key: k, n: 0, interviews: 0, offers: 0 };
      g.n++;
      if (o.reached >= interviewRank) g.interviews++;
      if (o.reached >= offerRank) g.offers++;
      m.set(k, g);
    }
    return [...m.values()];
  };
  const names = new Map(applied.filter((o) => o.referrer_id).map((o) => [o.referrer_id, o.referrer_name]));
  const by_source = outcomesOf(groupBy((o) => o.source), 'application').map(({ key, ...rest }) => ({ source: key ?? 'not set', ...rest }));
  const by_referrer = outcomesOf(groupBy((o) => o.referrer_id).filter((g) => g.key !== null), 'referred application')
    .map(({ key, ...rest }) => ({ referrer_id: key!, referrer: names.get(key) ?? 'a deleted contact', ...rest }));

  const response = (by: 'type' | 'source') => rows.responses.filter((x) => x.by === by).map((x) => ({
    key: x.key ?? 'not set', response_rate: rateOf(x.responded, x.judged, 'interaction with an outcome', 'interactions with an outcome'), positive_rate: rateOf(x.positive, x.judged, 'interaction with an outcome', 'interactions with an outcome'),
  })).sort((a, b) => b.response_rate.of - a.response_rate.of);
  const judged = rows.responses.filter((x) => x.by === 'type').reduce((a, x) => a + x.judged, 0);
  const responded = rows.responses.filter((x) => x.by === 'type').reduce((a, x) => a + x.responded, 0);

  const activity_per_week = weekStarts.map((week_start, i) => {
    const w = rows.weeks.find((x) => x.bucket === i + 1);
    return { week_start, interactions: w?.interactions ?? 0, opportunities_added: w?.applications ?? 0, stage_moves: w?.moves ?? 0 };
  });

  return {
    opportunities: opps.length,
    applications: applied.length,
    funnel,
    overall: {
      interview_rate: rateOf(applied.filter((o) => o.reached >= interviewRank).length, applied.length, 'application'),
      offer_rate: rateOf(applied.filter((o) => o.reached >= offerRank).length, applied.length, 'application'),
    },
    time_in_stage,
    time_to_offer: durationOf(offerDays, 'offer'),
    response_rate: {
      overall: rateOf(responded, judged, 'interaction with an outcome', 'interactions with an outcome'),
      without_outcome: rows.unjudged,
      by_interaction_type: response('type').map(({ key, ...r }) => ({ interaction_type: key, ...r })),
      by_contact_source: response('source').map(({ key, ...r }) => ({ contact_source: key, ...r })),
    },
    by_source,
    by_referrer,
    activity_per_week,
  };
}

export type Analytics = ReturnType<typeof computeAnalytics>;

const pct = (r: Rate) => (r.rate === null ? 'no data' : `${Math.round(r.rate * 100)}%`);

/** Two or three sentences of the headline figures, each with what it rests on. */
export function summarize(a: Analytics, period: string): string {
  if (a.opportunities === 0) return `No opportunities ${period}: add the jobs you apply for and the figures appear here.`;
  const parts = [`${period[0].toUpperCase()}${period.slice(1)}: ${plural(a.applications, 'application')} of ${plural(a.opportunities, 'opportunity', 'opportunities')}.`];
  parts.push(`Interview rate ${pct(a.overall.interview_rate)}, offer rate ${pct(a.overall.offer_rate)} (${a.overall.interview_rate.based_on}).`);
  if (a.time_to_offer.median_days !== null) parts.push(`Time to offer: median ${a.time_to_offer.median_days} days (${a.time_to_offer.based_on}).`);
  const best = a.by_source.find((s) => s.interview_rate.enough);
  if (best) parts.push(`Best source: ${best.source.replace(/_/g, ' ')}, ${pct(best.interview_rate)} to interview (${best.interview_rate.based_on}).`);
  if (a.response_rate.overall.rate !== null) parts.push(`Response rate ${pct(a.response_rate.overall)} (${a.response_rate.overall.based_on}).`);
  return parts.join(' ');
}
