import type { Conversation, ToolOutcome } from './conversation.js';
import { findOutcome } from './entities.js';
import { planAddContact, planAddContacts, planDeleteOrMerge, planNote, planTags, planUpdateContact } from './intents/contacts.js';
import { planCompleteFollowUp, planScheduleFollowUp, planSnooze } from './intents/follow-ups.js';
import { planInteraction } from './intents/interactions.js';
import { planAddOpportunities, planAddOpportunity, planDeleteOpportunity, planOpportunityUpdate } from './intents/opportunities.js';
import { planContactFilters } from './intents/contact-filters.js';
import { planContactForm } from './intents/contact-form.js';
import { planActivityInPeriod, planAgenda, planBrief, planGoingCold } from './intents/overviews.js';
import { planCompleteTask, planListTasks, planTask } from './intents/tasks.js';
import {
  isQuestion, planContactQuestion, planFindContacts, planHistory, planListFollowUps, planOpportunityStatus, planOverview, planPipeline, planSearch,
  planTopicQuestion, planTopicSearch, readWhoQuestion,
} from './intents/questions.js';
import { anyPerson, contactRef, possessiveName } from './references.js';
import { findDate } from './dates.js';
import { readName, splitName } from './names.js';
import { contactDetails } from './intents/contact-details.js';
import { planUndo } from './intents/undo.js';
import { planAutomation } from './intents/automations.js';
import { compact, single, type Plan, type PlanInput, type Step, type ToolInput } from './plan-types.js';
import { findImpossibleDate } from './dates.js';
import { findUrls } from './entities.js';
import { keepEveryPart, withoutHeading } from './coverage.js';
import { normalizeMessage } from './normalize.js';
import { planJobNextStepQuestion } from './intents/job-steps.js';
import { asksForNumber, choicesText } from '../../tools/shared/choices.js';
import { addDays } from '../../tools/shared/user-dates.js';
import { isLoggingSentence, planCorrectInteraction } from './intents/interactions.js';
import { jobPointedAt, nextStepSaid } from './intents/opportunities.js';

export const HELP_TEXT =
  "I can keep your CRM up to date. Try: \"add Marcus Chen, recruiter at Google\", \"log coffee with Priya, follow up Friday\", " +
  "\"remind me to follow up with Tom in two weeks\", \"applied to Backend Engineer at Stripe\", \"I got an offer from Acme\", " +
  "\"tag Priya as mentor\", \"what's Priya's email?\", \"who do I need to follow up with this week?\", \"show my pipeline\" " +
  'or "who did I talk to about Kubernetes?".';

type Planner = (input: PlanInput) => Plan | null;

const QUESTION_PLANNERS: Planner[] = [
  planAutomation, planJobNextStepQuestion, planTopicQuestion, planSearch, planListFollowUps, planActivityInPeriod, planHistory, planContactFilters, planFindContacts, planOpportunityStatus,
  (i) => (possessiveName(i.text) && !/\bpipeline\b/i.test(i.text) ? null : planPipeline(i)),
  planContactQuestion, planOverview, planPipeline,
];

const ACTION_PLANNERS: Planner[] = [
  planAutomation, planUndo, planContactForm, planNote, planDeleteOpportunity, planDeleteOrMerge, planTags, planCompleteFollowUp, planSnooze,
  planOpportunityUpdate, planAddOpportunity, planAddContacts, planAddContact, planCorrectInteraction, planInteraction, planScheduleFollowUp, planUpdateContact,
];

const helpPlan: Planner = () => ({ intent: 'help', steps: [], text: HELP_TEXT });

/**
 * The slot readers of each intent the classifier can choose (intents/examples/<intent>.txt). The
 * classifier decides what is meant; these read who, what and when out of the words.
 */
