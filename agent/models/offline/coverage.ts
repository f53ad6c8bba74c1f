import type { Clock } from './clock.js';
import { findDates } from './dates.js';
import { findOutcome } from './entities.js';
import { isStopWord } from './names.js';
import type { Plan, ToolInput } from './plan-types.js';
import { emailAt, matchesOf, replaceSpans } from '../../tools/shared/text-spans.js';
import { trimEndOf } from '../../tools/shared/trim.js';
import { escapeRegExp } from '../../tools/shared/replace-reference.js';

/**
 * Nothing a message says is lost: each of its parts (sentences and the pieces between commas,
 * dashes and colons) is either taken by the plan (its words are in the calls' inputs, or are the
 * words that say what to do), kept in the notes of what the plan writes, or named in the reply as
 * not understood. This is the one check over every intent, after the slot readers have run.
 */

// Words that say what to do or how it went, not facts to keep: a part made only of these (and the
// values the plan took) is understood.
const REQUEST_WORDS = new Set(`
went go goes going gone really pretty super so far nothing anything something back got get gets getting
said says told tell thinks think thought felt feel seems seemed sounds sounded like liked wants want wanted
let lets know knew sure definitely probably maybe honestly actually basically kind sort lot lots bit little much many more most
thanks thank
had have has having did does done make made making take took taking put keep kept give gave
here there where when what who how why which
hope hoping guess anyway though although however also too either neither
me myself mine i'm i've i'll i'd im ive ill
things thing stuff way ways time times
log note add set remind reminder schedule follow followup follow-up task todo to-do create track record save tag tags tagged label labels
status step steps action salary priority
applied apply applying application applications job jobs role roles position positions opportunity opportunities pipeline stage
`.split(/\s+/).filter(Boolean));

/** Tools whose input keeps free text, and the field it goes in. */
const NOTES_FIELD: Record<string, string> = {
  log_interaction: 'notes',
  add_contact: 'notes',
  update_contact: 'append_notes',
  add_opportunity: 'notes',
  update_opportunity: 'append_notes',
  create_task: 'notes',
  complete_follow_up: 'note',
};

const READ_ONLY = new Set(['find_contacts', 'get_contact', 'search', 'list_interactions', 'list_opportunities', 'pipeline_summary',
  'list_follow_ups', 'agenda', 'list_tasks', 'dashboard_summary', 'list_activities', 'list_changes']);

const HEADING_WORDS = /^(?:(?:quick|big|small|status|job|weekly|daily|long|busy|good|crazy)\s+)?(?:update|news|recap|summary|fyi|day|week|morning|heads up)/i;
const ABOUT = /^\s+(?:on|about|from|for)\s/i;

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const spaceEnd = (text: string, i: number) => { while (isSpace(text[i])) i++; return i; };

/**
 * `text` without a heading that introduces a report ("Update on the job hunt:", "busy day:"), which has
 * nothing to do or keep: the heading words, maybe "on" (about, from, for) and up to 30 characters,
 * a colon and whitespace before more text. What replacing
 * ^HEADING_WORDS(?:\s+(?:on|about|from|for)\s+[^:,.]{1,30})?:\s+(?=\S) did, read in steps.
 */
export function withoutHeading(text: string): string {
  const head = HEADING_WORDS.exec(text);
  if (!head) return text;
  let colon = head[0].length;
  if (text[colon] !== ':') {
    const about = ABOUT.exec(text.slice(colon));
    if (!about) return text;
    const spaces = colon + about[0].length - 1; // the whitespace before the topic
    const topic = spaceEnd(text, spaces);
    const stop = text.slice(topic).search(/[:,.]/);
    if (stop < 0 || text[topic + stop] !== ':') return text;
    // the topic is 1 to 30 characters; when it is none, a space (of two or more) can be it
    if (stop > 30 || (stop === 0 && topic - spaces < 2)) return text;
    colon = topic + stop;
  }
  const rest = spaceEnd(text, colon + 1);
  return rest > colon + 1 && rest < text.length ? text.slice(rest) : text;
}

