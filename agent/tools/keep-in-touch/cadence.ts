/** "every 3 weeks", "fortnightly", "monthly", "10 days": a cadence in days, or null when it reads as none. */
export function parseCadence(text: string): number | null {
  const t = text.toLowerCase().trim().replace(/^every\s+/, '').replace(/^(?:once\s+)?(?:a|an|per)\s+/, '1 ');
  const named: Record<string, number> = { daily: 1, weekly: 7, fortnightly: 14, biweekly: 14, monthly: 30, quarterly: 91, yearly: 365, annually: 365, week: 7, month: 30, fortnight: 14, year: 365, quarter: 91, day: 1 };
  if (named[t]) return named[t];
  const m = /^(\d{1,4}|one|two|three|four|five|six|eight|ten|twelve)\s*(day|week|month|year|fortnight|quarter)s?$/.exec(t);
  if (!m) return null;
  const words: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8, ten: 10, twelve: 12 };
  const n = words[m[1]] ?? Number(m[1]);
  const days = n * { day: 1, week: 7, fortnight: 14, month: 30, quarter: 91, year: 365 }[m[2] as 'day'];
  return days >= 1 && days <= 3650 ? days : null;
}

/** 21 → "every 3 weeks", 30 → "every month". */
export function cadenceWords(days: number): string {
  if (days % 365 === 0) return days === 365 ? 'every year' : `every ${days / 365} years`;
  if (days % 30 === 0) return days === 30 ? 'every month' : `every ${days / 30} months`;
  if (days % 7 === 0) return days === 7 ? 'every week' : `every ${days / 7} weeks`;
  return days === 1 ? 'every day' : `every ${days} days`;
}
