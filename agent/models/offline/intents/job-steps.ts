import { findDate } from '../dates.js';
import { findStage, type Stage } from '../entities.js';
import { isStopWord, readCompany } from '../names.js';
import { compact, single, type Plan, type PlanInput } from '../plan-types.js';
import { trimEndOf } from './text.js';

/**
 * The steps of a hiring process, as people name them: what a job's next step is, when one is given
 * a day ("the onsite is set for Dec 9", "my technical interview with GitLab is booked for the 3rd").
 */
export const JOB_STEP = /\b(?:interview(?:s)?|onsite|on-site|loop|phone[\s\-]?screen|screen(?:ing)?(?:\s+call)?|intro(?:ductory)?\s+(?:call|chat)|final(?:[\s\-]round)?|last[\s\-]round|take[\s\-]?home|assessment|coding (?:test|challenge|exercise)|case study|presentation|panel|superday|offer call|reference check)\b/i;

// A step given a day: "is scheduled for", "is booked on", "is due", "got moved to".
const DATED = /\b(?:is|['’]s|are|was|got|has been|been)\s+(?:now\s+|finally\s+|officially\s+)?(?:scheduled|booked|set|set up|planned|confirmed|happening|due|moved|rescheduled|pushed)\b(?:\s+(?:for|on|to|by))?/i;

// The stages a step given a day puts a job at; a take-home or a case study names none.
const STEP_STAGES = new Set<Stage>(['phone_screen', 'interview', 'final_round']);
// Words before the step that are not what it is called ("my", "the", "next").
const NOT_QUALIFIER = /^(?:my|the|a|an|our|their|his|her|its|this|that|next|first|with|at|for|and|or|is|was|so|ok|fyi|then|now)$/i;

/**
 * "The Stripe onsite is scheduled for December 9": the job's next step, in the user's words, and its
 * day; a step that is a stage of the process (a screen, an interview, a final round) is the job's stage.
 */
export function planDatedJobStep(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  const dated = DATED.exec(t);
  if (!dated) return null;
  const subject = t.slice(0, dated.index);
  const step = JOB_STEP.exec(subject);
  if (!step) return null;
  const date = findDate(t.slice(dated.index), input.clock, 'forward');
  if (!date) return null;
  // the company: before the step ("the Stripe onsite", "Vercel take-home") or after it ("interview with GitLab")
  const before = subject.slice(0, step.index).replace(/^(?:so\s+|ok\s+|fyi:?\s+)?(?:the|my|our|a)\s+/i, '');
  const afterStep = /^\s*(?:[\w\-]+\s+)?(?:with|at|for)\s+(?:the\s+)?/i.exec(subject.slice(step.index + step[0].length));
  const company = (afterStep ? readCompany(subject, step.index + step[0].length + afterStep[0].length) : null)
    ?? readCompany(withoutLowerTail(before), 0);
  if (!company || !/^[A-Z0-9]/.test(company.name) || isStopWord(company.name)) return null;
  // what the step is called: the step word with the plain words that qualify it ("technical interview", "take-home")
  const lead = subject.slice(0, step.index).trimEnd().split(/\s+/).reverse();
  const qualifiers: string[] = [];
  for (const w of lead) {
    if (qualifiers.length === 2 || !/^[a-z][\w\-]*$/.test(w) || NOT_QUALIFIER.test(w)) break;
    qualifiers.unshift(w);
  }
  const trailing = /^[\w\-]*/.exec(subject.slice(step.index + step[0].length).trimStart())?.[0] ?? '';
  const name = [...qualifiers, step[0], /^(?:call|round|exercise|test|challenge)$/i.test(trailing) ? trailing : ''].filter(Boolean).join(' ');
  const stage = findStage(subject);
  return single('update_opportunity', 'update_opportunity', compact({
    opportunity: company.name,
    status: stage && STEP_STAGES.has(stage) ? stage : undefined,
    next_action: name.charAt(0).toUpperCase() + name.slice(1),
    next_action_date: date.date,
  }));
}

/** "Vercel take " → "Vercel": the words before the step, without the plain lower-case words that qualify it. */
function withoutLowerTail(text: string): string {
  const words = text.trim().split(/\s+/);
  while (words.length > 0 && /^[a-z]/.test(words[words.length - 1])) words.pop();
  return words.join(' ');
}

// "what's the next step with Figma?", "what do I have to do next for the Notion application?"
const NEXT_FOR = /\bnext\s+(?:steps?|actions?|moves?|things?)\s+(?:with|for|at|on|in)\s+(?:my\s+|the\s+)?|\b(?:do|happens?|comes?|is)\s+next\s+(?:with|for|at|on|in)\s+(?:my\s+|the\s+)?/i;

/** A question about one job's next step: that job's record (its stage, next step and day), not the week's agenda. */
export function planJobNextStepQuestion(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const m = NEXT_FOR.exec(t);
  if (!m) return null;
  const company = readCompany(t, m.index + m[0].length);
  if (!company || !/^[A-Z0-9]/.test(company.name) || /^(?:application|applications|pipeline|job|search|week|today|tomorrow)$/i.test(company.name)) return null;
  return single('opportunity_status', 'list_opportunities', { company: company.name });
}

// Someone asking to hold a step of the process: "emailed to set up an intro call", "reached out to book a screen",
// "wants to schedule the onsite". What happened says where the job is now.
const BOOKING = /\b(?:to|wants to|want to|asked to|asking to|offered to|would like to|keen to|looking to)\s+(?:set up|schedule|book|arrange|line up|organi[sz]e|get)\s+(?:an?\s+|the\s+|my\s+|a time for\s+(?:an?\s+|the\s+)?)?/i;

/** The stage a sentence's booking of a step puts the job at ("… emailed to set up a 30-minute intro call" → phone_screen). */
export function stageBooked(text: string): Stage | null {
  const m = BOOKING.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length).split(/[,.;!?]/)[0].split(/\s+/).slice(0, 4).join(' ');
  const step = JOB_STEP.exec(rest);
  if (!step) return null;
  const stage = findStage(rest) ?? (/screen|intro|chat|call/i.test(step[0]) ? 'phone_screen' : null);
  return stage && STEP_STAGES.has(stage) ? stage : null;
}