/**
 * `text` split where a part ends, as .split(/(?<=[.!?;])\s+|\n+|,\s+|\s+[-–—]\s+|\s*[—–]\s*|(?<=\w):\s+/)
 * splits it: the whitespace after a sentence's end, line breaks, ", ", " - " and dashes, "Label: ".
 * A loop, where that expression rescans a long run of spaces from each of them.
 */
function splitParts(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  let runEnd = 0; // where the run of whitespace at p ends, while p < runEnd
  for (let p = 0; p < text.length;) {
    const c = text[p];
    let end = -1; // of a break that starts at p
    if (isSpace(c)) {
      if (p >= runEnd) runEnd = spaceEnd(text, p);
      const next = text[runEnd];
      if (p > 0 && /[.!?;]/.test(text[p - 1])) end = runEnd;
      else if (c === '\n') for (end = p; text[end] === '\n';) end++;
      else if ((next === '-' || next === '–' || next === '—') && isSpace(text[runEnd + 1])) end = spaceEnd(text, runEnd + 1);
      else if (next === '—' || next === '–') end = spaceEnd(text, runEnd + 1);
    } else if ((c === ',' && isSpace(text[p + 1])) || c === '—' || c === '–') end = spaceEnd(text, p + 1);
    else if (c === ':' && p > 0 && /\w/.test(text[p - 1]) && isSpace(text[p + 1])) end = spaceEnd(text, p + 1);
    if (end < 0) { p++; continue; }
    parts.push(text.slice(from, p));
    from = p = end;
  }
  parts.push(text.slice(from));
  return parts;
}

/** The parts of a message, as a person would point at them. */
export function messageParts(text: string): string[] {
  return splitParts(withoutHeading(text))
    .map((p) => trimEndOf(p.trim().replace(/^(?:and|but|so|also|then|plus)\s+/i, ''), '.!?;,').trim())
    .filter((p) => p.length > 0);
}

// Links, addresses and phone numbers: /LINK|EMAIL|PHONE/g, the addresses found by emailAt.
const LINK = /\bhttps?:\/\/\S+|\bwww\.\S+/g;
const PHONE = /\+?\d[\d\s().\-]{5,}\d/g;
const VALUES = [matchesOf(LINK), emailAt, matchesOf(PHONE)];

const valuesOf = (input: ToolInput): string[] =>
  Object.values(input).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));

/** A word as compared: lower case, without a possessive, its first five letters (so "referred" meets "referral"). */
const key = (w: string): string => w.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '').slice(0, 5);

