import type { ToolOutcome } from '../conversation.js';
import { findDate } from '../dates.js';
import { findInteractionKind, findOutcome, findRelationship, type InteractionKind } from '../entities.js';
import { readCompany, readName, splitName, type NameMatch } from '../names.js';
import { compact, type Plan, type PlanInput, type Step, type ToolInput } from '../plan-types.js';
import { anyPerson, contactRef } from '../references.js';
import { contactDetails } from './contact-details.js';
import { followUpClause } from './follow-ups.js';
import { stageBooked } from './job-steps.js';
import { splitTrimmed, trimEndOf } from './text.js';

// "a quick coffee with Dana", "so I called Tom": a thing done with someone, or a verb of what was done, after
// the words that may come first (read one at a time: /^(?:a\s+|quick\s+)*/ is slow to check and to run)
const LOG_ADJECTIVE = /(?:a|an|quick|great|good|nice|long)\s+/iy;
const LOGGED_THING = /(?:coffee(?:\s+chat)?|lunch|dinner|drinks|breakfast|call|phone call|video call|zoom call|meeting|zoom|chat|catch[\s\-]up|e-?mail|(?:linked[\s\-]?in\s+)?(?:dm|message|msg|note|inmail)|text|voicemail|facetime)\s+(?:with|to|from|for)\b/iy;
const LOG_LEAD = /(?:please|just|i|today\s+i|yesterday\s+i|so\s+i)\s+/iy;
const LOGGED_VERB = /(?:log|logged|record|add|note|track|save|had|have had|did|emailed|e-mailed|mailed|called|phoned|rang|met|spoke|talked|sent|grabbed|got|caught|wrote|messaged|texted|pinged|dm'?d|dmed|replied|chatted|reached out|heard|followed|went|cold)\b/iy;

/** Whether the text, after the words matched by `lead` one after another from its start, goes on with `what`. */
function startsWith(text: string, lead: RegExp, what: RegExp): boolean {
  let at = 0;
  for (lead.lastIndex = 0; lead.test(text); lead.lastIndex = at) at = lead.lastIndex;
  what.lastIndex = at;
  return what.test(text);
}
const PAST = /\b(?:had|emailed|e-mailed|called|phoned|rang|met|spoke|talked|sent|grabbed|caught up|wrote|messaged|texted|pinged|dm'?d|replied|chatted|reached out|heard back|heard from|got coffee|went for)\b/i;

const PERSON_TRIGGERS = [
  /\bwith\s+/i,
  /\b(?:emailed|e-mailed|mailed|called|phoned|rang|messaged|texted|pinged|dm'?d|dmed|met|sent|wrote(?:\s+to)?|replied\s+to|reached\s+out\s+to|spoke\s+to|talked\s+to|heard\s+(?:back\s+)?from|caught\s+up\s+with|email(?:ed)?\s+to|message\s+to|note\s+to|call\s+to|ping)\s+/i,
  /\bto\s+/i,
  // "a text from Ana", "voicemail from Sam": who it came from
  /\b(?:text|message|msg|voicemail|call|e-?mail|note|dm|inmail|reply|response|answer)s?\s+(?:back\s+)?from\s/i,
];

/** Where the notes of an interaction start: after ":" or "about …". */
function notesStart(text: string, from: number): { index: number; keep: boolean } | null {
  const tail = text.slice(from);
  const colon = /[:—–]|\s-\s/.exec(tail);
  // (only where it starts counts: "…, she said" starts at the comma)
  const about = /\b(?:about|regarding|re:?|to discuss|discussing|discussed|on the topic of|to review|to go over|to talk about|to chat about|to catch up on|for feedback on|to prep(?:are)? for|to ask about)\s|\basking (?:for|about|if|whether)\b|(?:,\s*|\s)(?:(?:she|he|they|we)(?:['’]s)?\s+(?:said|says|mentioned|told|thinks|offered|wants|asked|suggested|promised|will|would|is|was|has|can|could|might|needs|knows|gonna|going to)\b|(?:she|he|they|we)['’](?:ll|d)\s+[a-z])/i.exec(tail);
  if (colon && (!about || colon.index < about.index)) {
    let end = colon.index + colon[0].length;
    while (end < tail.length && /\s/.test(tail[end])) end++;
    return { index: from + end, keep: true };
  }
  if (about) return { index: from + about.index, keep: true };
  return null;
}

const DATE_ONLY = /^(?:(?:on|last|this|earlier)\s+)?(?:today|yesterday|this morning|this afternoon|tonight|last night|earlier today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|last week|\w+ days? ago)$/i;

/** Notes without the trailing outcome ("it went well") and date ("yesterday") clauses. */
function cleanNotes(notes: string): string {
  let parts = splitTrimmed(notes, ',');
  while (parts.length > 0) {
    const last = trimEndOf(parts[parts.length - 1], '.!').trim();
    if (!last || DATE_ONLY.test(last) || (findOutcome(last) && last.split(/\s+/).length <= 6)) parts = parts.slice(0, -1);
    else break;
  }
  let out = parts.join(', ').trim().replace(/^[,;:.\-–—\s]+/, '');
  out = out.replace(/\s(?:today|yesterday|this morning|this afternoon|last night)\s*$/i, '').replace(/[,;]\s*$/, '').trim();
  return out ? out.charAt(0).toUpperCase() + out.slice(1) : '';
}

export function isLoggingSentence(t: string): boolean {
  const said = t.trim();
  return startsWith(said, LOG_ADJECTIVE, LOGGED_THING) || startsWith(said, LOG_LEAD, LOGGED_VERB) || PAST.test(t);
}

/** "log coffee with Priya, follow up Friday", "had a call with Dana about the staff engineer role, it went well". */
export function planInteraction(input: PlanInput): Plan | null {
  const t = input.text.trim();
  let found = findInteractionKind(t);
  if (!found && /\breached out\b|\bheard (?:back )?from\b|\breplied\b/i.test(t)) found = { kind: 'email', index: 0, end: 0 };
  // "had a good chat with Felix at the meetup", "chatted with Ivy": a conversation with no medium named was a meeting
  if (!found) {
    const chat = /\bchat(?:ted|ting)?\b/i.exec(t);
    if (chat) found = { kind: 'meeting', index: chat.index, end: chat.index + chat[0].length };
  }
  if (!found || !isLoggingSentence(t)) return null;
  // a plan, or a condition ("if he hasn't replied by Friday, …"), is not something that happened
  if (/^(?:remind me|schedule|set up|plan|i need to|i should|i have to|need to|don'?t forget|if|unless|in case)\b/i.test(t)) return null;
  const kind: InteractionKind = found.kind;

  const follow = followUpClause(t, input);
  const main = follow && follow.index > 0 ? t.slice(0, follow.index) : t;

  // who
  let person: NameMatch | null = null;
  // "Dana called", "Tom Reyes emailed": a name first, then what they did
  const subject = /^[A-Z]/.test(main) ? readName(main, 0) : null;
  if (subject && !subject.pronoun && !/^(?:I|We|Just|Log|Had)$/i.test(subject.name.split(' ')[0])
    && /^\s(?:called|emailed|messaged|texted|pinged|reached out|wrote|replied|got back|dm'?d)\b/.test(main.slice(subject.end))) person = subject;
  person ??= anyPerson(main, PERSON_TRIGGERS);
  const ref = contactRef(input, person);
  if (!ref) return null;

  // notes, date, outcome
  const afterName = person && !person.pronoun ? person.end : found.end;
  const ns = notesStart(main, Math.max(afterName, 0));
  const head = ns ? main.slice(0, ns.index) : main;
  const rawNotes = ns ? main.slice(ns.index) : '';
  let notes = ns ? cleanNotes(rawNotes) : '';
  notes = notes.replace(/^(?:About|Regarding|Re:?)\s+/, (w) => w); // keep "About …" as written
  let date = findDate(head.replace(/\b(?:coffee|chat)\b/gi, ' '), input.clock, 'backward');
  if (!date && ns) {
    // "about the role on Tuesday, he didn't pick up": a date said right after the topic, ending a clause
    // (read before the notes are tidied: tidying takes a date at their end away)
    const inNotes = /(?:,\s*|\s)((?:on\s+|last\s+)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|earlier today|this morning|this afternoon|last night|\w+ days? ago|last week)(\s*(?:[,.;!]|$))/i.exec(rawNotes);
    if (inNotes) {
      date = findDate(inNotes[1], input.clock, 'backward');
      // the date and the separator before it go; what ends the clause stays
      if (date) notes = cleanNotes(rawNotes.replace(inNotes[0].slice(0, inNotes[0].length - inNotes[2].length), ''));
    }
  }
  // "mtg w/ Omar tmr at 3pm": a meeting ahead is planned, not done (a follow-up reads it)
  if (date && date.date > input.clock.today && !PAST.test(main)) return null;
  const outcome = findOutcome(main.slice(ns ? 0 : 0));
  const details = person && !person.pronoun ? contactDetails(head.slice(person.end)) : {};
  const cold = /\bcold[\s\-]?(?:emailed|email|called|call|messaged|outreach|reached|dm)/i.test(t);

  const interaction: ToolInput = compact({
    interaction_type: kind,
    interaction_date: date && date.date !== input.clock.today ? date.date : undefined,
    notes: notes || undefined,
    outcome: outcome?.outcome,
    follow_up_date: follow?.date ?? undefined,
    follow_up_reason: follow?.date ? follow.reason : undefined,
  });

  if (!person || person.pronoun) {
    return { intent: 'log_interaction', steps: [{ toolName: 'log_interaction', input: { contact: ref, ...interaction } }], subject: ref };
  }
  // "Met Brian and Greg for coffee": one interaction each.
  const others = namesAfter(main, person.end);
  const contactFields = compact({ ...details, relationship_type: details.relationship_type ?? roleBefore(main, person.index), contact_source: cold ? 'cold_outreach' : details.contact_source });
  // What the sentence says about someone ("Victor Hale from Segment") is about the last one named.
  const people = [person, ...others];
  const steps = people.flatMap((p, i) => logOrAdd(p.name, interaction, i === people.length - 1 ? contactFields : {}));
  // "Tomás from Shopify emailed to set up an intro call": the job at their company is at that stage now
  const booked = stageBooked(main);
  const from = /\b(?:from|at)\s+(?=[A-Z0-9])/.exec(main);
  const company = typeof details.company === 'string' ? details.company : from ? readCompany(main, from.index + from[0].length)?.name ?? null : null;
  if (booked && company) steps.push({ toolName: 'update_opportunity', input: { opportunity: company, status: booked } });
  return { intent: 'log_interaction', steps, subject: ref };
}

/**
 * "a call with a new recruiter, Dev Patel", "met the hiring manager Ana Ruiz": what someone is to the
 * user, said in the words (an article, at most three more) right before their name.
 */
function roleBefore(text: string, index: number): ReturnType<typeof findRelationship> {
  const words = text.slice(Math.max(0, index - 60), index).replace(/[,:\-–—]\s*$/, '').trim().split(/\s+/);
  for (let n = 1; n <= 3 && n < words.length; n++) {
    if (!/^(?:a|an|the|my|our|their|this)$/i.test(words[words.length - n - 1])) continue;
    return findRelationship(words.slice(-n).join(' '));
  }
  return undefined;
}

/** More names right after one: ", Greg and Tom", " & Greg". */
function namesAfter(text: string, from: number): NameMatch[] {
  const out: NameMatch[] = [];
  let pos = from;
  let joined = false;
  for (;;) {
    const sep = /^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:(?:his|her|their|my|our)\s+(?:\w+\s+)?(?:coworker|co-worker|colleague|friend|boss|manager|cofounder|co-founder|partner|teammate|wife|husband|recruiter|mentor)\s+)?/i.exec(text.slice(pos));
    if (!sep) break;
    const next = readName(text, pos + sep[0].length);
    if (!next || next.pronoun || !/^[A-ZÀ-Ý]/.test(next.name)) break;
    joined ||= /and|&/i.test(sep[0]);
    out.push(next);
    pos = next.end;
  }
  // "Nadia Petrova, CTO at Linear" is one person described; a list of people ends in "and".
  return joined ? out : [];
}

/**
 * Logs with the contact the tools resolve the name to (exactly, or by a close spelling). Nobody by
 * that name: add them with what the sentence says, then log. Several close: the tool's question stands.
 */
function logOrAdd(name: string, interaction: ToolInput, details: ToolInput): Step[] {
  const notFound = (done: ToolOutcome[]) => done[done.length - 1]?.error?.code === 'not_found';
  const added = (done: ToolOutcome[]) => {
    const last = done[done.length - 1];
    return last?.toolName === 'add_contact' && !last.error ? (last.output as { contact?: { id: string } }).contact?.id : undefined;
  };
  // One input object for both attempts: what later clauses add to it ("follow up Monday") holds for either.
  const log: ToolInput = { contact: name, ...interaction };
  return [
    { toolName: 'log_interaction', input: log },
    { toolName: 'add_contact', input: compact({ ...splitName(name), ...details }), when: notFound, afterError: true },
    { toolName: 'log_interaction', input: (done) => ({ ...log, contact: added(done) ?? name }), when: (done) => !!added(done) },
  ];
}

// What an interaction is called when it is spoken of again ("my last call", "the lunch").
const KIND_NOUN = '(?:phone call|video call|zoom call|call|zoom|meeting|lunch|dinner|breakfast|drinks|coffee chat|coffee|chat|catch-up|catch up|e-?mail|message|text|interaction)';
// "update my last call with Ahmed", "fix the lunch with Rosa": a verb of correcting, then which interaction
const CORRECT_LAST = new RegExp(`\\b(?:update|fix|correct|change|edit|amend)\\s+(?:my\\s+|the\\s+)?(?:last\\s+|latest\\s+|most\\s+recent\\s+)?${KIND_NOUN}\\s+(?:with|to|from)\\s+`, 'i');
// "the lunch with Rosa was actually yesterday": an interaction named first, then what it really was
const NAMED_FIRST = new RegExp(`^(?:the|my|that)\\s+(?:last\\s+)?${KIND_NOUN}\\s+(?:with|to|from)\\s+`, 'i');
const WAS_REALLY = /^\s+(?:(?:was|is|happened|went)\s+(?:actually|really|in fact)|(?:actually|really)\s+(?:was|happened|went))\b/i;

interface ListedInteraction { id: string; interaction_type?: string; notes?: string | null }

/**
 * "update my last call with Ahmed — it went well after all", "the lunch with Rosa was actually
 * yesterday, not today": an interaction already logged, corrected. Its newest of the kind named (else
 * the newest with them) is changed: the day said (the one before "not"), how it went, and what else
 * is said about it, added to its notes.
 */
export function planCorrectInteraction(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const lead = CORRECT_LAST.exec(t) ?? NAMED_FIRST.exec(t);
  if (!lead) return null;
  const person = readName(t, lead.index + lead[0].length);
  if (!person) return null;
  const rest = t.slice(person.end);
  if (lead.index === 0 && !CORRECT_LAST.test(t) && !WAS_REALLY.test(rest)) return null;
  const ref = contactRef(input, person);
  if (!ref) return null;
  const kind = findInteractionKind(lead[0])?.kind;
  const said = rest.split(/\bnot\b/i)[0];
  const date = findDate(said, input.clock, 'backward');
  const outcome = findOutcome(rest)?.outcome;
  if (!date && !outcome) return null;
  // what else is said of it ("he's sending the contract over") is kept in its notes, with how it went
  const more = outcome ? rest.replace(/^[\s,;:.\-–—]+/, '').trim() : '';
  const pick = (done: ToolOutcome[]): ListedInteraction | undefined => {
    const listed = ((done[0]?.output as { interactions?: ListedInteraction[] } | undefined)?.interactions ?? []);
    return listed.find((i) => !kind || i.interaction_type === kind) ?? listed[0];
  };
  return {
    intent: 'update_interaction',
    subject: ref,
    cues: more ? [more] : undefined,
    steps: [
      { toolName: 'list_interactions', input: { contact: ref, limit: 10 } },
      {
        toolName: 'update_interaction',
        when: (done) => !!pick(done),
        input: (done) => {
          const found = pick(done)!;
          const notes = more ? [trimEndOf(found.notes?.trim() ?? '', '.'), more.charAt(0).toUpperCase() + more.slice(1)].filter(Boolean).join('. ') : undefined;
          return compact({ interaction_id: found.id, interaction_date: date?.date, outcome, notes });
        },
      },
    ],
  };
}
