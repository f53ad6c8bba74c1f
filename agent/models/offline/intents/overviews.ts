import { DateTime } from 'luxon';
import { findInteractionKind } from '../entities.js';
import { compact, single, type Plan, type PlanInput, type ReplyFilter } from '../plan-types.js';
import { anyPerson, contactRef, possessiveName } from '../references.js';

const zoned = (input: PlanInput) => DateTime.fromISO(input.clock.today, { zone: input.clock.tz });

/** A period said in a question ("this week", "last month", "today"), as first and last day. */
export function periodOf(text: string, input: PlanInput): { from: string; to: string } | null {
  const today = zoned(input);
  const m = /\b(today|yesterday|this week|last week|past week|this month|last month|past month|this year|in (january|february|march|april|may|june|july|august|september|october|november|december))\b/i.exec(text);
  if (!m) return null;
  const w = m[1].toLowerCase();
  const span = (a: DateTime, b: DateTime) => ({ from: a.toISODate()!, to: b.toISODate()! });
  if (w === 'today') return span(today, today);
  if (w === 'yesterday') return span(today.minus({ days: 1 }), today.minus({ days: 1 }));
  if (w === 'this week') return span(today.startOf('week'), today.endOf('week'));
  if (w === 'last week') return span(today.minus({ weeks: 1 }).startOf('week'), today.minus({ weeks: 1 }).endOf('week'));
  if (w === 'past week') return span(today.minus({ days: 7 }), today);
  if (w === 'this month') return span(today.startOf('month'), today.endOf('month'));
  if (w === 'last month') return span(today.minus({ months: 1 }).startOf('month'), today.minus({ months: 1 }).endOf('month'));
  if (w === 'past month') return span(today.minus({ days: 30 }), today);
  if (w === 'this year') return span(today.startOf('year'), today.endOf('year'));
  const month = DateTime.fromFormat(m[2], 'LLLL', { zone: input.clock.tz }).set({ year: today.year });
  const chosen = month > today ? month.minus({ years: 1 }) : month;
  return span(chosen.startOf('month'), chosen.endOf('month'));
}

/** "what's on my plate this week?": tasks, follow-ups and the pipeline's next steps together (the agenda tool). */
export function planAgenda(input: PlanInput): Plan | null {
  const t = input.text;
  // a list with no slots of its own: only when the words speak of what is ahead
  if (!/\b(?:plate|agenda|schedule|calendar|coming up|upcoming|to-?dos?|todo|tasks?|plan|week|today|tonight|tomorrow|next|due|overdue|lined up|going on|on for me|work on|need to do|should I do)\b/i.test(t)) return null;
  if (/\btoday\b|\btonight\b/i.test(t)) return single('agenda', 'agenda', { window: 'today' });
  if (/\boverdue\b|\blate\b|\bbehind\b/i.test(t)) return single('agenda', 'agenda', { window: 'overdue' });
  if (/\bnext (?:7|seven) days\b|\bcoming days\b/i.test(t)) return single('agenda', 'agenda', { window: 'next_7_days' });
  const period = /\bnext week\b|\bthis month\b|\bnext month\b/i.test(t) ? periodOf(t.replace(/\bnext (week|month)\b/i, 'this $1'), input) : null;
  if (period && /\bnext week\b/i.test(t)) {
    const from = zoned(input).plus({ weeks: 1 }).startOf('week');
    return single('agenda', 'agenda', { from: from.toISODate()!, to: from.endOf('week').toISODate()! });
  }
  if (period) return single('agenda', 'agenda', { from: input.clock.today, to: period.to });
  return single('agenda', 'agenda', { window: 'this_week' });
}

/** "who haven't I talked to in a while?": contacts not talked to for 60 days or more (or the period said). */
export function planGoingCold(input: PlanInput): Plan | null {
  // a list with no slots of its own: only when the words say so ("which of my contacts are founders?" is not it)
  if (!/\b(?:haven['’]?t|have not|hasn['’]?t|not|never|no longer|lost|lose|losing|drift(?:ed|ing)?|neglect\w*|cold|stale|attention|while|ages|long time|lately|recently|months?|dormant|quiet|silent|out of touch|catch up)\b/i.test(input.text)) return null;
  const days = /\b(\d+)\s+days?\b/.exec(input.text)?.[1];
  const months = /\b(\d+|a few|few|couple of|a couple of|several)\s+months?\b/i.exec(input.text)?.[1];
  const n = days ? Number(days) : months ? (/^\d+$/.test(months) ? Number(months) * 30 : 90) : 60;
  const since = zoned(input).minus({ days: n }).toISODate()!;
  return { ...single('going_cold', 'find_contacts', { not_contacted_since: since, limit: 50 }), filter: { coldSince: since } };
}

/** "prep me for my call with Hana": who she is, the last interactions, her open jobs, what was promised. */
export function planBrief(input: PlanInput): Plan | null {
  const person = possessiveName(input.text) ?? anyPerson(input.text, [/\b(?:with|for|on|about|meeting|call|seeing)\s+/i]);
  const ref = contactRef(input, person);
  if (!ref) return null;
  return single('brief', 'get_contact', { contact: ref }, { answer: { kind: 'brief' }, subject: ref });
}

/** "how many calls last week?", "show me all my meetings this month", "applications this month". */
export function planActivityInPeriod(input: PlanInput): Plan | null {
  const t = input.text;
  const period = periodOf(t, input);
  const counting = /\bhow many\b|\bnumber of\b|\bcount\b/i.test(t);
  if (/\bapplications?\b|\bapplied\b|\bjobs?\b|\broles?\b/i.test(t) && (period || counting)) {
    const filter: ReplyFilter = { count: counting ? 'applications' : undefined, from: period?.from, to: period?.to };
    return { ...single('applications', 'list_opportunities', { limit: 200 }), filter };
  }
  if (!period && !counting) return null;
  const kind = findInteractionKind(t.replace(/\b(?:have|did|had)\b/gi, ' '));
  const person = anyPerson(t, [/\b(?:with|to)\s+/i]);
  const ref = person && !person.pronoun ? contactRef(input, person) : null;
  const fields = compact({ contact: ref ?? undefined, interaction_type: kind?.kind, from: period?.from, to: period?.to, limit: 200 });
  return { ...single('interactions_in_period', 'list_interactions', fields), filter: counting ? { count: kind ? `${kind.kind}s` : 'interactions' } : undefined };
}
