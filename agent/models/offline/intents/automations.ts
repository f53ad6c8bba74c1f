import { RULES, RULE_NAMES, type RuleName } from '../../../tools/automation/rules.js';
import { findDates } from '../dates.js';
import { single, type Plan, type PlanInput, type Step } from '../plan-types.js';
import { nameAfter } from '../references.js';
import { isQuestion } from './questions.js';

/**
 * "turn on the follow-up after applying rule", "remind me to follow up 5 days after I apply",
 * "stop moving jobs to interview automatically", "what automations do I have on?": the workflow
 * rules of agent/tools/automation/rules.ts, switched with set_automation_rule and listed with
 * list_automation_rules.
 *
 * Which rule is read from the words the sentence shares with each rule's name and title (a word
 * fewer rules have counts more), so a rule added there is understood without a phrase of its own.
 * A sentence is about a rule, not a one-off reminder, when it speaks of it as standing: it says
 * rule or automation, switches it (turn on, disable), or makes a kind of event its condition
 * ("after I apply", "after interviews", "whenever I get an offer"); one naming a person or a day
 * ("thank Priya after the interview tomorrow") is a task, not a rule.
 */

/** A word as the rules are matched on: lower case, without its ending ("applying", "applied", "application" are "apply"). */
export function root(word: string): string {
  let w = word.toLowerCase();
  for (const [end, put] of ENDINGS) {
    if (w.endsWith(end) && w.length - end.length >= 3) { w = w.slice(0, w.length - end.length) + put; break; }
  }
  return w.endsWith('e') && w.length > 3 ? w.slice(0, -1) : w;
}
const ENDINGS: Array<[string, string]> = [['ications', 'y'], ['ication', 'y'], ['ying', 'y'], ['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ed', ''], ['es', ''], ['s', '']];

const wordsOf = (text: string): string[] => text.toLowerCase().replace(/['’]/g, '').match(/[a-z]+/g) ?? [];

/** Words of a rule's name that say nothing about which rule it is. */
const FILLER = new Set(['the', 'a', 'an', 'to', 'you', 'i', 'my', 'of', 'and', 'job', 'jobs'].map(root));
/** Other words people use for the rules' own: "advance the job", "complete the follow-ups". */
const SAID_AS = new Map(Object.entries({
  progress: 'move', advance: 'move', bump: 'move', promote: 'move', complete: 'close', finish: 'close', clear: 'close', followup: 'follow',
  thanks: 'thank', application: 'apply', applies: 'apply', interviewing: 'interview',
}).map(([said, meant]) => [root(said), root(meant)]));

const RULE_WORDS = new Map<RuleName, Set<string>>(RULE_NAMES.map((name) => [
  name, new Set(wordsOf(`${name.replace(/_/g, ' ')} ${RULES[name].title}`).map(root).filter((w) => !FILLER.has(w))),
]));
/** How rare a word is among the rules: one only one rule has says most. */
const WEIGHT = new Map<string, number>();
for (const words of RULE_WORDS.values()) for (const w of words) WEIGHT.set(w, (WEIGHT.get(w) ?? 0) + 1);
for (const [w, n] of WEIGHT) WEIGHT.set(w, Math.log(1 + RULE_NAMES.length / n));
/** Below this a rule is only brushed against (one common word such as "after"). */
const MIN_SCORE = 1.5;

/** The rule the words are about: the best score, when it is clear of the next. */
export function ruleMeant(roots: string[]): RuleName | null {
  const said = new Set(roots.map((r) => SAID_AS.get(r) ?? r));
  const scored = RULE_NAMES.map((name) => ({ name, score: [...RULE_WORDS.get(name)!].reduce((s, w) => s + (said.has(w) ? WEIGHT.get(w)! : 0), 0) }))
    .sort((a, b) => b.score - a.score);
  return scored[0].score >= MIN_SCORE && scored[0].score > scored[1].score + 0.2 ? scored[0].name : null;
}

const AUTOMATION = (r: string) => r.startsWith('automat') || r === 'rul' || r === 'workflow';
const SWITCH = new Set(['turn', 'switch', 'toggle', 'flip']);
const OFF = new Set(['disabl', 'deactivat', 'stop', 'paus', 'quit', 'cancel', 'never'].map(root));
const ON = new Set(['enabl', 'activat', 'start', 'remind', 'always', 'automatically', 'want', 'resum'].map(root));
/** What a standing rule's condition starts with: "after I apply", "whenever …", "every time …". */
const CONDITION = new Set(['after', 'when', 'whenever', 'once', 'every', 'each', 'soon', 'upon']);
const EVENTS = new Set(['apply', 'interview', 'offer', 'get', 'land', 'receiv', 'hav', 'log', 'book', 'reach', 'mov', 'job'].map(root));
const SOME = new Set(['a', 'an', 'any', 'every', 'each', 'i', 'we', 'time', 'ever', 'one', 'my']);

/** Whether the words make a kind of event the condition: "after applying", "after an interview", not "after the interview". */
function kindOfEvent(words: string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (!CONDITION.has(words[i])) continue;
    if (words[i] === 'whenever' || words[i + 1] === 'time') return true;
    let j = i + 1;
    while (j < words.length && j <= i + 3 && SOME.has(words[j])) j++;
    if (j < words.length && EVENTS.has(root(words[j]))) return true;
  }
  return false;
}

/** "5 days", "a week", "two weeks": the follow-up's number of days, where it is said. */
const DAYS = /\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)\s+(days?|weeks?)\b/i;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, fifteen: 15, twenty: 20, thirty: 30,
};

