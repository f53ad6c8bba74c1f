import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Clock } from './clock.js';

export type Direction = 'forward' | 'backward';

export interface FoundDate {
  /** YYYY-MM-DD in the user's zone. */
  date: string;
  index: number;
  end: number;
  text: string;
}

const RELATIVE = /\b(today|tonight|tomorrow|yesterday|ago|in|next|last|this|week|weeks|month|months|year|from now|end of|weekend|day|days)\b/i;

/**
 * The first date mentioned in `text`, as a day in the user's zone. Plans look forward ("Friday" is
 * the coming Friday); what happened looks back ("on Monday" is the Monday just gone).
 */
export function findDate(text: string, clock: Clock, direction: Direction): FoundDate | null {
  return findDates(text, clock, direction)[0] ?? null;
}

export function findDates(text: string, clock: Clock, direction: Direction): FoundDate[] {
  const zoneNow = DateTime.fromJSDate(clock.now, { zone: clock.tz });
  const ref = { instant: clock.now, timezone: zoneNow.offset };
  const forward = chrono.parse(text, ref, { forwardDate: true });
  const backward = chrono.parse(text, ref);
  const out: FoundDate[] = [];
  for (let i = 0; i < forward.length; i++) {
    const f = forward[i];
    const b = backward.find((r) => r.index === f.index) ?? f;
    const known = f.start;
    const certain = known.isCertain('day') || known.isCertain('weekday');
    if (!certain && !RELATIVE.test(f.text)) continue; // "April" alone is a name, "3pm" is no day
    if (!known.isCertain('day') && !known.isCertain('weekday') && known.isCertain('month') && !RELATIVE.test(f.text)) continue;
    const pastWords = /\b(last|ago|yesterday|this morning|this afternoon|earlier)\b/i.test(f.text);
    const useBackward = direction === 'backward' || pastWords;
    const chosen = useBackward ? b : f;
    let day = DateTime.fromJSDate(chosen.start.date(), { zone: clock.tz }).startOf('day');
    const weekdayOnly = chosen.start.isCertain('weekday') && !chosen.start.isCertain('day');
    if (useBackward && !pastWords && day.toISODate()! > clock.today) {
      if (weekdayOnly) day = day.minus({ days: 7 });
      else if (chosen.start.isCertain('month') && !chosen.start.isCertain('year') && !RELATIVE.test(f.text)) day = day.minus({ years: 1 });
    }
    if (!useBackward && /\btoday\b|\btonight\b/i.test(f.text)) day = zoneNow.startOf('day');
    out.push({ date: day.toISODate()!, index: f.index, end: f.index + f.text.length, text: f.text });
  }
  return out;
}

/** "3 days", "a week", "two weeks": a number of days, or null. */
export function parseDays(text: string): number | null {
  const m = /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|couple of|a few|few)\s+(day|days|week|weeks|month|months)\b/i.exec(text);
  if (!m) return null;
  const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, 'a couple of': 2, 'couple of': 2, 'a few': 3, few: 3 };
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : words[m[1].toLowerCase()] ?? 1;
  const unit = m[2].toLowerCase();
  return unit.startsWith('week') ? n * 7 : unit.startsWith('month') ? n * 30 : n;
}
