import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { DayString } from '../shared/schemas.js';
import { InvalidInputError } from '../shared/errors.js';
import { addDays, startOfDay, todayIn, weekOf } from '../shared/user-dates.js';
import { analyticsRows, FUNNEL_STAGES } from './analytics-query.js';
import { computeAnalytics, summarize, MIN_CASES } from './analytics.js';

const PERIOD_DAYS = { last_30_days: 30, last_90_days: 90, last_12_months: 365 } as const;
/** The weekly chart shows at most this many weeks (the most recent of the period). */
const MAX_WEEKS = 26;

const Rate = z.object({ rate: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable(), of: z.number(), hits: z.number(), based_on: z.string(), enough: z.boolean() });
const Duration = z.object({ median_days: z.number().nullable(), mean_days: z.number().nullable(), n: z.number(), based_on: z.string(), enough: z.boolean() });
const Outcomes = { applications: z.number(), interviews: z.number(), offers: z.number(), interview_rate: Rate, offer_rate: Rate };
const Response = { response_rate: Rate, positive_rate: Rate };

export const jobSearchAnalytics = defineTool({
  name: 'job_search_analytics',
  title: 'Job-search analytics',
  description:
    'How the job search is going, from the user\'s own pipeline and interactions: the funnel (how many opportunities reached each stage ' +
    'and the stage-to-stage conversion), the time spent in each stage, the time to an offer, the response rate by interaction type and by ' +
    'contact source, which job sources and which referrers led to interviews and offers, and activity per week. Filter by period ' +
    '(last 30 or 90 days, last 12 months, all time) or from/to dates. Every figure says what it is based on and when that is too little. ' +
    'Use for "what is my conversion rate?", "how long until an offer?", "which sources work best?".',
  input: z.object({
    period: z.enum(['last_30_days', 'last_90_days', 'last_12_months', 'all_time']).optional().describe('Default all_time; from/to override it'),
    from: DayString.optional().describe('First day of the period (inclusive)'),
    to: DayString.optional().describe('Last day of the period (inclusive; default today)'),
  }),
  output: z.object({
    period: z.object({ label: z.string(), from: z.string().nullable(), to: z.string() }),
    min_cases: z.number(),
    opportunities: z.number(),
    applications: z.number(),
    funnel: z.array(z.object({ stage: z.enum(FUNNEL_STAGES), reached: z.number(), conversion_from_previous: Rate.nullable() })),
    overall: z.object({ interview_rate: Rate, offer_rate: Rate }),
    time_in_stage: z.array(Duration.extend({ stage: z.string() })),
    time_to_offer: Duration,
    response_rate: z.object({
      overall: Rate, without_outcome: z.number(),
      by_interaction_type: z.array(z.object({ interaction_type: z.string(), ...Response })),
      by_contact_source: z.array(z.object({ contact_source: z.string(), ...Response })),
    }),
    by_source: z.array(z.object({ source: z.string(), ...Outcomes })),
    by_referrer: z.array(z.object({ referrer_id: z.string(), referrer: z.string(), ...Outcomes })),
    activity_per_week: z.array(z.object({ week_start: z.string(), interactions: z.number(), opportunities_added: z.number(), stage_moves: z.number() })),
    summary: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const today = todayIn(ctx.now, ctx.tz);
    const toDay = input.to ?? today;
    const named = input.period && input.period !== 'all_time' ? PERIOD_DAYS[input.period] : null;
    const fromDay = input.from ?? (named ? addDays(toDay, -(named - 1)) : null);
    if (fromDay && fromDay > toDay) throw new InvalidInputError('from', `from (${fromDay}) must not be after to (${toDay})`);
    const label = input.from || input.to ? `from ${fromDay ?? 'the start'} to ${toDay}` : named ? `in the ${input.period!.replace(/_/g, ' ')}` : 'over all time';
    const lastWeek = weekOf(toDay).start;
    // the weeks of the period, at most MAX_WEEKS of the latest; all time charts the last 12
    const firstWeek = fromDay ? weekOf(fromDay).start : addDays(lastWeek, -7 * 11);
    const weeks = Math.min(MAX_WEEKS, Math.round((Date.parse(lastWeek) - Date.parse(firstWeek)) / (7 * 86_400_000)) + 1);
    const weekStarts = Array.from({ length: weeks }, (_, i) => addDays(lastWeek, -7 * (weeks - 1 - i)));
    const end = startOfDay(addDays(toDay, 1), ctx.tz);
    const bounds = [...weekStarts.map((d) => startOfDay(d, ctx.tz)), startOfDay(addDays(lastWeek, 7), ctx.tz)];
    const rows = await analyticsRows(ctx, fromDay ? startOfDay(fromDay, ctx.tz) : null, end, bounds);
    const a = computeAnalytics(rows, weekStarts);
    return { period: { label, from: fromDay, to: toDay }, min_cases: MIN_CASES, ...a, summary: summarize(a, label) };
  },
});

export const analyticsTools = [jobSearchAnalytics];