interface Switch { on: boolean | undefined; off: boolean }

/** On or off, as said: "turn … off", "disable", "stop …", "no more …", "don't …" (but "don't forget" is on). */
function switchOf(words: string[]): Switch {
  const roots = words.map(root);
  const switched = roots.some((r) => SWITCH.has(r));
  const not = words.some((w, i) => (w === 'dont' || (w === 'do' && words[i + 1] === 'not')) && words[i + 1] !== 'forget' && words[i + 2] !== 'forget')
    || words.some((w, i) => w === 'no' && (words[i + 1] === 'more' || words[i + 1] === 'longer'));
  const off = (switched && words.includes('off')) || roots.some((r) => OFF.has(r)) || not;
  const on = (switched && words.includes('on')) || roots.some((r) => ON.has(r)) || (words.includes('set') && words.includes('up'));
  return { on: off ? false : on ? true : undefined, off };
}

/**
 * "on" as a state ("is the follow-up rule on?", "which are on right now?"), not the preposition of
 * "behind on my follow-ups": the last word, or before "or", "now", "right", "still".
 */
const saysOn = (words: string[]): boolean => words.some((w, i) => w === 'on' && (i === words.length - 1 || ['or', 'now', 'right', 'still', 'currently'].includes(words[i + 1])));

/** Someone the sentence names ("with Tom", "thank Priya"): then it is about them, not a rule. */
const namesSomeone = (text: string): boolean => !!nameAfter(text, /\b(?:with|thank|email|call|message|ping)\s+/i);

export function planAutomation(input: PlanInput): Plan | null {
  const text = input.text.trim();
  const words = wordsOf(text);
  const roots = words.map(root);
  const automation = roots.some(AUTOMATION);
  const { on, off } = switchOf(words);
  const switched = roots.some((r) => SWITCH.has(r)) || roots.some((r) => ['enabl', 'disabl', 'activat', 'deactivat'].includes(r));
  const rule = ruleMeant(roots);
  const cues = [text];

  // "what automations do I have on?", "which rules are on?", "is the follow-up rule on?"
  if ((automation || rule) && !switched && (isQuestion(text) || /^(?:show|list)\b/i.test(text)) && (automation || saysOn(words))) {
    return single('automation', 'list_automation_rules', {}, { cues, ...(rule ? { query: rule } : {}) });
  }
  if (!automation && !switched && !kindOfEvent(words)) return null;
  if (namesSomeone(text)) return null;
  const days = DAYS.exec(text);
  // A day named ("tomorrow", "on Friday") is a one-off; "5 days after" is the rule's own.
  if (findDates(text, input.clock, 'forward').some((d) => !days || d.end <= days.index || d.index >= days.index + days[0].length)) return null;

  // "turn off all automations", "switch every rule on"
  if (!rule && automation && (words.includes('all') || words.includes('every') || words.includes('everything')) && (on !== undefined || off)) {
    const steps: Step[] = RULE_NAMES.map((name) => ({ toolName: 'set_automation_rule', input: { rule: name, enabled: !off } }));
    return { intent: 'automation', steps, cues };
  }
  if (!rule) return null;
  const n = days ? (/^\d/.test(days[1]) ? Number(days[1]) : NUMBER_WORDS[days[1].toLowerCase()]) * (/^week/i.test(days[2]) ? 7 : 1) : undefined;
  const params = n !== undefined && rule === 'follow_up_after_applying' && !off ? { days: n } : undefined;
  // "make the follow-up after applying 10 days": the days change, on or off as it was.
  const enabled = off ? false : on ?? (params ? undefined : true);
  return single('automation', 'set_automation_rule', { rule, ...(enabled !== undefined ? { enabled } : {}), ...(params ? { params } : {}) }, { cues });
}
