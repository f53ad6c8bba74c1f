import { findInteractionKind, findStage, findRelationship, findStrength } from '../entities.js';
import { isStopWord, readCompany, readName } from '../names.js';
import { single, type Answer, type Plan, type PlanInput } from '../plan-types.js';
import { isCity } from './contact-details.js';
import { trimEndOf } from './text.js';
import { queryTerms, topicQuery } from '../../../tools/shared/query-expansion.js';
import { anyPerson, contactRef, nameAfter, possessiveName, pronounMention } from '../references.js';

const QUESTION_START = /^(?:(?:so|ok|okay|hey|hi|and|also|quick question)[,:]?\s+)?(?:what|what's|whats|when|when's|who|who's|whom|where|how|which|is|are|do|does|did|any|anyone|anybody|show|list|give|tell|find|search|look\s?up|pull up|get|display|view|can you (?:show|tell|list|find|remind me)|remind me (?:what|when|who)|i need to know)\b/i;

export const isQuestion = (t: string): boolean => /\?\s*$/.test(t) || QUESTION_START.test(t.trim());

/** The text with runs of white space made one space, so that a pattern needs no \s+ (each space is one). */
const oneSpaced = (t: string): string => t.trim().split(/\s+/).join(' ');


const VAGUE_TAIL = new Set(['stuff', 'things', 'thing', 'topic', 'topics']);
const SEARCH_SYNTAX = /"|(?:^|\s)-\S|\sor\s/i;

/**
 * What a search asks for, from the words after its verb ("Kubernetes" of "who did I talk to about
 * Kubernetes?"): without the closing punctuation, a leading article, a vague tail ("k8s stuff") and
 * the words that only frame the question (topicQuery). Search syntax (quotes, -word, or) is kept as written.
 */
function cleanQuery(q: string): string {
  const words = trimEndOf(q.trim(), '?.!').split(' ').filter(Boolean);
  if (words.length > 1 && /^(?:the|a|an|some|any)$/i.test(words[0])) words.shift();
  if (words.length > 1 && VAGUE_TAIL.has(words[words.length - 1].toLowerCase())) words.pop();
  const text = words.join(' ');
  if (SEARCH_SYNTAX.test(text)) return text;
  return topicQuery(text) || text;
}

/**
 * Where expressions match one after another, each after the last's end and with no "?" (or other
 * `stop` character) between: the last one's match, with where it ends, or null. Each expression
 * is simple (no quantified gap), so the search is linear where one expression with [^?]*? gaps is not.
 */
function inOrder(t: string, parts: RegExp[], stop = '?', from = 0, first = true): { end: number; match: RegExpExecArray } | null {
  const [head, ...rest] = parts;
  let limit = t.length;
  if (!first) {
    for (let i = from; i < t.length; i++) if (stop.includes(t[i])) { limit = i; break; }
  }
  const re = new RegExp(head.source, head.flags.includes('g') ? head.flags : `${head.flags}g`);
  const seg = t.slice(0, limit);
  re.lastIndex = from;
  for (let m = re.exec(seg); m; m = re.exec(seg)) {
    const end = m.index + m[0].length;
    if (rest.length === 0) return { end, match: m };
    const next = inOrder(t, rest, stop, end, false);
    if (next) return next;
    if (m[0].length === 0) re.lastIndex++;
  }
  return null;
}

/** Words for what holds notes, and for job opportunities, in search questions. */
const NOTE_WORDS = String.raw`(?:notes?|conversations?|interactions?|meetings?|calls?|e-?mails?|messages?|chats?)`;
const JOB_WORDS = String.raw`(?:jobs?|roles?|positions?|opportunit(?:y|ies)|job descriptions?|job posts?|postings?|openings?)`;
const MENTIONS = String.raw`(?:mention(?:s|ed)?|talk(?:s|ed)? about|(?:are|were|is|was) about|say(?:s)? anything about|include(?:s|d)?|involve(?:s|d)?|require(?:s|d)?|need(?:s)?|ask(?:s|ed)? for|list(?:s|ed)?|cover(?:s|ed)?|refer(?:s|red)? to)`;
const SHOW = String.raw`(?:find|show|search|pull up|get|list|give)(?: me)?(?: (?:all )?(?:my|all|the|any))?`;

type SearchKinds = Array<'interaction' | 'contact' | 'opportunity'>;
const JOBS: SearchKinds = ['opportunity'];
const NOTES: SearchKinds = ['interaction', 'contact'];

// "who … talked … about X": someone, a verb of telling or doing, then what it was about.
const SOMEONE = /\b(?:who|anyone|anybody|someone|which (?:contacts?|people|person))\b/i;
const TOLD = /\b(?:talk(?:ed)?|spoke|speak|chat(?:ted)?|discuss(?:ed)?|mention(?:ed|s)?|know(?:s)?|met|meet|work(?:s|ed|ing)?|said|brought up|told me|was into|is into|interested)\b/i;
const ABOUT = /\b(?:about|regarding|re|on|with|in) /i;

/**
 * The search questions that say what they are about after a fixed frame: each expression is the
 * frame, and the query is the rest of the sentence (the frame ends with the space before it).
 */
const SEARCH_FRAMES: Array<[RegExp, SearchKinds?]> = [
  [/\bwho (?:knows|mentioned|brought up|is into|was into) /i],
  [/\b(?:who|anyone|anybody|someone|somebody) (?:ever )?(?:mention(?:ed|s)?|bring up|brought up|talk(?:ed)? about|discuss(?:ed)?|know(?:s)? about|work(?:s|ed)? (?:on|with)) /i],
  [new RegExp(String.raw`^(?:which|what|any) (?:of (?:my|the) )?${JOB_WORDS} (?:(?:that|do|did) )?${MENTIONS} `, 'i'), JOBS],
  [new RegExp(String.raw`^(?:which|what|any) (?:of my )?${NOTE_WORDS} (?:(?:that|do|did) )?${MENTIONS} `, 'i'), NOTES],
  [new RegExp(String.raw`\b${SHOW} ${JOB_WORDS} (?:that )?(?:mentioning|about|requiring|involving|${MENTIONS}) `, 'i'), JOBS],
  [new RegExp(String.raw`\b${SHOW} (?:${NOTE_WORDS}|anything|everything|mentions?) (?:about|on|of|mentioning|regarding|related to|that mention|where I (?:talked|wrote) about) `, 'i')],
  [/\b(?:search|look)(?: through)?(?: my)?(?: notes| crm| contacts| interactions| everything)? (?:for|about) /i],
  [/^search /i],
  [/\bfind (?:contacts|people|someone|anyone) (?:about|on|of|mentioning|regarding|related to|that mention) /i],
  [/\bwhere did I (?:note|write|mention|hear about) /i],
  [/\bwhat (?:did|have) I (?:write|written|note|noted|jot|jotted)(?: down)? (?:about|on) /i],
];
// "who did I discuss the offsite with?": the topic sits between the verb and a closing "with" or "to".
const DISCUSSED_WITH = /\bwho (?:have|did|do) I (?:discuss(?:ed)?|talk(?:ed)? about|mention(?:ed)?|bring up|brought up|chat(?:ted)? about) /i;
// "what do I know about …": a topic, unless what follows is a name (a person to look up).
const KNOW_ABOUT = /\b[Ww]hat (?:did|do) [Ii] (?:have|know|note) (?:about|on) /;
const JUST_A_NAME = /^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\??$/;

/** The query of a framed search question: what follows its frame, or null. */
function framedQuery(t: string): { query: string; kinds?: SearchKinds } | null {
  const told = inOrder(t, [SOMEONE, TOLD, ABOUT]);
  const candidates: Array<{ rest: string; kinds?: SearchKinds }> = [];
  if (told) candidates.push({ rest: t.slice(told.end) });
  SEARCH_FRAMES.forEach(([frame, kinds], i) => {
    if (i === 1) {
      const discussed = DISCUSSED_WITH.exec(t);
      const words = discussed ? trimEndOf(t.slice(discussed.index + discussed[0].length), '?').split(' ') : [];
      if (words.length > 1 && /^(?:with|to)$/i.test(words[words.length - 1])) candidates.push({ rest: words.slice(0, -1).join(' ') });
    }
    const m = frame.exec(t);
    if (m) candidates.push({ rest: t.slice(m.index + m[0].length), kinds });
  });
  const know = KNOW_ABOUT.exec(t);
  if (know && !JUST_A_NAME.test(t.slice(know.index + know[0].length))) candidates.push({ rest: t.slice(know.index + know[0].length) });
  for (const c of candidates) {
    const query = cleanQuery(c.rest);
    if (!query || /^(?:him|her|them|me)$/i.test(query)) continue;
    return { query, kinds: c.kinds };
  }
  return null;
}

/** "who did I talk to about Kubernetes?", "find my notes about fundraising", "which jobs mention Rust?". */
export function planSearch(input: PlanInput): Plan | null {
  const t = oneSpaced(input.text);
  const found = framedQuery(t);
  if (!found) return null;
  const { query, kinds } = found;
  // the question itself goes along: search labels each hit by whether it answers it
  return single('search', 'search', kinds ? { query, kinds, question: t } : { query, question: t }, { query });
}

/** "who do I need to follow up with this week?", "any overdue follow-ups?". */
export function planListFollowUps(input: PlanInput): Plan | null {
  const t = input.text;
  if (!/\bfollow[\s\-]?ups?\b|\bfollow(?:ing)? up\b|\breach out\b|\bcheck in\b|\breminders?\b|\bping\b|\boverdue\b|\bdue\b/i.test(t)) return null;
  if (!isQuestion(t) && !/^(?:my |all )?(?:follow[\s\-]?ups|reminders)\b/i.test(t.trim()) && !/^(?:overdue|upcoming|due)\b/i.test(t.trim())) return null;
  const person = nameAfter(t, /\b(?:with|for|to)\s+/i) ?? possessiveName(t);
  if (person && !person.pronoun) return null; // about one contact: a contact question
  const window = /\boverdue|late\b|\bmissed\b|\bpast due\b|\bbehind\b|\bforgot\b/i.test(t)
    ? 'overdue'
    : /\btoday\b|\btonight\b/i.test(t)
      ? 'today'
      : /\bthis week\b|\bnext few days\b|\bcoming days\b|\bweek\b/i.test(t)
        ? 'this_week'
        : /\bupcoming\b|\bcoming up\b|\bnext\b|\bsoon\b|\blater\b|\bfuture\b|\bscheduled\b|\bplanned\b/i.test(t)
          ? 'upcoming'
          : 'due';
  return single('list_follow_ups', 'list_follow_ups', { window });
}

/** "show my pipeline", "which companies am I interviewing with?". */
export function planPipeline(input: PlanInput): Plan | null {
  const t = input.text;
  const pipelineWord = /\bpipeline\b|\bapplications?\b|\bopportunit(?:y|ies)\b|\bjob (?:search|hunt)\b|\bjobs?\b|\broles?\b|\binterview(?:s|ing)?\b|\boffers?\b|\bapplied\b|\brejected\b|\bghosted\b|\bturned me down\b|\bwhere (?:do|am) I stand\b/i;
  if (!pipelineWord.test(t)) return null;
  if (!isQuestion(t) && !/^(?:my )?(?:pipeline|opportunities|applications)\b/i.test(t.trim())) return null;
  const status = findStage(t.replace(/\b(?:application|applications|applied)\b/gi, (w) => (/\bwhere (?:have|did) I applied|\bapplied (?:to|at)\b/i.test(t) ? 'applied' : w)));
  const asksStage = !!inOrder(t, [/\b(?:which|what|list|show|any|who)\b/i, /\b(?:offers?|ghosted|interview(?:s|ing)?|rejected|rejections|phone screens?|final rounds?|withdrawn|applied|interested)\b/i]) && !/\bpipeline\b/i.test(t);
  if (asksStage && status) {
    const statuses = status === 'interview' ? ['interview', 'final_round'] : [status];
    return single('list_opportunities', 'list_opportunities', { status: statuses.length === 1 ? statuses[0] : statuses });
  }
  if (/\bactive|open\b/i.test(t) && !/\bpipeline\b/i.test(t)) return single('list_opportunities', 'list_opportunities', { active_only: true });
  return {
    intent: 'pipeline',
    steps: [
      { toolName: 'pipeline_summary', input: {} },
      {
        toolName: 'list_opportunities',
        input: { active_only: true },
        when: (done) => {
          const out = done[0]?.output as { opportunities?: unknown[] } | undefined;
          return !Array.isArray(out?.opportunities);
        },
      },
    ],
  };
}

/** "where does … work": the first expression, then the second later on the same line. */
const onOneLine = (t: string, first: RegExp, then: RegExp): boolean => !!inOrder(t, [first, then], '\n');

const FIELDS: Array<[(t: string) => boolean, Extract<Answer, { kind: 'field' }>['field']]> = [
  [(t) => /\be-?mail(?: address)?\b/i.test(t), 'email'],
  [(t) => /\bphone(?: number)?\b|\bnumber\b|\bcell\b|\bmobile\b/i.test(t), 'phone'],
  [(t) => /\blinked[\s\-]?in\b/i.test(t), 'linkedin_url'],
  [(t) => /\btwitter\b|\bx handle\b/i.test(t), 'twitter_url'],
  [(t) => /\bcompany\b|\bemployer\b/i.test(t) || onOneLine(t, /\bwhere (?:does|do|did) /i, / work\b/i) || onOneLine(t, /\bwho (?:does|do) /i, / work for\b/i), 'company'],
  [(t) => /\b(?:job )?title\b|\brole\b|\bposition\b/i.test(t) || onOneLine(t, /\bwhat (?:does|do) /i, / do\b/i), 'job_title'],
  [(t) => /\blocation\b|\bbased\b/i.test(t) || onOneLine(t, /\bwhere (?:does|do|is) /i, / (?:live|based|located)\b/i), 'location'],
  [(t) => /\bnotes?\b/i.test(t), 'notes'],
  [(t) => /\btags?\b/i.test(t), 'tags'],
  [(t) => /\brelationship\b/i.test(t), 'relationship_type'],
  [(t) => /\bconnection strength\b|\bhow close\b/i.test(t), 'connection_strength'],
];

/** "SRE", "ML", "fintech": a field of work or topic the vocabularies know, said in one word. */
const isKnownField = (word: string): boolean => {
  const w = trimEndOf(word, '?.!,');
  return !!w && queryTerms(w).some((term) => term.start === 0 && term.end === w.length);
};

const FIELD_WORD = /\b(?:e-?mail|phone|number|cell|linked[\s\-]?in|title|company|address|location)\b/gi;
const NAME_CHAR = /[a-z'’\-]/i;

/**
 * "whats danas number": the word right before a field's name (white space between), of three or
 * more letters, apostrophes and hyphens, starting with a letter at a word's start; with where it starts.
 */
function wordBeforeField(t: string): { word: string; index: number } | null {
  for (const m of t.matchAll(FIELD_WORD)) {
    let end = m.index;
    while (end > 0 && /\s/.test(t[end - 1])) end--;
    if (end === m.index) continue;
    let start = end;
    while (start > 0 && NAME_CHAR.test(t[start - 1])) start--;
    // the word starts with a letter that has no word character before it
    let at = start;
    while (at < end && !(/[a-z]/i.test(t[at]) && (at === 0 || !/\w/.test(t[at - 1])))) at++;
    if (end - at >= 3) return { word: t.slice(at, end), index: at };
  }
  return null;
}

const PERSON_TRIGGERS = [
  /\b(?:about|with|to|for|of|on|is|does|did|from)\s+/i,
  /\b(?:up|show|find|get|view|open|display)\s+/i,
  // "remind me who carla mendes is": the person right after "who" of a question told in a clause's order
  /\b(?:remind me|tell me|forgot|forget|know)(?:\s+again)?\s+who\s+/i,
];

/** "what's Priya's email?", "when did I last talk to Lucas?", "tell me about Kwame". */
export function planContactQuestion(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!isQuestion(t)) return null;
  // "who is in Berlin?", "who's at Stripe?": the person is the unknown, found by a field
  if (readWhoQuestion(t) === 'record' && !/^who(?:['’]s|\s+is)\s+[A-Z]/.test(t)) return null;
  // "whats danas number": a possessive typed without its apostrophe, right before the field asked for
  const bare = wordBeforeField(t);
  const bareName = bare && !isStopWord(bare.word.replace(/['’]s?$/, '')) && !/^(?:what|whats|what's|where|who|the|my|his|her|their|work|home|cell|mobile)$/i.test(bare.word)
    ? readName(t.slice(0, bare.index) + bare.word.replace(/['’]s?$/, ''), bare.index) : null;
  const found = possessiveName(t) ?? anyPerson(t, PERSON_TRIGGERS) ?? bareName ?? pronounMention(t);
  // "what do I know about the Series B at Tidepool?": what follows "the" or "a" is a thing, not a person
  const person = found && !found.pronoun && /\b(?:the|a|an|this|that|these|those)\s+$/i.test(t.slice(0, found.index)) ? null : found;
  const ref = contactRef(input, person);
  if (!ref) return null;
  let answer: Answer | undefined;
  if (onOneLine(t, /\bwhen\b/i, /\b(?:last|most recent(?:ly)?|latest)\b/i) || /\bwhen did I (?:last )?(?:talk|speak|meet|email|call|hear|see|contact|reach|chat|message)|\blast (?:time|contact|interaction|spoke|talked)\b|\bhow long since\b/i.test(t)) {
    answer = { kind: 'last_contact' };
  } else if (/\bfollow[\s\-]?up\b|\bnext (?:touch|check)\b/i.test(t)) {
    answer = { kind: 'next_follow_up' };
  } else {
    for (const [asks, field] of FIELDS) {
      if (asks(t)) {
        answer = { kind: 'field', field };
        break;
      }
    }
  }
  if (!answer) {
    if (!/\b(?:tell me|who is|who's|what do (?:I|we) know|info|information|details|profile|show|pull up|look ?up|find|get|open|view|display|remind me|history|about)\b/i.test(t)) return null;
    answer = { kind: 'profile' };
  }
  return single('get_contact', 'get_contact', { contact: ref }, { answer, subject: ref });
}

/** "who works at Google?", "list my recruiters", "contacts tagged mentor". */
export function planFindContacts(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!isQuestion(t) && !/^(?:my |all )?contacts\b/i.test(t)) return null;
  const tag = /\btagged(?: (?:as|with))?\s+["']?([\w\-]+)/i.exec(t) ?? /\bwith (?:the )?tag\s+["']?([\w\-]+)/i.exec(t);
  if (tag) return single('find_contacts', 'find_contacts', { tag: tag[1].toLowerCase() });
  const link = inOrder(t, [/\b(?:works?|working|work|know|contacts?|people|anyone|someone|everyone)\b/i, /\b(?:at|from|in)\s/i]);
  let from = link ? link.end : 0;
  while (link && from < t.length && /\s/.test(t[from])) from++;
  // "in fintech" is a field of work, "in Berlin" a place, "in SRE" a known field: none is a company
  const after = link ? t.slice(from) : '';
  const firstWord = after.split(/[\s?]/)[0];
  const notCompany = !!link && /^in$/i.test(link.match[0].trim()) && (!/^[A-Z]/.test(after) || isCity(firstWord) || isKnownField(firstWord));
  if (link && !notCompany) {
    const company = readCompany(t, from);
    if (company && !/^(?:here|there|kith|crm|total|all|my|the)$/i.test(company.name)) return single('find_contacts', 'find_contacts', { company: company.name });
  }
  const rel = /\b(?:list|show|who are|all|my)\b/i.test(t) ? findRelationship(t) : undefined;
  if (rel && !/\btell me\b/i.test(t)) return single('find_contacts', 'find_contacts', { relationship_type: rel });
  const strength = findStrength(t);
  if (strength && /\bconnections?|contacts?\b/i.test(t)) return single('find_contacts', 'find_contacts', { connection_strength: strength });
  if (inOrder(t, [/\b(?:list|show|all|how many|who are|display)\b/i, /\b(?:contacts|people|network|connections)\b/i]) || /^(?:my |all )?contacts\b/i.test(t)) return single('find_contacts', 'find_contacts', {});
  return null;
}

/** "what happened recently?", "show my dashboard". */
export function planOverview(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (/\b(?:recent )?activit(?:y|ies)\b|\bwhat (?:have I|did I) (?:done|do)\b|\bwhat happened\b|\bactivity log\b|\bchangelog\b/i.test(t)) {
    return single('list_activities', 'list_activities', { limit: 10 });
  }
  if (/\bdashboard\b|\boverview\b|\bsummary\b|\bstats\b|\bhow am I doing\b|\bwhere (?:do|am) I stand\b|\bwhat'?s (?:up|new|going on)\b|\bwhat should I do\b|\bbrief me\b/i.test(t)) {
    return single('dashboard_summary', 'dashboard_summary', {});
  }
  return null;
}

/** "show my history with Priya". */
export function planHistory(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!/\b(?:history|interactions|timeline|conversations|touchpoints|log)\b/i.test(t) || !isQuestion(t)) return null;
  const person = nameAfter(t, /\b(?:with|for|of)\s+/i) ?? possessiveName(t);
  const ref = contactRef(input, person);
  if (!ref) return null;
  return single('list_interactions', 'list_interactions', { contact: ref, limit: 20 }, { subject: ref });
}

const QUESTION_WORDS = new Set(`who whom whose what which where when why how is are was were do does did have has had can could would should will
any anyone anybody someone somebody me my i i'm im i've ive you your the a an of to in on at for with about from by that this these those
there it its they them their he she his her him contact contacts person people jobs job role roles company companies now currently
still ever recently lately mentioned mention mentions said say says told tell talked talk asked ask know knows show list find search
get give all some kind sort lot much well really anything something`.split(/\s+/));

// "who …", "which contact …", "did anyone …": a question whose answer is a person not yet known.
// "which founder …", "do I know anyone …", "is there anyone …" ask for a person as well.
const WHO_SUBJECT = /^(?:(?:so|ok|okay|hey|and|also|quick question)[,:]?\s+)?(?:(?:remind me|tell me|do you know|can you tell me|any idea)\s+)?(?:(?:do|does|did|has|have|is)\s+(?:anyone|anybody|someone|somebody)|(?:do|did) (?:i|we) know (?:anyone|anybody|someone|somebody|any (?:contacts?|people|one))(?: (?:who|that))?|is there (?:anyone|anybody|someone|somebody)(?: (?:who|that))?|who(?:['’]s|['’]ve)?|which\s+(?:(?:of\s+)?(?:my\s+)?(?:contacts?|people|persons?|ones?|friends|connections|founders?|recruiters?|engineers?|investors?|colleagues?|managers?|designers?|developers?|mentors?|folks|peers?|ex-colleagues?|friends?|guys?|women|men|candidates?|ceos?|ctos?))|anyone|anybody|someone|somebody)\s+/i;
// "which roles …", "any companies …": a question whose answer is a job not yet known.
const JOB_SUBJECT = /^(?:(?:so|ok|okay|hey|and|also)[,:]?\s+)?(?:which|what|any)\s+(?:of\s+(?:my|the)\s+)?(?:roles?|jobs?|positions?|openings?|companies|opportunit(?:y|ies)|postings?|applications?)\s+/i;
// The unknown person is the object of what I did ("who did I meet …", "who haven't I talked to …", "who do I owe …").
const OBJECT_WHO = /^(?:(?:do|did|does|have|haven['’]?t|has|hasn['’]?t|had|should|shall|can|could|would|will|am|must|need|do not|did not|have not)\s+(?:i|we)\b|(?:i|we)\b|(?:haven['’]?t|hasn['’]?t|didn['’]?t|never|not)\b|(?:need|needs|should|is due|are due|owe|owes)\b)/i;
// What links the unknown person to a field of their record: a filter.
const FIELD_LINK = /^(?:(?:work|works|worked|working)\s+(?:at|for|with)\b|(?:live|lives|lived|living|located|based|from)\b|(?:know|knows)\s+(?:at|from|in)\b|(?:has|have|had)\s+(?:no|not|never|n['’]t|without)\b|(?:has|have)\s+(?:an?\s+)?(?:e-?mail|phone|linked[\s-]?in|number|title|company|tag|follow[\s-]?up)s?\b|(?:is|are|was|were)\s+(?:in|at|from|based|near|with|my|a|an|the|our|one of)\b)/i;
const COPULA = /^(?:is|are|was|were|['’]s)\s+/i;
const WHOSE = /^(?:(?:so|ok|okay|hey|and|also)[,:]?\s+)?whose\s+/i;
const CONTACT_DETAIL = /^(?:e-?mail|phone|number|cell|mobile|linked[\s-]?in|twitter|handle|address|name|birthday)\b/i;
// After "who is": a name, "my contact at …", "a designer", "going cold" are about records; an action or an interest is a topic.
const COPULA_TOPIC = /^(?!going\b|coming\b|due\b)(?:[a-z]+ing\b|(?:interested|into|excited|keen|passionate|curious|worried|thinking|open)\b)/;

/**
 * "who is hiring Rust engineers?", "who asked me about angel investors?", "which contact mentioned
 * raising a Series B?", "which roles offer visa sponsorship?": the person or job asked for is the
 * unknown, and what they did or said is a topic of the notes and job descriptions ('person', 'job':
 * a search). "who works at Google?", "who is in Berlin?", "who's my contact at Klarna": the verb
 * links the person to a field of their record ('record': a filter, never a search). Otherwise null:
 * a stage, a period, what I did, or not such a question.
 */
/** Getting back in touch, said as something due: "supposed to reach out", "need to follow up", "should ping". */
const DUE_TOUCH = /\b(?:supposed to|need to|needs to|should|have to|ought to|gotta|meant to|due to)\s+(?:follow[\s\-]?up|reach out|check in|ping|nudge|contact|get back to|touch base|circle back|chase)\b/i;

export function readWhoQuestion(text: string): 'person' | 'job' | 'record' | null {
  const t = text.trim();
  if (!isQuestion(t)) return null;
  // "whose employer is getting bought out?": the owner is the unknown person and what is said of
  // their thing a topic; "whose email is …" looks a record up by a field (left to the other readers)
  const whose = WHOSE.exec(t);
  if (whose) return CONTACT_DETAIL.test(t.slice(whose[0].length)) ? null : 'person';
  const who = WHO_SUBJECT.exec(t);
  const jobs = who ? null : JOB_SUBJECT.exec(t);
  const m = who ?? jobs;
  if (!m) return null;
  const asked = who ? 'person' : 'job';
  let rest = t.slice(m[0].length).replace(/^(?:ever|else|here|still|already|just|actually|recently|also)\s+/i, '');
  if (/['’]s$/i.test(m[0].trim())) rest = `is ${rest}`;
  // "anyone I know who's into climbing?": what the relative clause says is the question
  const relative = /^(?:(?:i|we)\s+(?:know|knew|met|have met|have)|in my (?:network|contacts|crm))\s+(?:who|that)(['’]s\b|\s+is\b|\s+are\b)?\s*/i.exec(rest);
  if (relative) rest = `${relative[1] ? 'is ' : ''}${rest.slice(relative[0].length)}`;
  // "remind me who carla mendes is", "tell me who Omar works for": who someone is, asked in a clause's order, is a lookup
  if (who && /^(?:remind me|tell me|do you know|can you remind me|can you tell me|i forgot|i forget)\s/i.test(t) && /^\S+(?:\s+\S+){0,3}\s+(?:is|was|works (?:for|at)|works|does)(?:\s+again)?\W*$/i.test(rest)) return null;
  // "anyone I'm supposed to reach out to today?", "who do I need to ping?": who is due a follow-up is a list
  if (who && DUE_TOUCH.test(rest)) return null;
  // "which role needs Go?": what a job needs is a topic of its description ("who needs a follow-up" is a list)
  if (OBJECT_WHO.test(rest) && (who || !/^needs?\b/i.test(rest))) return null;
  // "who's the founder that's raising a seed round?": a relative clause with a verb is what is asked
  if (who && relativeClauseAsked(rest)) return asked;
  // "who works in fintech?": a field of work in lower case is a topic; "who works in Berlin?" a place
  const workIn = /^(?:work|works|worked|working)\s+in\s+(\S+)/i.exec(rest);
  if (workIn) return /^[A-Z]/.test(workIn[1]) || isCity(workIn[1]) ? 'record' : asked;
  // "which job is in healthcare?": a field of work in lower case (or one the vocabularies know) is a topic, a place a field of the record
  const jobIn = who ? null : /^(?:is|are)\s+in\s+(\S+)/i.exec(rest);
  if (jobIn && !findStage(rest) && !isCity(jobIn[1]) && (!/^[A-Z]/.test(jobIn[1]) || isKnownField(jobIn[1]))) return asked;
  if (FIELD_LINK.test(rest)) return who ? 'record' : null;
  // "who rejected me?" asks for a stage; "which roles offer visa sponsorship?" uses a stage word as a verb
  const stage = findStage(rest);
  const stageDone = /^(?:(?:has|have|had|is|are|was|were)\s+)?(?:rejected|ghosted|declined|interview(?:ed|ing)|screened|turned me down|passed on me|(?:offered|gave|made|extended|sent)\s+me\s+(?:an?\s+)?offer|moved me)\b/i.test(rest);
  // the stage of a job is a field of its record
  if (stage && stage !== 'interested' && (who ? stageDone : /\bme\b|\b(?:offers|interviews|rejections|phone screens|final rounds)\b/i.test(rest))) return who ? 'record' : null;
  // "who emailed me last week?" lists interactions; "who emailed me about the offsite?" searches them
  if ((findInteractionKind(rest) || PERIOD.test(rest)) && !TOPIC_SAID.test(rest)) return null;
  const copula = COPULA.exec(rest);
  // "which roles are remote?" is a state of the record; "who is raising money?" an action
  // "which of my contacts are founders?" names a field; "who is Omar Haddad?" a person to look up
  if (copula) {
    const complement = rest.slice(copula[0].length);
    if (!who) return null;
    return COPULA_TOPIC.test(complement) ? asked : /^[A-Z]/.test(complement) ? null : 'record';
  }
  // a verb of its own: "asked", "mentioned", "recommended", "has kids", "knows Postgres"
  if (!who && /^(?:in|at|near|with|around)\s+[A-Z]/.test(rest)) return asked;
  // "anyone in SRE?", "anyone in fintech?": a field of work (a place or a company is a field of the record)
  const inField = /^(?:in|into)\s+(\S+)/i.exec(rest);
  if (who && inField) return !/^[A-Z]/.test(inField[1]) || (isKnownField(inField[1]) && !isCity(inField[1])) ? asked : 'record';
  return /^[a-z]+(?:ed|s)?\b/i.test(rest) && !/^(?:my|the|a|an|at|in|from|on|with|for|to|of)\b/i.test(rest) ? asked : null;
}

/**
 * "is the founder that's raising a seed round": a copula, an article, a noun phrase (words of
 * letters, digits and hyphens), then that/who/which and a word: a relative clause with a verb.
 */
function relativeClauseAsked(rest: string): boolean {
  const w = rest.split(/\s+/).filter(Boolean);
  if (w.length < 5 || !/^(?:is|are|was|were)$/i.test(w[0]) || !/^(?:the|a|an|my)$/i.test(w[1])) return false;
  for (let j = 3; j < w.length - 1; j++) {
    if (!/^[\w\-]+$/.test(w[j - 1])) return false;
    if (/^(?:that|who|which)(?:['’]s)?$/i.test(w[j]) && /^[a-z]/i.test(w[j + 1])) return true;
  }
  return false;
}

const PERIOD = /\b(?:today|yesterday|tonight|tomorrow|(?:last|this|past|next)\s+(?:week|month|year|night|morning|few days))\b/i;
const TOPIC_SAID = /\b(?:about|regarding|re|on the topic of)\b/i;

/** The topic question of readWhoQuestion: the unknown is a person or a job and the rest is a topic. */
export function asksWhoAboutTopic(text: string): 'person' | 'job' | null {
  const read = readWhoQuestion(text);
  return read === 'record' ? null : read;
}

// Words that say which records are asked for (an opening is a job), not what they are about.
const JOB_KIND_WORDS = new Set('hiring hire hires hired recruiting opening openings vacancy vacancies'.split(' '));

/** A question about a topic that names no contact, stage or list: search for its words. */
export function planTopicSearch(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!isQuestion(t)) return null;
  // "who did I email last week?", "what jobs did I apply to last month?": a list of a period, not a topic
  if (PERIOD.test(t) && (findInteractionKind(t) || /\bappl(?:y|ied|ication)/i.test(t)) && !TOPIC_SAID.test(t)) return null;
  // the question's topic (its known terms as written, without the words that frame it), then this list's own framing words
  const words = topicQuery(t).split(' ')
    .filter((w) => w && !QUESTION_WORDS.has(w.toLowerCase().replace(/['’]s$/, '')) && !/^(?:i|you|he|she|we|they|it|that|who|there)['’](?:d|ll|re|ve|m|s)$/i.test(w));
  const topical = words.filter((w) => !JOB_KIND_WORDS.has(w.toLowerCase()));
  const query = (topical.length > 0 ? topical : words).join(' ').trim();
  if (!query) return null;
  const jobs = /\b(?:hiring|hire|recruiting|jobs?|roles?|positions?|openings?|postings?|vacanc(?:y|ies)|companies)\b/i.test(t);
  return single('search', 'search', jobs ? { query, kinds: ['opportunity', 'interaction', 'contact'], question: t } : { query, question: t }, { query });
}

// "what did <someone> say about <topic>", "did <someone> ever mention <topic>": the frame, then who, a verb of saying, and the topic.
const WHAT_DID = /^(?:(?:so|and) )?(?:what|anything) (?:did|has|have|does|do) /i;
const SAID_ABOUT = / (?:say|said|mention|mentioned|tell me|told me|write|wrote|share|shared|think|thought|note|noted) (?:about|on|regarding|re) /i;
const DID = /^(?:(?:so|and) )?(?:did|has|does) /i;
const EVER_MENTIONED = / (?:ever )?(?:mention(?:ed)?|say anything about|bring up|brought up|talk about|talked about|tell me about|ask about|asked about) /i;

/** Who said it and what about, of "what did Felix say about the reorg?" (the first verb of saying after the name ends the name). */
function personSaid(t: string): [string, string] | null {
  for (const [frame, verb] of [[WHAT_DID, SAID_ABOUT], [DID, EVER_MENTIONED]] as const) {
    const f = frame.exec(t);
    if (!f) continue;
    const rest = t.slice(f[0].length);
    const v = verb.exec(rest);
    if (v && v.index > 0 && rest.length > v.index + v[0].length) return [rest.slice(0, v.index), rest.slice(v.index + v[0].length)];
  }
  return null;
}

/** "what did Felix say about the reorg?", "did Hana mention the Series B?": a topic searched in one contact's notes. */
export function planPersonTopicSearch(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const m = personSaid(oneSpaced(t));
  if (!m) return null;
  const said = m[0].trim();
  if (/^(?:i|we|you|anyone|anybody|someone|somebody)$/i.test(said)) return null;
  const person = readName(said, 0);
  if (!person || person.end < said.length - 2) return null;
  const ref = contactRef(input, person);
  const query = cleanQuery(m[1]);
  if (!ref || !query) return null;
  return single('search', 'search', { query, contact: ref, question: t }, { query, subject: ref });
}

/**
 * A question whose words are a topic of the notes rather than a field, stage or list: who did or
 * said something (asksWhoAboutTopic), or what a named person said about something.
 */
export function planTopicQuestion(input: PlanInput): Plan | null {
  if (!isQuestion(input.text)) return null;
  const person = planPersonTopicSearch(input);
  if (person) return person;
  // "what do I know about the Series B at Tidepool?": asked for notes, about a thing (no person takes "the")
  const explicit = planSearch(input);
  if (explicit?.query) {
    const at = input.text.toLowerCase().lastIndexOf(explicit.query.toLowerCase());
    if (at > 0 && /\b(?:about|regarding|re|on|mention(?:s|ed|ing)?|for)\s+(?:the|a|an|my|our|their|this|that)\s+$/i.test(input.text.slice(0, at))) return explicit;
  }
  const asked = asksWhoAboutTopic(input.text);
  if (!asked) return null;
  const plan = planSearch(input) ?? planTopicSearch(input);
  const step = plan?.steps[0]?.input;
  if (plan && asked === 'job' && step && typeof step === 'object') step.kinds = ['opportunity'];
  return plan;
}

/** "What's the status of my Figma application?", "where do I stand with Stripe?". */
export function planOpportunityStatus(input: PlanInput): Plan | null {
  const t = oneSpaced(input.text);
  const m = /\b(?:status|stage|update|news) (?:of|on|for|with) (?:my |the )?(?:(?:things|stuff|everything|it|matters) (?:with|at|for) )?|\bwhere (?:do|am|are) (?:I|we|things)(?: (?:stand|at))? (?:with|at|on) (?:the )?|\bhow(?:'s| is) (?:my |the )?(?=[A-Z])|\bwhat stage is (?:my |the )?/i.exec(t);
  if (!m) return null;
  const company = readCompany(t, m.index + m[0].length);
  if (!company || /^(?:application|applications|pipeline|job|search)$/i.test(company.name)) return null;
  return single('opportunity_status', 'list_opportunities', { company: company.name });
}
