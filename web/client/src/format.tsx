import { createContext, useContext } from 'react';

/** Dates and times in the user's locale (the browser's) and zone (Kith's, from /api/me). */
export interface Formatters {
  tz: string;
  /** A calendar day "2026-03-06" as "Fri, 6 Mar 2026": a day has no zone and no time. */
  day(day: string | null | undefined): string;
  /** An instant; `hasTime: false` (an interaction logged with a day only) shows only its day. */
  instant(iso: string | null | undefined, hasTime?: boolean): string;
  /** The calendar day of an instant in the user's zone, YYYY-MM-DD (for date inputs). */
  dayOf(iso: string): string;
  /** The wall-clock time of an instant in the user's zone, HH:MM (for time inputs). */
  timeOf(iso: string): string;
}

export function createFormatters(tz: string, locale?: string): Formatters {
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dateFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: tz });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: tz });
  const isoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: tz });
  const isoTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz });
  return {
    tz,
    day: (day) => (day ? dayFormat.format(new Date(`${day.slice(0, 10)}T00:00:00Z`)) : ''),
    instant: (iso, hasTime = true) => (iso ? (hasTime ? dateTimeFormat : dateFormat).format(new Date(iso)) : ''),
    dayOf: (iso) => isoDay.format(new Date(iso)),
    timeOf: (iso) => isoTime.format(new Date(iso)),
  };
}

export const FormatContext = createContext<Formatters>(createFormatters(Intl.DateTimeFormat().resolvedOptions().timeZone));
export const useFormat = () => useContext(FormatContext);

/** The offset of `tz` from UTC at an instant, in minutes. */
function offsetMinutes(at: number, tz: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - at) / 60_000);
}

/** A wall-clock day and time in `tz` as an ISO instant ("2026-03-04", "15:30" in Berlin → "2026-03-04T14:30:00.000Z"). */
export function zonedInstant(day: string, time: string, tz: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let at = wall - offsetMinutes(wall, tz) * 60_000;
  at = wall - offsetMinutes(at, tz) * 60_000;
  return new Date(at).toISOString();
}
