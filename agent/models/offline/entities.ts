import { firstEmail, replaceSpans, type SpanFinder } from '../../tools/shared/text-spans.js';
import { trimEndOf, trimStartOf } from '../../tools/shared/trim.js';

/** Values that are not names or dates: emails, phones, URLs, money, stages, kinds and moods. */

// Found from each "@" (firstEmail): an expression's search rescans a long run of address
// characters with no "@" from each of them (40,000 characters took 6.9 s).
export const findEmail = (t: string): string | undefined => firstEmail(t);

/**
 * Anything address-like at or after `from` ("a@b", "x.y@z-w."), which findPhone takes out first, as
 * /(?<![\w.+\-])[\w.+\-]+@[\w\-.]+/g finds it: the whole run of address characters before an "@".
 */
const addressAt: SpanFinder = (text, from) => {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    let index = at;
    while (index > 0 && /[\w.+\-]/.test(text[index - 1])) index--;
    if (index === at || index < from) continue;
    let end = at + 1;
    while (end < text.length && /[\w\-.]/.test(text[end])) end++;
    if (end > at + 1) return { index, end };
  }
  return null;
};

export function findPhone(t: string): string | undefined {
  const m = /(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{2,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]?\d{2,4}){2,4}/.exec(replaceSpans(t, [addressAt], ' '));
  if (!m) return undefined;
  const digits = m[0].replace(/\D/g, '');
  if (digits.length < 7 || /^\d{4}-\d{2}-\d{2}$/.test(m[0])) return undefined;
  return m[0].trim();
}

const URL_AT = /^(?:https?:\/\/)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|io|dev|org|net|co|me|ai|app)(?:\/[^\s,;]*)?/i;
const isWordChar = (c: string | undefined) => c !== undefined && /\w/.test(c);

/**
 * Web addresses in order, each from the start of a run of host characters ([a-z0-9.-]), as
 * /(?<![a-z0-9.\-])\bURL/gi finds them, without the lookbehind (recheck can only fuzz one).
 */
function* urlsIn(t: string): Generator<{ index: number; 0: string }> {
  const runs = /[a-z0-9.\-]+/gi;
  for (let run = runs.exec(t); run; run = runs.exec(t)) {
    const at = run.index;
    if (at > 0 && /[a-z0-9.\-]/i.test(t[at - 1])) continue; // inside a run: after an address ended in it
    if (isWordChar(t[at - 1]) === isWordChar(t[at])) continue; // \b
    const m = URL_AT.exec(t.slice(at));
    if (!m) continue;
    yield { index: at, 0: m[0] };
    runs.lastIndex = at + m[0].length;
  }
}

