import { DateTime } from 'luxon';

/** Calendar days in the user's zone: "today" for someone in Tokyo is not UTC's today. */
export function todayIn(now: Date, tz: string): string {
  return DateTime.fromJSDate(now, { zone: tz }).toISODate()!;
}

export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** The Monday..Sunday week containing `day`. */
export function weekOf(day: string): { start: string; end: string } {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  return { start: d.startOf('week').toISODate()!, end: d.endOf('week').toISODate()! };
}

/** The calendar day, in the user's zone, on which an instant falls. */
export function dayOf(instant: Date, tz: string): string {
  return DateTime.fromJSDate(instant, { zone: tz }).toISODate()!;
}

/** Midnight at the start of `day` in the user's zone, as an instant. */
export function startOfDay(day: string, tz: string): Date {
  return DateTime.fromISO(day, { zone: tz }).startOf('day').toJSDate();
}

/**
 * An interaction given only a day happened on that day: today keeps the current time, another
 * day is stamped at noon in the user's zone so it stays on that day in every nearby zone.
 */
export function instantForDay(day: string, now: Date, tz: string): Date {
  if (day === todayIn(now, tz)) return now;
  return DateTime.fromISO(day, { zone: tz }).set({ hour: 12 }).toJSDate();
}

export function isValidZone(tz: string): boolean {
  return DateTime.local().setZone(tz).isValid;
}
