import { findDate, parseDays } from '../dates.js';
import { compact, single, type Plan, type PlanInput } from '../plan-types.js';
import { anyPerson, contactRef, nameAfter, possessiveName } from '../references.js';
import { between, trimEndOf } from './text.js';

const FOLLOW = /\bfollow[\s\-]?ups?\b|\bfollow(?:ing)?[\s\-]up\b/i;

const PERSON = [
  // "my lukas follow-up", "my Priya follow up"
  /\bmy\s+(?=[A-Za-zÀ-ÿ][\wÀ-ÿ\-]*(?:['’]s)?\s+follow[\s\-]?up)/i,
  /\b(?:follow[\s\-]?up|followed up|following up|reminder|remind me|check(?:ed)? in|check back|reach(?:ed)? out|touch base|ping|pinged|reconnect|circle back|get back)\s+(?:with|to|for|on|about)\s+/i,
  /\b(?:ping|email|call|text|message|contact|nudge|chase|remind me about)\s+/i,
  // "already pinged ben, clear that reminder": the person reached, right after the verb of reaching them
  /\b(?:pinged|emailed|called|texted|messaged|nudged|chased|contacted|rang|phoned|dm'?d|dmed)\s+/i,
  /\b(?:with|for|on)\s+/i,
  // "follow up zoe lambert tomorrow": the person right after the verb, without "with"
  /\b(?:follow[\s\-]?up|check in|check back|circle back|touch base|reconnect)\s+(?!(?:with|to|for|on|about|in|re)\b)/i,
];

/**
 * "clear that reminder", "cancel his follow-up", "you can drop the reminder for Ben", "no need to
 * follow up": a reminder to be taken away, never one to set.
 */
const CLEARS = /\b(?:clear|cancel|remove|dismiss|drop|delete|scrap|kill)\s+(?:the\s+|my\s+|that\s+|this\s+|his\s+|her\s+|their\s+)?(?:follow[\s\-]?up|reminder)s?\b|\bno (?:need|reason) to follow[\s\-]?up\b|\bdon'?t (?:need to|have to) follow[\s\-]?up\b/i;
export const clearsReminder = (text: string): boolean => CLEARS.test(text);

/** "mark my follow-up with Priya as done", "followed up with Marcus". */
export function planCompleteFollowUp(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const done = /\b(?:done|complete|completed|finished|handled|taken care of|closed|cleared|resolved)\b/i;
  const followedUp = /\b(?:i\s+)?(?:already\s+|just\s+|finally\s+)?followed[\s\-]up\s+(?:with|on)\s+/i.exec(t);
  const cleared = clearsReminder(t);
  if (!(FOLLOW.test(t) && done.test(t)) && !followedUp && !cleared) return null;
  const person = (followedUp ? nameAfter(t, /\bfollowed[\s\-]up\s+(?:with|on)\s+/i) : null) ?? possessiveName(t) ?? anyPerson(t, PERSON);
  const ref = contactRef(input, person);
  if (!ref) return null;
  const about = between(t.slice(person?.end ?? 0), /\b(?:about|re|regarding|note:?)\s/i);
  const note = about ? trimEndOf(about, '.!') : undefined;
  return single('complete_follow_up', 'complete_follow_up', compact({ contact: ref, note }), { subject: ref });
}

/** "snooze Priya by 3 days", "push my follow-up with Marcus to next week". */
export function planSnooze(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!/\b(?:snooze|snoozed|postpone|push(?:ed)?(?: back| out)?|delay|defer|bump|move(?:d)?|reschedule)\b/i.test(t)) return null;
  if (!FOLLOW.test(t) && !/\bsnooze|\bsnoozed/i.test(t) && !/\breminder\b/i.test(t)) return null;
  const person = possessiveName(t) ?? anyPerson(t, [/\b(?:snooze|postpone|push|delay|defer|bump|move|reschedule)\s+(?:back\s+|out\s+)?/i, ...PERSON]);
  const ref = contactRef(input, person);
  if (!ref) return null;
  const rest = t.slice(person?.end ?? 0);
  const byDays = between(rest, /\b(?:by|for)\s/i);
  // A length of time ("3 more days", "a week") moves the follow-up from where it is; only "until
  // Friday" or "to the 8th" names the new day.
  const span = namesSpan(rest) ? null : parseDays(rest);
  const days = byDays ? parseDays(byDays) ?? span : span;
  const until = !days ? findDate(rest, input.clock, 'forward') : null;
  const loose = !days && !until ? parseDays(rest) : null;
  const fields = days || loose ? { days: days ?? loose } : until ? { until: until.date } : { days: 7 };
  return single('snooze_follow_up', 'snooze_follow_up', { contact: ref, ...fields }, { subject: ref });
}

/** "remind me to follow up with Priya in two weeks", "set a follow up with Marcus for December 3". */
export function planScheduleFollowUp(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const scheduling = /^(?:please\s+)?(?:remind me|set|schedule|add|create|make|put|follow[\s\-]?up|check back|chase|get back to|i (?:need|want|have|should|must|'ll|will) (?:to )?|i'?ll |need to|should|let'?s|don'?t (?:let me )?forget|make sure|ping|reach out|check in|circle back|touch base|reconnect|nudge|chase)\b/i;
  const mentions = FOLLOW.test(t) || /\bremind(?:er)?\b|\bcheck in\b|\bcheck back\b|\bget back to\b|\breach out\b|\bcircle back\b|\btouch base\b|\breconnect\b|\bping\b|\bnudge\b|\bchase\b/i.test(t);
  // "schedule a call with Tom next Tuesday", "text Dana tomorrow": a planned touch is a follow-up
  // (on a day ahead: "call with Victor last friday went badly" tells of a call made)
  const plannedTouch = (/^(?:please\s+)?(?:(?:schedule|set up|book|plan|arrange)\s+(?:a\s+|an\s+)?(?:call|meeting|coffee|chat|lunch|catch[\s\-]up|email)|(?:call|email|text|message|ping|meet|see)\s+(?!me\b))/i.test(t)
    && (findDate(t, input.clock, 'forward')?.date ?? '') >= input.clock.today)
    // "meeting with Omar tomorrow at 3pm": a touch named first, on a day ahead
    || (/^(?:(?:a|an|my)\s+)?(?:call|phone call|video call|zoom|meeting|coffee(?:\s+chat)?|chat|lunch|dinner|drinks|breakfast|catch[\s\-]up)\s+(?:with|w)\s+/i.test(t)
      && (findDate(t, input.clock, 'backward')?.date ?? '') > input.clock.today);
  // "if nothing by dec 9, chase her again": what to do comes after the condition (whose day it is)
  const condition = /^(?:if|unless|in case)\s[^,]{1,80},\s*/i.exec(t);
  const asked = condition ? t.slice(condition[0].length) : t;
  if (!plannedTouch && (!mentions || !scheduling.test(asked))) return null;
  if (clearsReminder(t)) return null;
  const person = anyPerson(asked, PERSON);
  // "her" may be someone the condition names ("If Dana doesn't answer …"); "If" itself is no name
  const ref = contactRef({ ...input, text: condition ? t.slice(condition[0].search(/\s/)).trimStart() : t }, person);
  const date = findDate(t, input.clock, 'forward');
  const touch = plannedTouch ? /\b(call|meeting|coffee|chat|lunch|catch[\s\-]up|email|text|message|ping|meet|see)\b/i.exec(t)?.[1].toLowerCase() : undefined;
  // the words that say why, and the phrase they start with ("to ask about the deck")
  const afterPerson = asked.slice(person?.end ?? 0);
  const reasonAt = /\b(?:about|re|regarding|because|to (?:discuss|talk about|ask about|ask|get|see|hear|check|confirm|send|share))\s/i.exec(afterPerson);
  let reason = reasonAt ? between(afterPerson.slice(reasonAt.index + reasonAt[0].length), /^/) ?? undefined : undefined;
  const said = reason ? afterPerson.slice(reasonAt!.index) : '';
  if (reason && date && reason.includes(date.text)) reason = reason.replace(date.text, '').replace(/\s(?:on|in|by|for)\s*$/i, '').trim();
  reason = reason ? trimEndOf(reason, '.!,').replace(/\s(?:on|in|by|next|this)$/i, '').trim() || undefined : undefined;
  if (said.startsWith('to ')) reason = trimEndOf(said.replace(/^to\s+/, ''), '.!');
  if (touch) reason = [touch.charAt(0).toUpperCase() + touch.slice(1), reason ? `about ${reason}` : ''].filter(Boolean).join(' ');
  const day = date?.date ?? null;
  if (!ref) {
    // "follow up Monday" with nobody named: the caller may attach it to the previous clause
    return { intent: 'follow_up_only', steps: [], text: day ?? undefined };
  }
  const fallbackDay = day ?? (input.clock.today && addDaysIso(input.clock.today, 7));
  return single('schedule_follow_up', 'schedule_follow_up', compact({ contact: ref, date: fallbackDay, reason }), { subject: ref });
}

/** "until 3 more days", "in a week": a preposition, at most two words, then a length of time. */
function namesSpan(text: string): boolean {
  const words = text.split(/\s+/);
  return words.some((w, i) => /\b(?:until|till|to|on|in)$/i.test(w) && [1, 2, 3].some((n) =>
    i + n < words.length && words.slice(i + 1, i + n).every((v) => /^\w+$/.test(v)) && /^(?:days?|weeks?|months?)\b/i.test(words[i + n])));
}

function addDaysIso(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The follow-up part of a longer sentence: "…, follow up Friday" → its position and date. */
export function followUpClause(text: string, input: PlanInput): { index: number; date: string | null; reason?: string } | null {
  const index = followUpStart(text);
  if (index === null) return null;
  const clause = text.slice(index);
  const date = findDate(clause, input.clock, 'forward');
  const about = between(clause, /\b(?:about|re|regarding|to (?:discuss|talk about|ask about|confirm|see))\s/i);
  const reason = about ? trimEndOf(about, '.!') : undefined;
  return { index, date: date?.date ?? null, reason };
}

const FOLLOW_VERB = /(?:follow[\s\-]?up|check (?:back )?in|check back|circle back|ping (?:him|her|them) again|reach out again|touch base|chase (?:him|her|them|it)\b)\b/gi;
const FOLLOW_LEAD = /(?:please\s+)?(?:remind me to|i(?:'ll| will| should| need to| must)|need to|should|let'?s|and)$/i;

/**
 * Where the follow-up part of a sentence starts: the words that ask for it ("follow up", "check in")
 * at the start, after a comma or period, after "and", "then", "also" or a dash, with "remind me to",
 * "I'll", "let's" … before them or not.
 */
function followUpStart(text: string): number | null {
  // where a clause can start right before `end` (null if it cannot)
  const opening = (end: number): number | null => {
    const before = text.slice(0, end);
    const bare = before.trimEnd();
    if (bare === '' && end === 0) return 0;
    if (/[,.;]$/.test(bare)) return bare.length - 1;
    if (bare.length === before.length) return null;
    const joined = /\s(?:and|then|also|&)$/i.exec(bare) ?? /\s-$/.exec(bare);
    return joined ? joined.index : null;
  };
  for (const verb of text.matchAll(FOLLOW_VERB)) {
    const v = verb.index!;
    const bare = text.slice(Math.max(0, v - 60), v).trimEnd();
    const lead = bare.length < Math.min(v, 60) ? FOLLOW_LEAD.exec(bare) : null;
    const withLead = lead ? opening(v - (Math.min(v, 60) - lead.index)) : null;
    const start = withLead ?? opening(v);
    if (start !== null) return start;
  }
  return null;
}
