// English only: the package's root also loads fifteen other locales, 266 modules in all
import * as chrono from 'chrono-node/en';
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
  // "on the 20th": a day of the month alone, which chrono leaves; the nearest such day in the direction asked
  for (const m of text.matchAll(/\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b/gi)) {
    if (/^\s+(?:of\s+)?[A-Za-z]{3}/i.test(text.slice(m.index! + m[0].length))) continue; // "the 20th of March" is chrono's
    if (out.some((o) => m.index! < o.end && o.index < m.index! + m[0].length)) continue;
    const n = Number(m[1]);
    const month = zoneNow.startOf('month');
    if (n < 1 || n > 31) continue;
    const pick = (base: DateTime): string | null => (n <= base.daysInMonth! ? base.set({ day: n }).toISODate() : null);
    let chosen = pick(month);
    if (direction === 'backward' && (!chosen || chosen > clock.today)) chosen = pick(month.minus({ months: 1 }));
    if (direction === 'forward' && (!chosen || chosen < clock.today)) chosen = pick(month.plus({ months: 1 }));
    if (!chosen) continue;
    out.push({ date: chosen, index: m.index!, end: m.index! + m[0].length, text: m[0] });
  }
  return out.sort((a, b) => a.index - b.index);
}

// A number and a unit of days: two expressions, the earlier winning a tie as in their alternation
// (as one, recheck can only judge it by fuzzing).
const DAYS_BY_NUMBER = /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:more\s+|extra\s+|additional\s+|other\s+)?(day|days|week|weeks|month|months)\b/i;
const DAYS_BY_FEW = /\b(a couple of|couple of|a couple|couple|a few|few)\s+(?:more\s+|extra\s+|additional\s+|other\s+)?(day|days|week|weeks|month|months)\b/i;

/** "3 days", "a week", "two weeks": a number of days, or null. */
export function parseDays(text: string): number | null {
  const byNumber = DAYS_BY_NUMBER.exec(text);
  const byFew = DAYS_BY_FEW.exec(text);
  const m = byNumber && (!byFew || byNumber.index <= byFew.index) ? byNumber : byFew;
  if (!m) return null;
  const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, 'a couple of': 2, 'couple of': 2, 'a couple': 2, couple: 2, 'a few': 3, few: 3 };
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : words[m[1].toLowerCase()] ?? 1;
  const unit = m[2].toLowerCase();
  return unit.startsWith('week') ? n * 7 : unit.startsWith('month') ? n * 30 : n;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
// Days a month can have in any year (February 29 exists in leap years).
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_RE = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const monthIndex = (word: string): number => MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().slice(0, 3)));

/**
 * A date as said that does not exist ("February 30th", "2026-13-45", "April 31"), or null. chrono
 * silently rolls such dates over into the next month; a CRM must refuse them instead.
 */
export function findImpossibleDate(text: string): string | null {
  for (const m of text.matchAll(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g)) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > DateTime.local(Number(m[1]), month, 1).daysInMonth!) return m[0];
  }
  for (const m of text.matchAll(new RegExp(String.raw`\b${MONTH_RE}\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'gi'))) {
    const month = monthIndex(m[1]);
    const day = Number(m[2]);
    const max = m[3] ? DateTime.local(Number(m[3]), month + 1, 1).daysInMonth! : MAX_DAYS[month];
    if (month >= 0 && (day < 1 || day > max)) return m[0];
  }
  for (const m of text.matchAll(new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_RE}\b`, 'gi'))) {
    const month = monthIndex(m[2]);
    const day = Number(m[1]);
    if (month >= 0 && (day < 1 || day > MAX_DAYS[month])) return m[0];
  }
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // month/day or day/month: impossible only when neither order is a date
    const ok = (mo: number, d: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= MAX_DAYS[mo - 1];
    if (!ok(a, b) && !ok(b, a)) return m[0];
  }
  return null;
}