export function findUrls(t: string): { linkedin?: string; twitter?: string; other?: string } {
  const out: { linkedin?: string; twitter?: string; other?: string } = {};
  for (const m of urlsIn(t)) {
    let url = trimEndOf(m[0], '.)');
    if (/@/.test(t.slice(Math.max(0, m.index - 1), m.index))) continue; // the domain of an email
    if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
    if (/linkedin\.com/i.test(url)) out.linkedin ??= url;
    else if (/(twitter|x)\.com\//i.test(url)) out.twitter ??= url;
    else if (/\//.test(url.replace(/^https?:\/\//, ''))) out.other ??= url;
  }
  return out;
}

// A salary is a range ("200-250k"), a dollar amount ("$180k–$220k", "$150,000") or thousands
// ("150k"): the leftmost of the three, the earlier on a tie, as their alternation would find it.
// Pounds and euros are said as dollars are ("£85-95k", "€70k").
const RANGE = /^[$£€]?\d[\d,.]*(?:\s*[kK])?\s*(?:-|–|—|to)\s*[$£€]?\d[\d,.]*\s*[kK]\b/;
const DOLLARS = /[$£€]\d[\d,.]*\s*[kK]?(?:\s*(?:-|–|—|to)\s*[$£€]?\d[\d,.]*\s*[kK]?)?/;
const THOUSANDS = /\b\d{2,3}\s*[kK]\b/;

/**
 * The first range, tried where each number starts (with its "$"): a range found later in a number
 * is found from its start too, and a search from each digit would rescan a long number.
 */
function rangeIn(t: string): { index: number; 0: string } | null {
  for (const run of t.matchAll(/[\d,.]+/g)) {
    const digit = run[0].search(/\d/);
    if (digit < 0) continue;
    const at = run.index + digit;
    const start = digit === 0 && /[$£€]/.test(t[at - 1] ?? '') ? at - 1 : at;
    const m = RANGE.exec(t.slice(start));
    if (m) return { index: start, 0: m[0] };
  }
  return null;
}

/** "200-250k", "$180k–$220k", "150k": kept as written, tidied. */
export function findSalary(t: string): string | undefined {
  let m: { index: number; 0: string } | null = null;
  for (const found of [rangeIn(t), DOLLARS.exec(t), THOUSANDS.exec(t)]) if (found && (!m || found.index < m.index)) m = found;
  return m ? m[0].replace(/\s+/g, '').replace(/to/i, '-') : undefined;
}

export type Stage = 'interested' | 'applied' | 'phone_screen' | 'interview' | 'final_round' | 'offer' | 'rejected' | 'withdrawn';

const STAGES: Array<[RegExp, Stage]> = [
  [/\bphone[\s\-]?screen(?:ing)?s?\b|\bscreening call\b|\brecruiter screen\b|\bintro call\b/i, 'phone_screen'],
  [/\bfinal(?:[\s\-]round)?s?\b|\blast[\s\-]round\b|\bsuper ?day\b/i, 'final_round'],
  // An onsite or a loop is an interview stage; "the final loop" is the final round (said first, found first).
  [/\binterview(?:s|ing|ed)?\b|\bonsite\b|\bon-site\b|\b(?:interview\s+)?loop\b/i, 'interview'],
  [/\boffers?\b/i, 'offer'],
  [/\breject(?:ed|ion)?\b|\b(?:it['’]?s|it is|it was|that['’]?s|got)\s+an?\s+(?:hard\s+|firm\s+|polite\s+|clear\s+)?no\b|\bturned me down\b|\bdeclined\b|\bghosted\b|\bnot moving forward\b|\bwent with (?:another|someone else|a different)\b/i, 'rejected'],
  [/\bwithdr[ae]w[n]?\b|\bwithdrawing\b|\bpull(?:ed|ing)? (?:out|myself out|my (?:application|candidacy))\b|\b(?:dropp(?:ed|ing)|back(?:ed|ing)) out\b|\b(?:turned|turning) (?:it|them|the offer) down\b/i, 'withdrawn'],
  [/\bappl(?:ied|y|ication sent)\b/i, 'applied'],
  [/\binterested\b|\bwishlist\b/i, 'interested'],
];

export function findStage(t: string): Stage | undefined {
  let best: { at: number; stage: Stage } | undefined;
  for (const [re, stage] of STAGES) {
    const m = re.exec(t);
    if (m && (!best || m.index < best.at)) best = { at: m.index, stage };
  }
  return best?.stage;
}

export const STAGE_WORDS: Record<Stage, string> = {
  interested: 'interested', applied: 'applied', phone_screen: 'phone screen', interview: 'interview',
  final_round: 'final round', offer: 'offer', rejected: 'rejected', withdrawn: 'withdrawn',
};

export function findPriority(t: string): 'high' | 'medium' | 'low' | undefined {
  const m = /\b(high|top|medium|mid|low)[\s\-]priority\b|\bpriority(?:\s+is|:)?\s+(high|medium|low)\b|\b(urgent|dream job)\b/i.exec(t);
  if (!m) return undefined;
  const w = (m[1] ?? m[2] ?? m[3]).toLowerCase();
  return w === 'high' || w === 'top' || w === 'urgent' || w === 'dream job' ? 'high' : w === 'low' ? 'low' : 'medium';
}

export type Relationship = 'recruiter' | 'hiring_manager' | 'peer' | 'mentor' | 'referral';

export function findRelationship(t: string): Relationship | undefined {
  if (/\bhiring[\s\-]manager\b/i.test(t)) return 'hiring_manager';
  if (/\b(?:tech(?:nical)?\s+)?recruiters?\b|\btalent (?:partner|acquisition)\b|\bsourcer\b/i.test(t)) return 'recruiter';
  if (/\bmentor(?:s|ing)?\b/i.test(t)) return 'mentor';
  if (/\b(?:a |my )?referral\b|\breferr(?:ed|er)\b/i.test(t)) return 'referral';
  if (/\b(?:a |my )?(?:peer|colleague|former coworker|coworker|co-worker|classmate)\b/i.test(t)) return 'peer';
  return undefined;
}

export function findStrength(t: string): 'strong' | 'medium' | 'weak' | 'new' | undefined {
  const m = /\b(strong|medium|weak|new)\s+(?:connection|tie|relationship|contact)\b|\bconnection(?:\s+strength)?(?:\s+is|\s+to|:)?\s+(strong|medium|weak|new)\b/i.exec(t);
  if (m) return (m[1] ?? m[2]).toLowerCase() as 'strong' | 'medium' | 'weak' | 'new';
  if (/\b(?:are|we're|we are|got|getting) (?:really |very |pretty )?close\b|\bclose friends?\b|\bbest friends?\b/i.test(t)) return 'strong';
  if (/\b(?:drifted apart|lost touch|barely know)\b/i.test(t)) return 'weak';
  return undefined;
}

export type Outcome = 'positive' | 'neutral' | 'negative' | 'no_response';

const OUTCOMES: Array<[RegExp, Outcome]> = [
  [/\bno (?:response|reply|answer)\b|\bno_response\b|\b(?:hasn't|has not|haven't|have not|didn't|did not|never) (?:responded|replied|answered|heard back|gotten back|got back|written back)\b|\bghosted\b|\b(?:didn'?t|did not|doesn'?t|never) pick(?:ed)? up\b|\bwent (?:straight )?to voicemail\b|\bleft a voicemail\b|\bunanswered\b|\bheard nothing\b|\bno word back\b|\bnothing (?:back|yet|so far)\b|\bno (?:reply|response|answer|word) (?:yet|so far)\b|\bstill (?:waiting|no (?:reply|response|word))\b|\b(?:crickets|radio silence|left (?:me )?on read|never (?:heard|got) back)\b/i, 'no_response'],
  [/\b(?:went|going|was|it's|its|it was) (?:not (?:so |very |too )?(?:well|great|good)|badly|poorly|terribly|awful|bad|rough)\b|\bnegative\b|\bdidn't go (?:well|great)\b|\bdisappointing\b|\bnot interested\b/i, 'negative'],
  [/\bneutral\b|\b(?:went|was) (?:ok|okay|fine|alright|so-so|meh)\b|\bso-so\b|\bmixed\b/i, 'neutral'],
  [/\b(?:went|going|was|it's|it was) (?:really |very |super |pretty )?(?:well|great|good|amazing|fantastic|excellent|awesome|smoothly|nicely)\b|\bpositive\b|\bproductive\b|\bgreat (?:call|chat|conversation|meeting)\b|\bloved\b|\bexcited\b|\breally (?:useful|helpful|good)\b|\bvery (?:useful|helpful)\b|\bsuper (?:useful|helpful)\b/i, 'positive'],
];

export function findOutcome(t: string): { outcome: Outcome; index: number; text: string } | undefined {
  for (const [re, outcome] of OUTCOMES) {
    const m = re.exec(t);
    if (m) return { outcome, index: m.index, text: m[0] };
  }
  return undefined;
}

export type InteractionKind = 'email' | 'call' | 'meeting' | 'linkedin_message' | 'coffee_chat';

const KINDS: Array<[RegExp, InteractionKind]> = [
  [/\blinked[\s\-]?in\b(?:\s+(?:message|msg|dm|note|inmail))?|\binmail\b|\bdm(?:'?d|ed)?\b/i, 'linkedin_message'],
  [/\b(?:e-?mail(?:ed|s)?|mailed|wrote (?:to )?|sent (?:\w+ )?(?:an? )?(?:e-?mail|note))\b/i, 'email'],
  [/\bcoffee(?:\s+chat)?\b|\bgrabbed (?:a )?(?:coffee|tea)\b/i, 'coffee_chat'],
  // Two expressions for one kind (the earlier wins a tie, as in their alternation): as one, recheck
  // can only judge it by fuzzing.
  [/\b(?:phone|video|zoom|quick|intro)?\s*calls?\b/i, 'call'],
  [/\b(?:on|off) the phone\b|\bcalled\b|\bphoned\b|\brang\b|\bspoke\b|\bspoken\b|\btalked\b|\bfacetimed?\b|\btexted\b|\btexts?\s+(?:from|to|with)\b/i, 'call'],
  [/\bzoom\b|\bgoogle meet\b|\bteams call\b|\bvideo chat\b|\bmeet(?:ing|ings)?\b|\bmet\b|\blunch\b|\bdinner\b|\bbreakfast\b|\bdrinks\b|\bsat down\b|\bcaught up\b|\bcatch[\s\-]up\b/i, 'meeting'],
];

/** The kind of interaction named first in `t`, with where it was named. */
export function findInteractionKind(t: string): { kind: InteractionKind; index: number; end: number } | undefined {
  let best: { kind: InteractionKind; index: number; end: number } | undefined;
  for (const [re, kind] of KINDS) {
    const m = re.exec(t);
    if (!m) continue;
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (!best || at < best.index) best = { kind, index: at, end: m.index + m[0].length };
  }
  if (best?.kind === 'call' && /\bvideo call|zoom\b/i.test(t) && !/\bphone\b/i.test(t)) best = { ...best, kind: 'meeting' };
  // "met Brian for coffee", "caught up with Ravi over coffee": the more particular word names the kind
  if (best?.kind === 'meeting' && /^(?:met|meet|meeting|caught up|catch[\s\-]up|sat down)$/i.test(t.slice(best.index, best.end).trim())) {
    const coffee = /\bcoffee(?:\s+chat)?\b/i.exec(t);
    if (coffee) best = { kind: 'coffee_chat', index: best.index, end: best.end };
  }
  return best;
}

/** "as mentor", "with python and ai": tag words, lowercase, from a tag phrase. */
export function parseTagList(phrase: string): string[] {
  return phrase
    .replace(/\b(?:a|an|the|tags?|tagged|label(?:led|ed)?)\b/gi, ' ')
    .split(/,|\band\b|&|\+|\//i)
    .map((t) => trimEndOf(trimStartOf(t.trim(), '"\'#'), '"\'.!?').trim().toLowerCase().replace(/\s+/g, '-'))
    .filter((t) => t.length > 0 && t.length <= 50);
}
