import { DateTime } from 'luxon';

/** "Now" and the user's zone, as the agent's system message states them. */
export interface Clock {
  now: Date;
  tz: string;
  /** Today in the user's zone, YYYY-MM-DD. */
  today: string;
}

const TODAY = /Today is (\d{4}-\d{2}-\d{2})\b/gi;
const ZONE_AND_NOW = /^;\s*the user's time zone is ([^;\s]+);\s*now is ([0-9T:.\-+Z]+?)\.?(?:\s|$)/i;

/**
 * The date, zone and instant of the system text's clock line ("Today is 2026-11-25 (Wednesday); the
 * user's time zone is UTC; now is …"), as /Today is (…)\b[^;\n]*;\s*the user's time zone is …/i
 * reads it: after the first "Today is" before each ";" (a later one before the same ";" reads the
 * same rest), not searched again from each "Today is".
 */
function nowLine(system: string): [string, string, string] | null {
  let stop = -1; // the ";" or line break the last "Today is" tried was followed by
  for (const today of system.matchAll(TODAY)) {
    if (today.index < stop) continue;
    const after = today.index + today[0].length;
    const found = system.slice(after).search(/[;\n]/);
    if (found < 0) return null;
    stop = after + found;
    const rest = system[stop] === ';' ? ZONE_AND_NOW.exec(system.slice(stop)) : null;
    if (rest) return [today[1], rest[1], rest[2]];
  }
  return null;
}

export function makeClock(now: Date, tz: string): Clock {
  const zone = DateTime.now().setZone(tz).isValid ? tz : 'UTC';
  return { now, tz: zone, today: DateTime.fromJSDate(now, { zone }).toISODate()! };
}

/** Reads the clock from the system text; falls back to the current time in UTC. */
export function clockFromSystem(system: string, fallback: Date = new Date()): Clock {
  const m = nowLine(system);
  if (!m) return makeClock(fallback, 'UTC');
  const instant = new Date(m[2]);
  const now = Number.isNaN(instant.getTime()) ? new Date(`${m[0]}T12:00:00Z`) : instant;
  return makeClock(now, m[1]);
}