/** The words of a part the plan neither took nor needs. */
export function leftoverWords(part: string, taken: Set<string>, takenText: string, clock: Clock): string[] {
  let t = part;
  for (const d of findDates(part, clock, 'backward').reverse()) t = t.slice(0, d.index) + ' ' + t.slice(d.end);
  t = replaceSpans(t, VALUES, ' ');
  const words = t.match(/[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]*/g) ?? [];
  return words.filter((w) => {
    const lower = w.toLowerCase().replace(/['’]s$/, '');
    if (lower.length <= 2 || isStopWord(lower) || REQUEST_WORDS.has(lower) || REQUEST_WORDS.has(lower.replace(/['’]/g, ''))) return false;
    return !taken.has(key(w)) && !takenText.includes(lower);
  });
}

/**
 * Keeps what the plan did not take: a part with words of its own goes into the notes of the first
 * write that keeps notes, or, when the plan writes nothing that keeps notes, into `unknown` (the
 * reply says so). Questions lose nothing by being answered, so read-only plans are left alone.
 */
export function keepEveryPart(text: string, plan: Plan, clock: Clock): Plan {
  const statics = plan.steps.filter((s) => typeof s.input === 'object').map((s) => ({ toolName: s.toolName, input: s.input as ToolInput, sure: !!s.branch || (!s.when && !s.afterError) }));
  const writes = statics.filter((s) => !READ_ONLY.has(s.toolName));
  if (writes.length === 0 && plan.steps.every((s) => READ_ONLY.has(s.toolName))) return plan;
  // Only what a call that surely runs keeps is taken: the details of "add her if she is new" are
  // lost when she is not.
  const takenText = statics.filter((s) => s.sure).flatMap((s) => valuesOf(s.input)).join(' \u0000 ').toLowerCase();
  const taken = new Set((takenText.match(/[a-zà-ÿ][a-zà-ÿ'’\-]*/g) ?? []).map(key));
  for (const u of [...(plan.unknown ?? []), ...(plan.cues ?? [])]) for (const w of u.match(/[A-Za-zÀ-ÿ][\w'’\-]*/g) ?? []) taken.add(key(w));
  const target = writes.filter((s) => s.sure && NOTES_FIELD[s.toolName]);
  const missing: string[] = [];
  for (const part of messageParts(text)) {
    const left = leftoverWords(part, taken, takenText, clock);
    const words = part.match(/[A-Za-zÀ-ÿ][\w'’\-]*/g)?.length ?? 0;
    // One stray word in a long part is a word of the request ("my client Hannah"); two, or half the part, is something said.
    // …but not a thing at the end of it ("emailed Tom the deck"): that is what was done.
    const object = left.length === 1 && new RegExp(`\\b(?:the|my|a|an|our|their|his|her|some)\\s+${escapeRegExp(left[0])}\\W*$`, 'i').test(part);
    // …nor a name ("referral from Ines"): who introduced, recommended or was there is a fact
    const named = left.some((w) => /^[A-ZÀ-Ý]/.test(w) && part.indexOf(w) > 0);
    // …nor what someone said or will do ("she'll intro me to her VP"): a clause of its own is a fact
    const said = /^(?:she|he|they|we)(?:['’](?:s|ll|d|re|ve))?\s+[a-z]/i.test(part) && words >= 3;
    if (left.length === 0 || (left.length < 2 && left.length * 2 < words && !object && !named && !said)) continue;
    missing.push(part);
  }
  if (missing.length === 0) return plan;
  if (target.length === 0) return { ...plan, unknown: [...(plan.unknown ?? []), ...missing] };
  const toolName = target[0].toolName;
  const field = NOTES_FIELD[toolName];
  const sameTool = target.filter((x) => x.toolName === toolName);
  const kept = new Map<ToolInput, string[]>();
  for (const part of missing) for (const s of ownersOf(part, text, sameTool)) kept.set(s.input, [...(kept.get(s.input) ?? []), part]);
  for (const s of sameTool) {
    const mine = kept.get(s.input);
    if (!mine) continue;
    const words = mine.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('. ');
    const before = typeof s.input[field] === 'string' ? (s.input[field] as string).trim() : '';
    s.input[field] = before ? `${trimEndOf(before, '.!')}. ${words}` : words;
    // "Really useful.", "It was fine": how it went, said in a part of its own
    if (toolName === 'log_interaction' && s.input.outcome === undefined) {
      const outcome = mine.map((p) => findOutcome(p)?.outcome).find(Boolean);
      if (outcome) s.input.outcome = outcome;
    }
  }
  return plan;
}

/** Who or what a call is about, as the message names it. */
const namesOf = (input: ToolInput): string[] => [input.contact, input.opportunity, input.company_name, input.job_title,
  [input.first_name, input.last_name].filter(Boolean).join(' '), ...(Array.isArray(input.contacts) ? input.contacts : [])]
  .filter((v): v is string => typeof v === 'string' && v.trim().length > 1).map((v) => v.toLowerCase());

/**
 * Which calls a part left over belongs to: those named in it, else in the nearest part before it
 * that names any ("Met Brian and Greg. Great chat." is about both; "Stripe moved
 * me on, next step references. Figma rejected me." keeps the references with Stripe), else the first.
 */
function ownersOf<T extends { input: ToolInput }>(part: string, text: string, calls: T[]): T[] {
  if (calls.length <= 1) return calls;
  const parts = messageParts(text);
  let at = parts.indexOf(part);
  if (at < 0) at = parts.length - 1;
  for (let i = at; i >= 0; i--) {
    const words = parts[i].toLowerCase();
    const named = calls.filter((c) => namesOf(c.input).some((n) => new RegExp(`\\b${escapeRegExp(n)}\\b`).test(words)));
    if (named.length > 0) return named;
  }
  return [calls[0]];
}
