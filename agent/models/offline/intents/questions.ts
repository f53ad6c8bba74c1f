import { findInteractionKind, findStage, findRelationship, findStrength } from '../entities.js';
import { isStopWord, readCompany, readName } from '../names.js';
import { single, type Answer, type Plan, type PlanInput } from '../plan-types.js';
import { isCity } from './contact-details.js';
import { anyPerson, contactRef, nameAfter, possessiveName, pronounMention } from '../references.js';

const QUESTION_START = /^(?:(?:so|ok|okay|hey|hi|and|also|quick question)[,:]?\s+)?(?:what|what's|whats|when|when's|who|who's|whom|where|how|which|is|are|do|does|did|any|anyone|anybody|show|list|give|tell|find|search|look\s?up|pull up|get|display|view|can you (?:show|tell|list|find|remind me)|remind me (?:what|when|who)|i need to know)\b/i;

export const isQuestion = (t: string): boolean => /\?\s*$/.test(t) || QUESTION_START.test(t.trim());

const cleanQuery = (q: string): string =>
  q.replace(/[?.!]+$/g, '').replace(/^(?:the|a|an|some|any)\s+/i, '').replace(/\s+(?:stuff|things|topics?)$/i, '').trim();

/** Words for what holds notes, and for job opportunities, in search questions. */
const NOTE_WORDS = String.raw`(?:notes?|conversations?|interactions?|meetings?|calls?|e-?mails?|messages?|chats?)`;
const JOB_WORDS = String.raw`(?:jobs?|roles?|positions?|opportunit(?:y|ies)|job descriptions?|job posts?|postings?|openings?)`;
const MENTIONS = String.raw`(?:mention(?:s|ed)?|talk(?:s|ed)? about|(?:are|were|is|was) about|say(?:s)? anything about|include(?:s|d)?|involve(?:s|d)?|require(?:s|d)?|need(?:s)?|ask(?:s|ed)? for|list(?:s|ed)?|cover(?:s|ed)?|refer(?:s|red)? to)`;
const SHOW = String.raw`(?:find|show|search|pull up|get|list|give)(?: me)?(?: (?:all )?(?:my|all|the|any))?`;

type SearchKinds = Array<'interaction' | 'contact' | 'opportunity'>;
const JOBS: SearchKinds = ['opportunity'];
const NOTES: SearchKinds = ['interaction', 'contact'];

/** "who did I talk to about Kubernetes?", "find my notes about fundraising", "which jobs mention Rust?". */
export function planSearch(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const patterns: Array<[RegExp, SearchKinds?]> = [
    [/\b(?:who|anyone|anybody|someone|which (?:contacts?|people|person))\b[^?]*?\b(?:talk(?:ed)?|spoke|speak|chat(?:ted)?|discuss(?:ed)?|mention(?:ed|s)?|know(?:s)?|met|meet|work(?:s|ed|ing)?|said|brought up|told me|was into|is into|interested)\b[^?]*?\b(?:about|regarding|re|on|with|in)\s+(.+)$/i],
    [/\bwho (?:knows|mentioned|brought up|is into|was into)\s+(.+)$/i],
    [/\bwho (?:have|did|do) I (?:discuss(?:ed)?|talk(?:ed)? about|mention(?:ed)?|bring up|brought up|chat(?:ted)? about)\s+(.+?)\s+(?:with|to)\??$/i],
    [/\b(?:who|anyone|anybody|someone|somebody)\s+(?:ever\s+)?(?:mention(?:ed|s)?|bring up|brought up|talk(?:ed)? about|discuss(?:ed)?|know(?:s)? about|work(?:s|ed)? (?:on|with))\s+(.+)$/i],
    [new RegExp(String.raw`^(?:which|what|any)\s+(?:of (?:my|the)\s+)?${JOB_WORDS}\s+(?:(?:that|do|did)\s+)?${MENTIONS}\s+(.+)$`, 'i'), JOBS],
    [new RegExp(String.raw`^(?:which|what|any)\s+(?:of my\s+)?${NOTE_WORDS}\s+(?:(?:that|do|did)\s+)?${MENTIONS}\s+(.+)$`, 'i'), NOTES],
    [new RegExp(String.raw`\b${SHOW}\s+${JOB_WORDS}\s+(?:that\s+)?(?:mentioning|about|requiring|involving|${MENTIONS})\s+(.+)$`, 'i'), JOBS],
    [new RegExp(String.raw`\b${SHOW}\s+(?:${NOTE_WORDS}|anything|everything|mentions?)\s+(?:about|on|of|mentioning|regarding|related to|that mention|where I (?:talked|wrote) about)\s+(.+)$`, 'i')],
    [/\b(?:search|look)(?: through)?(?: my)?(?: notes| crm| contacts| interactions| everything)?\s+(?:for|about)\s+(.+)$/i],
    [/^search\s+(.+)$/i],
    [/\bfind (?:contacts|people|someone|anyone)\s+(?:about|on|of|mentioning|regarding|related to|that mention)\s+(.+)$/i],
    [/\bwhere did I (?:note|write|mention|hear about)\s+(.+)$/i],
    [/\bwhat (?:did|have) I (?:write|written|note|noted|jot|jotted)(?: down)? (?:about|on)\s+(.+)$/i],
    // a name is someone to look up, not a topic ("what do I know about Omar Haddad?")
    [/\b[Ww]hat (?:did|do) [Ii] (?:have|know|note) (?:about|on)\s+(?!(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\??$)(.+)$/],
  ];
  for (const [re, kinds] of patterns) {
    const m = re.exec(t);
    if (!m) continue;
    const query = cleanQuery(m[m.length - 1] ?? m[1]);
    if (!query || /^(?:him|her|them|me)$/i.test(query)) continue;
    return single('search', 'search', kinds ? { query, kinds } : { query }, { query });
  }
  return null;
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
  const asksStage = /\b(?:which|what|list|show|any|who)\b[^?]*\b(?:offers?|ghosted|interview(?:s|ing)?|rejected|rejections|phone screens?|final rounds?|withdrawn|applied|interested)\b/i.test(t) && !/\bpipeline\b/i.test(t);
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

const FIELDS: Array<[RegExp, Extract<Answer, { kind: 'field' }>['field']]> = [
  [/\be-?mail(?: address)?\b/i, 'email'],
  [/\bphone(?: number)?\b|\bnumber\b|\bcell\b|\bmobile\b/i, 'phone'],
  [/\blinked[\s\-]?in\b/i, 'linkedin_url'],
  [/\btwitter\b|\bx handle\b/i, 'twitter_url'],
  [/\bwhere (?:does|do|did) .* work\b|\bcompany\b|\bemployer\b|\bwho (?:does|do) .* work for\b/i, 'company'],
  [/\b(?:job )?title\b|\brole\b|\bposition\b|\bwhat (?:does|do) .* do\b/i, 'job_title'],
  [/\bwhere (?:does|do|is) .* (?:live|based|located)\b|\blocation\b|\bbased\b/i, 'location'],
  [/\bnotes?\b/i, 'notes'],
  [/\btags?\b/i, 'tags'],
  [/\brelationship\b/i, 'relationship_type'],
  [/\bconnection strength\b|\bhow close\b/i, 'connection_strength'],
];

const PERSON_TRIGGERS = [
  /\b(?:about|with|to|for|of|on|is|does|did|from)\s+/i,
  /\b(?:up|show|find|get|view|open|display)\s+/i,
];

/** "what's Priya's email?", "when did I last talk to Lucas?", "tell me about Kwame". */
export function planContactQuestion(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!isQuestion(t)) return null;
  // "who is in Berlin?", "who's at Stripe?": the person is the unknown, found by a field
  if (readWhoQuestion(t) === 'record' && !/^who(?:['’]s|\s+is)\s+[A-Z]/.test(t)) return null;
  // "whats danas number": a possessive typed without its apostrophe, right before the field asked for
  const bare = /\b([a-z][a-z'’\-]{2,})\s+(?:e-?mail|phone|number|cell|linked[\s\-]?in|title|company|address|location)\b/i.exec(t);
  const bareName = bare && !isStopWord(bare[1].replace(/['’]s?$/, '')) && !/^(?:what|whats|what's|where|who|the|my|his|her|their|work|home|cell|mobile)$/i.test(bare[1])
    ? readName(t.slice(0, bare.index) + bare[1].replace(/['’]s?$/, ''), bare.index) : null;
  const found = possessiveName(t) ?? anyPerson(t, PERSON_TRIGGERS) ?? bareName ?? pronounMention(t);
  // "what do I know about the Series B at Tidepool?": what follows "the" or "a" is a thing, not a person
  const person = found && !found.pronoun && /\b(?:the|a|an|this|that|these|those)\s+$/i.test(t.slice(0, found.index)) ? null : found;
  const ref = contactRef(input, person);
  if (!ref) return null;
  let answer: Answer | undefined;
  if (/\bwhen\b.*\b(?:last|most recent(?:ly)?|latest)\b|\bwhen did I (?:last )?(?:talk|speak|meet|email|call|hear|see|contact|reach|chat|message)|\blast (?:time|contact|interaction|spoke|talked)\b|\bhow long since\b/i.test(t)) {
    answer = { kind: 'last_contact' };
  } else if (/\bfollow[\s\-]?up\b|\bnext (?:touch|check)\b/i.test(t)) {
    answer = { kind: 'next_follow_up' };
  } else {
    for (const [re, field] of FIELDS) {
      if (re.test(t)) {
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
  const at = /\b(?:works?|working|work|know|contacts?|people|anyone|someone|everyone)\b[^?]*?\b(?:at|from|in)\s+/i.exec(t);
  // "in fintech" is a field of work, "in Berlin" a place: neither is a company
  const after = at ? t.slice(at.index + at[0].length) : '';
  const notCompany = !!at && /\bin\s+$/i.test(at[0]) && (!/^[A-Z]/.test(after) || isCity(after.split(/[\s?]/)[0]));
  if (at && !notCompany) {
    const company = readCompany(t, at.index + at[0].length);
    if (company && !/^(?:here|there|kith|crm|total|all|my|the)$/i.test(company.name)) return single('find_contacts', 'find_contacts', { company: company.name });
  }
  const rel = /\b(?:list|show|who are|all|my)\b/i.test(t) ? findRelationship(t) : undefined;
  if (rel && !/\btell me\b/i.test(t)) return single('find_contacts', 'find_contacts', { relationship_type: rel });
  const strength = findStrength(t);
  if (strength && /\bconnections?|contacts?\b/i.test(t)) return single('find_contacts', 'find_contacts', { connection_strength: strength });
  if (/\b(?:list|show|all|how many|who are|display)\b[^?]*\b(?:contacts|people|network|connections)\b|^(?:my |all )?contacts\b/i.test(t)) return single('find_contacts', 'find_contacts', {});
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
const WHO_SUBJECT = /^(?:(?:so|ok|okay|hey|and|also|quick question)[,:]?\s+)?(?:(?:remind me|tell me|do you know|can you tell me|any idea)\s+)?(?:(?:do|does|did|has|have|is)\s+(?:anyone|anybody|someone|somebody)|who(?:['’]s|['’]ve)?|which\s+(?:(?:of\s+)?(?:my\s+)?(?:contacts?|people|persons?|ones?|friends|connections))|anyone|anybody|someone|somebody)\s+/i;
// "which roles …", "any companies …": a question whose answer is a job not yet known.
const JOB_SUBJECT = /^(?:(?:so|ok|okay|hey|and|also)[,:]?\s+)?(?:which|what|any)\s+(?:of\s+(?:my|the)\s+)?(?:roles?|jobs?|positions?|openings?|companies|opportunit(?:y|ies)|postings?|applications?)\s+/i;
// The unknown person is the object of what I did ("who did I meet …", "who haven't I talked to …", "who do I owe …").
const OBJECT_WHO = /^(?:(?:do|did|does|have|haven['’]?t|has|hasn['’]?t|had|should|shall|can|could|would|will|am|must|need|do not|did not|have not)\s+(?:i|we)\b|(?:i|we)\b|(?:haven['’]?t|hasn['’]?t|didn['’]?t|never|not)\b|(?:need|needs|should|is due|are due|owe|owes)\b)/i;
// What links the unknown person to a field of their record: a filter.
const FIELD_LINK = /^(?:(?:work|works|worked|working)\s+(?:at|for|with)\b|(?:live|lives|lived|living|located|based|from)\b|(?:know|knows)\s+(?:at|from|in)\b|(?:has|have|had)\s+(?:no|not|never|n['’]t|without)\b|(?:has|have)\s+(?:an?\s+)?(?:e-?mail|phone|linked[\s-]?in|number|title|company|tag|follow[\s-]?up)s?\b|(?:is|are|was|were)\s+(?:in|at|from|based|near|with|my|a|an|the|our|one of)\b)/i;
const COPULA = /^(?:is|are|was|were|['’]s)\s+/i;
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
export function readWhoQuestion(text: string): 'person' | 'job' | 'record' | null {
  const t = text.trim();
  if (!isQuestion(t)) return null;
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
  if (OBJECT_WHO.test(rest)) return null;
  // "who's the founder that's raising a seed round?": a relative clause with a verb is what is asked
  if (who && /^(?:is|are|was|were)\s+(?:the|a|an|my)\s+[\w\- ]+?\s+(?:that|who|which)(?:['’]s|\s+is|\s+are|\s+was|\s+were|\s+has)?\s+[a-z]+/i.test(rest)) return asked;
  // "who works in fintech?": a field of work in lower case is a topic; "who works in Berlin?" a place
  const workIn = /^(?:work|works|worked|working)\s+in\s+(\S+)/i.exec(rest);
  if (workIn) return /^[A-Z]/.test(workIn[1]) || isCity(workIn[1]) ? 'record' : asked;
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
  return /^[a-z]+(?:ed|s)?\b/i.test(rest) && !/^(?:my|the|a|an|at|in|from|on|with|for|to|of)\b/i.test(rest) ? asked : null;
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
  const words = t.replace(/[?!.,;:"“”]/g, ' ').split(/\s+/)
    .filter((w) => w && !QUESTION_WORDS.has(w.toLowerCase().replace(/['’]s$/, '')) && !/^(?:i|you|he|she|we|they|it|that|who|there)['’](?:d|ll|re|ve|m|s)$/i.test(w));
  const topical = words.filter((w) => !JOB_KIND_WORDS.has(w.toLowerCase()));
  const query = (topical.length > 0 ? topical : words).join(' ').trim();
  if (!query) return null;
  const jobs = /\b(?:hiring|hire|recruiting|jobs?|roles?|positions?|openings?|postings?|vacanc(?:y|ies)|companies)\b/i.test(t);
  return single('search', 'search', jobs ? { query, kinds: ['opportunity', 'interaction', 'contact'] } : { query }, { query });
}

/** "what did Felix say about the reorg?", "did Hana mention the Series B?": a topic searched in one contact's notes. */
export function planPersonTopicSearch(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const m = /^(?:so\s+|and\s+)?(?:what|anything)\s+(?:did|has|have|does|do)\s+(.+?)\s+(?:say|said|mention|mentioned|tell me|told me|write|wrote|share|shared|think|thought|note|noted)\s+(?:about|on|regarding|re)\s+(.+)$/i.exec(t)
    ?? /^(?:so\s+|and\s+)?(?:did|has|does)\s+(.+?)\s+(?:ever\s+)?(?:mention(?:ed)?|say anything about|bring up|brought up|talk about|talked about|tell me about|ask about|asked about)\s+(.+)$/i.exec(t);
  if (!m) return null;
  const said = m[1].trim();
  if (/^(?:i|we|you|anyone|anybody|someone|somebody)$/i.test(said)) return null;
  const person = readName(said, 0);
  if (!person || person.end < said.length - 2) return null;
  const ref = contactRef(input, person);
  const query = cleanQuery(m[2]);
  if (!ref || !query) return null;
  return single('search', 'search', { query, contact: ref }, { query, subject: ref });
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
  const t = input.text.trim();
  const m = /\b(?:status|stage|update|news)\s+(?:of|on|for|with)\s+(?:my\s+|the\s+)?(?:(?:things|stuff|everything|it|matters)\s+(?:with|at|for)\s+)?|\bwhere (?:do|am|are) (?:I|we|things)(?:\s+(?:stand|at))?\s+(?:with|at|on)\s+(?:the\s+)?|\bhow(?:'s| is) (?:my\s+|the\s+)?(?=[A-Z])|\bwhat stage is (?:my\s+|the\s+)?/i.exec(t);
  if (!m) return null;
  const company = readCompany(t, m.index + m[0].length);
  if (!company || /^(?:application|applications|pipeline|job|search)$/i.test(company.name)) return null;
  return single('opportunity_status', 'list_opportunities', { company: company.name });
}