export const INTENT_PLANNERS: Record<string, Planner[]> = {
  add_contact: [planContactForm, planAddContacts, planAddContact],
  log_interaction: [planCorrectInteraction, planInteraction],
  update_interaction: [planCorrectInteraction],
  schedule_follow_up: [planScheduleFollowUp, planTask],
  create_task: [planTask, planScheduleFollowUp],
  complete_follow_up: [planCompleteTask, planCompleteFollowUp],
  snooze_follow_up: [planSnooze],
  list_follow_ups: [planListTasks, planListFollowUps],
  agenda: [planJobNextStepQuestion, planListTasks, planAgenda],
  going_cold: [planGoingCold],
  brief: [planBrief],
  contact_question: [planContactQuestion],
  find_contacts: [planContactFilters, planFindContacts],
  search: [planTopicQuestion, planSearch, planTopicSearch],
  history: [planActivityInPeriod, planHistory],
  add_opportunity: [planAddOpportunities, planAddOpportunity],
  update_opportunity: [planOpportunityUpdate],
  pipeline: [planActivityInPeriod, planJobNextStepQuestion, planOpportunityStatus, planPipeline],
  update_contact: [planUpdateContact],
  note: [planNote],
  tag: [planTags],
  delete_contact: [planDeleteOrMerge],
  delete_opportunity: [planDeleteOpportunity],
  overview: [planOverview],
  help: [helpPlan],
  undo: [planUndo],
  automation: [planAutomation],
};

/** What each intent is, in the words of a question back ("Did you mean: 1. log an interaction …"). */
export const INTENT_LABELS: Record<string, string> = {
  add_contact: 'add a new contact', create_task: 'create a task', log_interaction: 'log an interaction', schedule_follow_up: 'set a follow-up reminder',
  complete_follow_up: 'mark a follow-up as done', snooze_follow_up: 'snooze a follow-up', list_follow_ups: 'list your follow-ups',
  agenda: "show this week's agenda", going_cold: 'list contacts going cold', brief: 'brief you on a contact',
  contact_question: 'look up a contact', find_contacts: 'list matching contacts', search: 'search your notes and jobs',
  history: 'list interactions', update_interaction: 'correct a logged interaction', add_opportunity: 'add a job to your pipeline', update_opportunity: 'update a job application',
  pipeline: 'show your pipeline', update_contact: "change a contact's details", note: 'add a note to a contact', tag: 'tag contacts',
  delete_contact: 'delete or merge contacts', delete_opportunity: 'delete a job opportunity', overview: 'show your dashboard',
  help: 'show what I can do', undo: 'undo the last change', automation: 'switch an automation rule on or off',
};

const usable = (plan: Plan | null): plan is Plan => !!plan && (plan.steps.length > 0 || plan.intent === 'follow_up_only' || plan.text !== undefined);

function planWith(intent: string, clause: PlanInput): Plan | null {
  for (const planner of INTENT_PLANNERS[intent] ?? []) {
    const plan = planner(clause);
    if (usable(plan)) return plan;
  }
  return null;
}

/** Below this the best intent is only a guess. */
const MIN_SCORE = 0.05;
/** Below this nothing Kith does is near: the help text, not a question back. */
const NOTHING_CLOSE = 0.1;
/** Two readings this close, and neither sure, are worth a question back. */
const CLOSE = 0.04;
const SURE = 0.55;

/** Getting back in touch with someone: what a follow-up is. */
const TOUCH_AGAIN = /\b(?:follow(?:ing)?[\s\-]?up|check(?:ing)? (?:in|back)|reach(?:ing)? out|touch(?:ing)? base|circle back|reconnect|get back to|ping|nudge|chase)\b/i;

/** Intents that only read: a sentence telling what happened is never one of them. */
const READ_INTENTS = new Set(['contact_question', 'find_contacts', 'search', 'history', 'pipeline', 'list_follow_ups', 'agenda', 'going_cold', 'brief', 'overview', 'help']);
const READ_TOOLS = new Set(['find_contacts', 'get_contact', 'search', 'list_interactions', 'list_opportunities', 'pipeline_summary', 'list_follow_ups', 'agenda', 'list_tasks', 'dashboard_summary', 'list_activities', 'list_automation_rules']);
/** A request to be shown or told something, said without a question mark ("show me …", "list …"). */
const ASKS = /^(?:(?:can|could) you\s+)?(?:show|list|find|search|look up|give me|tell me|who|what|which|how|when|where|any|prep|brief|pull up|get me)\b/i;
const readOnly = (plan: Plan): boolean => plan.steps.length > 0 && plan.steps.every((s) => READ_TOOLS.has(s.toolName));

/** "Coffee with Mei Lin yesterday, she's …", "Log a call with Priya …": a report of what happened, not a question. */
const tellsWhatHappened = (text: string): boolean => !isQuestion(text) && !/^(?:prep|prepare|brief|remind me (?:who|what|when|about))\b/i.test(text) && isLoggingSentence(text);

