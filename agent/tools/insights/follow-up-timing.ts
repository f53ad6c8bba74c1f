import { and, eq, isNotNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { crmInteractions } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { wilson } from './statistics.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Hours in blocks of three: a single hour of a single user's history is almost always noise. */
const HOUR_BLOCKS = [[6, 9], [9, 12], [12, 15], [15, 18], [18, 21], [21, 24]] as const;
/** The least interactions with an outcome before any day or hour is called best. */
export const TIMING_MINIMUM = { total: 10, perSlot: 3 } as const;

export interface Slot { slot: string; interactions: number; positive: number; rate: number; low: number; high: number }

export interface FollowUpTiming {
  judged: number;
  positive: number;
  by_weekday: Slot[];
  by_hour: Slot[];
  best_days: string[];
  best_hours: string[];
  based_on: string;
  confidence: 'low' | 'medium' | 'high' | 'none';
}

function slotsOf(keys: string[], items: Array<{ key: string | null; positive: boolean }>): Slot[] {
  return keys.map((slot) => {
    const mine = items.filter((i) => i.key === slot);
    const pos = mine.filter((i) => i.positive).length;
    const w = wilson(pos, mine.length);
    return { slot, interactions: mine.length, positive: pos, rate: Math.round(w.rate * 1000) / 1000, low: Math.round(w.low * 1000) / 1000, high: Math.round(w.high * 1000) / 1000 };
  });
}

/** Best first by the low end of the Wilson interval, so that 2 of 2 does not beat 12 of 20. */
function best(slots: Slot[]): string[] {
  const eligible = slots.filter((s) => s.interactions >= TIMING_MINIMUM.perSlot && s.positive > 0).sort((a, b) => b.low - a.low || b.interactions - a.interactions);
  return eligible.slice(0, 2).map((s) => s.slot);
}

export function timingOf(rows: Array<{ at: Date; hasTime: boolean; positive: boolean }>, tz: string): FollowUpTiming {
  const items = rows.map((r) => {
    const local = DateTime.fromJSDate(r.at, { zone: tz });
    const block = HOUR_BLOCKS.find(([from, to]) => local.hour >= from && local.hour < to);
    return { day: WEEKDAYS[local.weekday - 1], hour: r.hasTime && block ? `${block[0]}:00–${block[1]}:00` : null, positive: r.positive };
  });
  const by_weekday = slotsOf(WEEKDAYS, items.map((i) => ({ key: i.day, positive: i.positive })));
  const by_hour = slotsOf(HOUR_BLOCKS.map(([a, b]) => `${a}:00–${b}:00`), items.map((i) => ({ key: i.hour, positive: i.positive })));
  const positive = items.filter((i) => i.positive).length;
  const enough = items.length >= TIMING_MINIMUM.total && positive > 0;
  const timed = items.filter((i) => i.hour).length;
  return {
    judged: items.length,
    positive,
    by_weekday,
    by_hour,
    best_days: enough ? best(by_weekday) : [],
    best_hours: enough ? best(by_hour) : [],
    based_on: enough
      ? `${items.length} interactions with an outcome (${positive} positive), ${timed} of them with a time of day, in ${tz}; ranked by the low end of each slot's 95% interval`
      : `Too little history: ${items.length} interaction${items.length === 1 ? '' : 's'} with an outcome (${positive} positive); at least ${TIMING_MINIMUM.total} with one positive are needed.`,
    confidence: !enough ? 'none' : items.length >= 60 ? 'high' : items.length >= 25 ? 'medium' : 'low',
  };
}

/** When the user's interactions went well: the days and hours (their zone) of positive outcomes among all judged ones. */
export async function followUpTiming(ctx: ToolContext): Promise<FollowUpTiming> {
  const rows = await ctx.db.select({ at: crmInteractions.interactionDate, hasTime: crmInteractions.hasTime, outcome: crmInteractions.outcome })
    .from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), isNotNull(crmInteractions.outcome)));
  return timingOf(rows.map((r) => ({ at: r.at, hasTime: r.hasTime, positive: r.outcome === 'positive' })), ctx.tz);
}
