import { DateTime } from 'luxon';

/** "Now" and the user's zone, as the agent's system message states them. */
export interface Clock {
  now: Date;
  tz: string;
  /** Today in the user's zone, YYYY-MM-DD. */
  today: string;
}

const NOW_LINE = /Today is (\d{4}-\d{2}-\d{2})\b[^;\n]*;\s*the user's time zone is ([^;\s]+);\s*now is ([0-9T:.\-+Z]+?)\.?(?:\s|$)/i;

export function makeClock(now: Date, tz: string): Clock {
  const zone = DateTime.now().setZone(tz).isValid ? tz : 'UTC';
  return { now, tz: zone, today: DateTime.fromJSDate(now, { zone }).toISODate()! };
}

/** Reads the clock from the system text; falls back to the current time in UTC. */
export function clockFromSystem(system: string, fallback: Date = new Date()): Clock {
  const m = NOW_LINE.exec(system);
  if (!m) return makeClock(fallback, 'UTC');
  const instant = new Date(m[3]);
  const now = Number.isNaN(instant.getTime()) ? new Date(`${m[1]}T12:00:00Z`) : instant;
  return makeClock(now, m[2]);
}