/**
 * `text` without each "please" (plz, pls, kindly) that a colon, comma, ".", "!", "?" or the end
 * follows, and the whitespace before it: what replacing \s+(?:please|plz|pls|kindly)(?=\s*(?:[:,!.?]|$))
 * did, read over the words (that search rescans a long run of spaces from each of them).
 */
function withoutPlease(text: string): string {
  const parts = text.split(/(\s+)/); // words and the whitespace between them, alternately
  for (let k = 2; k < parts.length; k += 2) {
    const please = /^(?:please|plz|pls|kindly)/i.exec(parts[k]);
    if (!please) continue;
    const rest = parts[k].slice(please[0].length);
    const next = rest || (k + 2 < parts.length ? parts[k + 2] : '');
    if (next !== '' && !/^[:,!.?]/.test(next)) continue;
    parts[k - 1] = '';
    parts[k] = rest;
  }
  return parts.join('');
}

/**
 * "a startup called Tidepool" names it: no call was made. "called" and the whitespace after it
 * become "named " when one to four words after "a", "an" or "some" and before a capital, a digit or
 * a quote: what replacing \b((?:a|an|some)\s+(?:[\w\-]+\s+){0,3}?)called\s+(?=[A-Z0-9"'“]) with
 * "$1named " did, read over the words.
 */
function namedNotCalled(text: string): string {
  const parts = text.split(/(\s+)/); // words and the whitespace between them, alternately
  for (let k = 0; k + 2 < parts.length; k += 2) {
    if (!/\b(?:a|an|some)$/.test(parts[k])) continue;
    for (let w = k + 2; w <= k + 8 && w + 2 < parts.length; w += 2) {
      if (parts[w] === 'called' && /^[A-Z0-9"'“]/.test(parts[w + 2])) {
        parts[w] = 'named';
        parts[w + 1] = ' ';
        k = w; // the search goes on after it
        break;
      }
      if (!/^[\w\-]+$/.test(parts[w])) break;
    }
  }
  return parts.join('');
}

/** A clause's reading: the best intent whose slots can be read, and the runner-up when it is close. */
export function readClause(input: PlanInput): { plan: Plan | null; alternatives: Array<{ intent: string; plan: Plan }> } {
  // Greetings at the start and "please" beside a colon or at the end carry nothing to read ("New contact pls: Hana …").
  // "a startup called Tidepool" names it: no call was made.
  const text = namedNotCalled(withoutPlease(input.text.trim().replace(/^(?:hey|hi|ok|okay|so|also|and|kith|please)[,!]?\s+/i, '')));
  if (!text) return { plan: null, alternatives: [] };
  const clause = { ...input, text };
  if (input.force) return { plan: planWith(input.force, clause), alternatives: [] };
  // "remind me to follow up 5 days after I apply": a standing rule, whatever one-off request it resembles (its reader is strict).
  const standing = planAutomation(clause);
  if (standing) return { plan: standing, alternatives: [] };
  // "who asked me about angel investors?": the person is the unknown and the rest a topic of the notes, whatever it resembles.
  const topic = planTopicQuestion(clause);
  if (topic) return { plan: topic, alternatives: [] };
  // "who is in Berlin?", "who works at Google?": a field of the record is asked for, so not a search of notes
  const record = readWhoQuestion(text) === 'record';
  const ranking = input.rank?.(input.text.trim()) ?? input.rank?.(text);
  if (!ranking) {
    const order = isQuestion(text) ? [...QUESTION_PLANNERS, ...ACTION_PLANNERS] : [...ACTION_PLANNERS, ...QUESTION_PLANNERS];
    for (const planner of order) {
      const plan = planner(clause);
      if (plan && (plan.steps.length > 0 || plan.intent === 'follow_up_only')) return { plan, alternatives: [] };
    }
    return { plan: null, alternatives: [] };
  }
  const top = ranking[0]?.score ?? 0;
  if (top < NOTHING_CLOSE) return { plan: null, alternatives: [] };
  const readings: Array<{ intent: string; score: number; plan: Plan }> = [];
  const statement = tellsWhatHappened(text);
  const question = isQuestion(text);
  for (const r of ranking.slice(0, 6)) {
    if (r.score < MIN_SCORE || r.score < top * 0.45) break;
    if (statement && READ_INTENTS.has(r.intent)) continue;
    if (record && (r.intent === 'search' || r.intent === 'contact_question')) continue;
    const plan = planWith(r.intent, clause);
    if (plan) readings.push({ intent: r.intent, score: r.score, plan });
    if (readings.length === 3) break;
  }
  // "Rosa and I haven't spoken in ages, I'd downgrade her to weak": a request that asks nothing is a change when one reads.
  if (!question && readings.length > 0 && readOnly(readings[0].plan)) {
    let change = readings.findIndex((r) => !readOnly(r.plan));
    if (change < 0 && !ASKS.test(text)) {
      // The change may rank lower than the readings looked at: the slot readers of a change are
      // strict (a person and a value), so one that reads at all is what a statement asks for.
      const later = ranking.slice(6).filter((r) => r.score >= MIN_SCORE && r.score >= top * 0.45 && !READ_INTENTS.has(r.intent))
        .map((r) => ({ intent: r.intent, score: r.score, plan: planWith(r.intent, clause) }))
        .find((r): r is { intent: string; score: number; plan: Plan } => !!r.plan && !readOnly(r.plan));
      if (later) { readings.push(later); change = readings.length - 1; }
    }
    if (change > 0) readings.unshift(...readings.splice(change, 1));
  }
  readings.splice(2);
  // "downgrade brian kowalski to weak, haven't talked in a year": nothing near the top reads, but a
  // change further down does; its slot readers are strict (a person and a value), so it is meant.
  if (readings.length === 0 && !question) {
    const change = ranking.filter((r) => r.score > 0 && !READ_INTENTS.has(r.intent))
      .map((r) => ({ intent: r.intent, score: r.score, plan: planWith(r.intent, clause) }))
      .find((r): r is { intent: string; score: number; plan: Plan } => !!r.plan && r.plan.steps.length > 0 && !readOnly(r.plan));
    if (change) return { plan: change.plan, alternatives: [] };
  }
  if (readings.length === 0) {
    // A question that names no contact, stage or list is a search of notes and job descriptions;
    // one that asks for a field of the record ("who rejected me?") is a filter, whatever ranked first.
    if (record) {
      const filter = [planPipeline, planContactFilters, planFindContacts].map((p) => p(clause)).find((p) => !!p && p.steps.length > 0);
      if (filter) return { plan: filter, alternatives: [] };
    }
    const search = isQuestion(text) ? planTopicSearch(clause) : null;
    return { plan: search, alternatives: [] };
  }
  const [best, second] = readings;
  let close = second && best.score < SURE && best.score - second.score < CLOSE && second.plan.steps[0]?.toolName !== best.plan.steps[0]?.toolName
    && !sameInteraction(best.plan, second.plan);
  // "can you push Hannah's follow up to Monday": a request that is not a question, between a lookup and a change, is the change.
  if (close && !isQuestion(text) && readOnly(best.plan) !== readOnly(second.plan)) {
    close = false;
    if (readOnly(best.plan)) return { plan: second.plan, alternatives: [] };
  }
  // "remind me to check in with marco end of the month": getting back in touch with someone is a
  // follow-up; any other thing to do, or one called a task, is a task.
  const pair = close ? [best, second].map((r) => r.plan.steps[0]?.toolName) : [];
  if (pair.includes('create_task') && pair.includes('schedule_follow_up')) {
    const followUp = !/(?:task|to-?do)/i.test(text) && TOUCH_AGAIN.test(text);
    return { plan: [best, second].find((r) => r.plan.steps[0]?.toolName === (followUp ? 'schedule_follow_up' : 'create_task'))!.plan, alternatives: [] };
  }
  return { plan: best.plan, alternatives: close ? [{ intent: second.intent, plan: second.plan }, { intent: best.intent, plan: best.plan }] : [] };
}

/**
 * "met Olivia at her office on nov 19 …": read as meeting someone (added if new) and as a logged
 * meeting (she is added if new), both log the same interaction with the same person: two ways to
 * the same end are not two readings to ask about.
 */
function sameInteraction(a: Plan, b: Plan): boolean {
  const logged = (p: Plan) => p.steps.map(staticInput).filter((x, i): x is ToolInput => !!x && p.steps[i].toolName === 'log_interaction');
  const [x, y] = [logged(a), logged(b)];
  return x.length > 0 && y.length > 0 && x.some((l) => y.some((m) => l.contact === m.contact && l.interaction_type === m.interaction_type && l.interaction_date === m.interaction_date));
}

/** One clause: the reading the classifier prefers (or, without one, the first planner that understands it). */
export function planClause(input: PlanInput): Plan | null {
  return readClause(input).plan;
}

/** Sentences of one message: "Log a call with Dana: … Friday. Follow up Monday." */
export function splitClauses(text: string): string[] {
  return withoutHeading(text)
    .split(CLAUSE_BREAK)
    .map((s) => s.trim())
    .filter(Boolean);
}

// Where one request ends and another begins: a sentence's end; "and", "then" or a comma before an
// order ("…, bump him to strong, and remind me …"); a comma before "I need to …"; a comma before
// another thing that happened ("…, emailed Tom the deck").
const ORDER = '(?:tag|remind|set|schedule|follow|note|add|log|mark|snooze|update|move|untag|bump|downgrade|upgrade|push|create|cancel|clear)\\b';
const CLAUSE_BREAK = new RegExp([
  '(?<=[.!?;])\\s+(?=\\S)',
  // Starts only where a run of spaces starts, and reads the comma or the spaces one way: as
  // \s*,?\s+ it tried every split of a long run of spaces at every position of it (cubic; 85 s for
  // "untag" and 4,000 spaces). Built from strings, it is out of the regex-safety test's sight.
  `(?<!\\s)(?:\\s*,\\s+|\\s+)(?:and then|and also|and|then|also)\\s+(?=${ORDER})`,
  `,\\s+(?=${ORDER}\\s+(?:him|her|them|me|my|a|the|[A-Z]))`,
  ',\\s*(?:and\\s+)?(?=(?:i|we)\\s+(?:need|have|want|should|must|gotta|still need)\\s+to\\b)',
  ',\\s*(?:and\\s+)?(?=(?:emailed|called|texted|messaged|pinged|phoned|rang|dmed|met with)\\s+[A-Za-z])',
].join('|'), 'i');

const REPORTED = /^(?:and\s+)?(?:(?:she|he|they|we)['’](?:ll|d)\s+[a-z]|(?:she|he|they|we|it)(?:'s|'re|’s)?\s+(?:also\s+|then\s+)?(?:said|says|gonna|going to|can|could|might|needs|knows|mentioned|told|thinks|thought|offered|wants|wanted|asked|suggested|promised|will|would|is|was|are|were|has|had|recommended|shared|explained|agreed|seemed|sounded)\b)/i;

const staticInput = (step: Step | undefined): ToolInput | null => (step && typeof step.input === 'object' ? step.input : null);

/** A question back offering the likely readings, numbered (the user answers with the number). */
export function askBack(text: string, intents: string[]): Plan {
  const labels = intents.map((intent) => INTENT_LABELS[intent] ?? intent.replace(/_/g, ' '));
  return {
    intent: 'ask_back',
    steps: [],
    text: choicesText(`I'm not sure what you meant by "${text.trim().slice(0, 120)}".`, labels),
    choices: intents,
  };
}

/** Plans a whole user message; every part of it is then applied, kept in notes, or reported (coverage.ts). */
export function planMessage(said: string, base: Omit<PlanInput, 'text'>): Plan {
  const text = normalizeMessage(said);
  return keepEveryPart(text, planClauses(text, base), base.clock);
}

/** Each clause, with "her" meaning whom the clause before was about. */
function planClauses(text: string, base: Omit<PlanInput, 'text'>): Plan {
  const impossible = findImpossibleDate(text);
  if (impossible) return { intent: 'refuse_date', steps: [], text: `${impossible} is not a date that exists, so I changed nothing. Which day did you mean?` };
  const named = nameSaidLater(text);
  if (named) return planClauses(named, base);
  const wholeReading = readClause({ ...base, text });
  const whole = wholeReading.plan;
  const clauses = splitClauses(text);
  if (clauses.length <= 1) {
    if (wholeReading.alternatives.length > 0 && !base.force) return askBack(text, wholeReading.alternatives.map((a) => a.intent));
    if (whole?.intent === 'follow_up_only') return followUpForWhom(text, whole.text, base);
    if (whole) return whole;
    // A reading the user picked from a question back: read its slots as loosely as the words allow.
    if (base.force) return pickedReading(base.force, { ...base, text }) ?? { intent: 'help', steps: [], text: '' };
    const ranking = base.rank?.(text.trim()) ?? [];
    // Nothing like anything Kith does: say so, and what it can do.
    if ((ranking[0]?.score ?? 0) < NOTHING_CLOSE) return { intent: 'help', steps: [], text: `${HELP_TEXT} (I did not understand: "${text.trim().slice(0, 200)}".)` };
    const statement = tellsWhatHappened(text);
    return askBack(text, ranking.filter((r) => !statement || !READ_INTENTS.has(r.intent)).slice(0, 3).map((r) => r.intent).filter((i) => i !== 'help' && i !== 'undo'));
  }

  const merged: Plan = { intent: '', steps: [] };
  const unknown: string[] = [];
  let absorbed = false;
  let lastContact = base.lastContact;
  let lastSteps: Step[] = [];
  for (const clause of clauses) {
    let plan = planClause({ ...base, lastContact, text: clause });
    // "… this morning. honestly didn't go great": a statement after a logged interaction is more
    // about it, however much it looks like a lookup.
    if (plan && readOnly(plan) && !isQuestion(clause) && merged.steps.some((s) => s.toolName === 'log_interaction')) plan = null;
    const lastWrite = staticInput([...merged.steps].reverse().find((s) => typeof s.input === 'object' && !READ_TOOLS.has(s.toolName)));
    const lastTool = [...merged.steps].reverse().find((s) => typeof s.input === 'object' && !READ_TOOLS.has(s.toolName))?.toolName;
    // "… invited me to the onsite!! it's on Dec 8th": a clause that only gives a day dates the step before
    if (lastWrite && (lastTool === 'update_opportunity' || lastTool === 'add_opportunity') && !isQuestion(clause)) {
      const day = findDate(clause, base.clock, 'forward');
      const rest = day ? clause.replace(day.text, ' ').replace(/\b(?:it'?s|it is|that'?s|scheduled|set|booked|for|on|at|the|is|and)\b|[^\w]+/gi, ' ').trim() : 'x';
      if (day && !rest) { lastWrite.next_action_date ??= day.date; continue; }
      // "… next action: send proposal by Dec 4": the next step of the job just written
      const said = /^\s*(?:the\s+|my\s+)?next\s+(?:step|action|thing)/i.test(clause) ? nextStepSaid(clause, { ...base, text: clause }) : null;
      if (said) {
        lastWrite.next_action ??= said.action;
        if (said.date) lastWrite.next_action_date ??= said.date.date;
        continue;
      }
      // "job link: https://…": the posting of the job just added
      const link = findUrls(clause).other;
      if (link && clause.replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' ').replace(/\b(?:job|link|posting|url|here|is|the|it'?s)\b|[^\w]+/gi, ' ').trim() === '') {
        lastWrite.job_url ??= link;
        continue;
      }
    }
    // The last call said outright (not a retry that depends on results): what a later clause adds to.
    const prev = [...merged.steps].reverse().find((s) => typeof s.input === 'object' && !s.afterError);
    const prevInput = staticInput(prev);
    const first = staticInput(merged.steps[0]);
    // What follows "add Priya …" and is not a request of its own is about her: it goes in her notes.
    if (first && merged.steps[0].toolName === 'add_contact' && (!plan || plan.intent === 'log_interaction' || plan.intent === 'add_contact' || plan.intent === 'update_contact' || readOnly(plan))) {
      // "… She's a recruiter. helen@atlassian.com": what the sentence after says about them fills what is still empty
      const { notes: _n, ...more } = contactDetails(clause);
      for (const [k, v] of Object.entries(more)) first[k] ??= v;
      if (plan?.intent === 'update_contact') { absorbed = true; continue; }
      first.notes = [first.notes, clause.trim()].filter(Boolean).join(' ');
      absorbed = true;
      if (metAtAnEvent(clause)) first.contact_source ??= 'networking_event';
      continue;
    }
    // "She mentioned Anthropic is hiring": what they said belongs with the interaction, not a request of its own.
    if (prevInput && prev!.toolName === 'log_interaction' && REPORTED.test(clause.trim())) {
      prevInput.notes = [prevInput.notes, clause.trim()].filter(Boolean).join(' ');
      // "It was fine, nothing decided": how it went, said in what is kept
      const how = findOutcome(clause)?.outcome;
      if (how) prevInput.outcome ??= how;
      continue;
    }
    // "… refer me for the SWE III opening on Google Cloud. Add that to my pipeline": the job spoken of
    const pointed = !plan || readOnly(plan) ? jobPointedAt(clause, text.slice(0, text.indexOf(clause))) : null;
    if (pointed) {
      const through = merged.subject && /\brefer(?:s|red|ring|ral)?\b|\bintro(?:duce|duction)?\b/i.test(text) ? { contact: merged.subject } : {};
      merged.intent ||= 'add_opportunity';
      merged.steps.push({ toolName: 'add_opportunity', input: { ...pointed, status: 'interested', ...through } });
      continue;
    }
    if (!plan || plan.intent === 'follow_up_only') {
      const day = plan?.text;
      if (day && prevInput && prev!.toolName === 'log_interaction') prevInput.follow_up_date ??= day;
      else if (day && prevInput && prev!.toolName === 'add_contact') prevInput.next_follow_up_date ??= day;
      else if (day && (merged.subject || base.lastContact)) {
        const contact = merged.subject ?? base.lastContact!.id ?? base.lastContact!.name;
        merged.steps.push({ toolName: 'schedule_follow_up', input: { contact, date: day } });
      }
      else if (!plan && prevInput && prev!.toolName === 'log_interaction') {
        // more to say about the interaction: it belongs in its notes (every one of "Met Brian and Greg …")
        const logs = lastSteps.map(staticInput).filter((x, i): x is ToolInput => !!x && lastSteps[i].toolName === 'log_interaction' && !lastSteps[i].afterError && !lastSteps[i].when);
        for (const log of logs.includes(prevInput) ? logs : [prevInput]) {
          log.notes = [log.notes, clause].filter(Boolean).join(' ');
          log.outcome ??= findOutcome(clause)?.outcome;
          if (log.outcome === undefined) delete log.outcome;
        }
      } else unknown.push(clause.trim());
      continue;
    }
    merged.intent ||= plan.intent;
    merged.steps.push(...plan.steps);
    lastSteps = plan.steps;
    merged.answer ??= plan.answer;
    merged.query ??= plan.query;
    merged.filter ??= plan.filter;
    if (plan.unknown) unknown.push(...plan.unknown);
    if (plan.cues) merged.cues = [...(merged.cues ?? []), ...plan.cues];
    if (plan.subject) {
      merged.subject = plan.subject;
      lastContact = { name: plan.subject };
    }
  }
  if (merged.steps.length === 0 && whole?.intent === 'follow_up_only') return followUpForWhom(text, whole.text, base);
  if (merged.steps.length === 0) return whole ?? { intent: 'help', steps: [], text: HELP_TEXT };
  if (unknown.length > 0) merged.unknown = unknown;
  // One clause understood as a whole gives the same or better reading than pieces of it.
  if (whole && whole.steps.length >= merged.steps.length && clauses.length > 1 && whole.intent === merged.intent && merged.steps.length === 1 && unknown.length === 0 && !absorbed) return whole;
  return merged;
}

/**
 * "add a new person. Her name is Lucia Ferreira. She's CTO at …": the request to add someone, and
 * their name said in a sentence of its own, read as one ("add Lucia Ferreira. She's CTO at …").
 */
/** "met her at a meetup", "we met during the conference": "met", then "at" or "during" in the same sentence. */
function metAtAnEvent(clause: string): boolean {
  return clause.split('.').some((sentence) => {
    const met = /\bmet\b/i.exec(sentence);
    return !!met && /\b(?:at|during)\b/i.test(sentence.slice(met.index + met[0].length));
  });
}

const NAME_IS = /^(?:(?:her|his|their)\s+(?:full\s+)?name\s+is|(?:she|he|they)(?:['’]s|\s+is|\s+are)\s+(?:called|named)|(?:the\s+)?name(?:\s+is|\s*:))\s/i;

/**
 * What "her name is", "she's called", "name:" say, as /^(?:…)\s+(.+?)[.!]?$/i reads it: after the
 * whitespace, the rest but a last "." or "!" (the whitespace's last character when nothing follows),
 * none of it a line break. In steps, where that expression backtracks over the whitespace.
 */
function nameIs(clause: string): string | null {
  const head = NAME_IS.exec(clause);
  if (!head) return null;
  let from = head[0].length;
  while (/\s/.test(clause[from] ?? '')) from++;
  const rest = from < clause.length ? clause.slice(from) : from > head[0].length ? clause.slice(-1) : '';
  if (!rest || /[\n\r\u2028\u2029]/.test(rest)) return null;
  return rest.length > 1 && (rest.endsWith('.') || rest.endsWith('!')) ? rest.slice(0, -1) : rest;
}

function nameSaidLater(text: string): string | null {
  const clauses = splitClauses(text);
  if (clauses.length < 2 || !/^(?:please\s+)?(?:add|create|save|new|make)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:person|contact|lead|connection|entry|record)(?:\s+for\s+me)?\s*[.:!]?$/i.test(clauses[0])) return null;
  for (let i = 1; i < clauses.length; i++) {
    const said = nameIs(clauses[i]);
    const name = said ? readName(said, 0) : null;
    if (name && !name.pronoun && name.end >= said!.length - 1) return [`add ${name.name}.`, ...clauses.slice(1, i), ...clauses.slice(i + 1)].join(' ');
  }
  return null;
}

/**
 * "follow up tomorrow" with nobody named: the contact the conversation is about, or a question
 * naming the day; never the bare day as the whole answer.
 */
function followUpForWhom(text: string, day: string | undefined, base: Omit<PlanInput, 'text'>): Plan {
  const date = day ?? addDays(base.clock.today, 7);
  if (base.lastContact) {
    const contact = base.lastContact.id ?? base.lastContact.name;
    return single('schedule_follow_up', 'schedule_follow_up', { contact, date }, { subject: base.lastContact.name });
  }
  return { intent: 'ask_who', steps: [], text: `Who should I follow up with on ${date}? I could not tell who "${text.trim().slice(0, 120)}" is about; say it with their name ("follow up with Priya ${day ? 'on ' + date : 'next week'}").` };
}

/**
 * The loose reading of an intent the user chose ("1. set a follow-up reminder" for "Nora Quinn
 * next week"): the slot readers wanted a verb that was not said; the choice says it.
 */
function pickedReading(intent: string, input: PlanInput): Plan | null {
  const person = anyPerson(input.text, []);
  const ref = contactRef(input, person);
  if (intent === 'schedule_follow_up' || intent === 'create_task') {
    const date = findDate(input.text, input.clock, 'forward');
    if (ref && date) return single('schedule_follow_up', 'schedule_follow_up', { contact: ref, date: date.date }, { subject: ref });
  }
  if (intent === 'add_contact' && person && !person.pronoun) {
    return single('add_contact', 'add_contact', compact({ ...splitName(person.name), ...contactDetails(input.text.slice(person.end)) }), { subject: person.name });
  }
  if (intent === 'contact_question' && ref) return single('get_contact', 'get_contact', { contact: ref }, { answer: { kind: 'profile' }, subject: ref });
  return null;
}

/** What to do next in this turn: the next call, or nothing left. */
export function nextStep(plan: Plan, done: ToolOutcome[]): { toolName: string; input: ToolInput; afterError?: boolean } | null {
  let used = 0;
  for (const step of plan.steps) {
    const before = done.slice(0, used);
    if (step.when && !step.when(before)) continue;
    if (used < done.length) {
      used++;
      continue;
    }
    const input = typeof step.input === 'function' ? step.input(before) : step.input;
    return { toolName: step.toolName, input, afterError: step.afterError };
  }
  return null;
}

/**
 * The plan for the turn. A reply to a pending confirmation is not judged here: the agent loop
 * (agent/approvals.ts readConfirmation) is the one judge of yes and no, runs the approved call
 * itself, and passes only unclear replies ("ok, but which Tom is that?") on to the model. A number
 * answering a question back ("Did you mean: 1. … 2. …") runs that reading of the message before.
 */
export function planTurn(conv: Conversation, rank?: PlanInput['rank']): Plan {
  const text = conv.userText.trim();
  const base = { clock: conv.clock, lastContact: conv.lastContact, rank };
  const picked = /^\s*(?:#|option\s+|number\s+)?([1-3])(?:\s*[.)])?\s*$|^\s*(?:the\s+)?(first|second|third)(?:\s+one)?(?:\s*[.!])?\s*$/i.exec(text);
  if (picked && conv.previousUserText && asksForNumber(conv.previousReply)) {
    const asked = planMessage(conv.previousUserText, base);
    const n = picked[1] ? Number(picked[1]) : ['first', 'second', 'third'].indexOf(picked[2].toLowerCase()) + 1;
    const intent = asked.choices?.[n - 1];
    if (intent) {
      const plan = planMessage(conv.previousUserText, { ...base, force: intent });
      if (plan.steps.length > 0 || (plan.text && plan.intent !== 'ask_back')) return plan;
      return { intent: 'help', steps: [], text: `I couldn't read enough to ${INTENT_LABELS[intent] ?? intent}. ${HELP_TEXT}` };
    }
  }
  return planMessage(text, base);
}
