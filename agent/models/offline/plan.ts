import type { Conversation, ToolOutcome } from './conversation.js';
import { findOutcome } from './entities.js';
import { planAddContact, planDeleteOrMerge, planNote, planTags, planUpdateContact } from './intents/contacts.js';
import { planCompleteFollowUp, planScheduleFollowUp, planSnooze } from './intents/follow-ups.js';
import { planInteraction } from './intents/interactions.js';
import { planAddOpportunity, planDeleteOpportunity, planOpportunityUpdate } from './intents/opportunities.js';
import {
  isQuestion, planContactQuestion, planFindContacts, planHistory, planListFollowUps, planOverview, planPipeline, planSearch,
} from './intents/questions.js';
import { possessiveName } from './references.js';
import { planUndo } from './intents/undo.js';
import type { Plan, PlanInput, Step, ToolInput } from './plan-types.js';

export const HELP_TEXT =
  "I can keep your CRM up to date. Try: \"add Marcus Chen, recruiter at Google\", \"log coffee with Priya, follow up Friday\", " +
  "\"remind me to follow up with Tom in two weeks\", \"applied to Backend Engineer at Stripe\", \"I got an offer from Acme\", " +
  "\"tag Priya as mentor\", \"what's Priya's email?\", \"who do I need to follow up with this week?\", \"show my pipeline\" " +
  'or "who did I talk to about Kubernetes?".';

type Planner = (input: PlanInput) => Plan | null;

const QUESTION_PLANNERS: Planner[] = [
  planSearch, planListFollowUps, planHistory, planFindContacts,
  (i) => (possessiveName(i.text) && !/\bpipeline\b/i.test(i.text) ? null : planPipeline(i)),
  planContactQuestion, planOverview, planPipeline,
];

const ACTION_PLANNERS: Planner[] = [
  planUndo, planNote, planDeleteOpportunity, planDeleteOrMerge, planTags, planCompleteFollowUp, planSnooze,
  planOpportunityUpdate, planAddOpportunity, planAddContact, planInteraction, planScheduleFollowUp, planUpdateContact,
];

/** One clause: the first planner that understands it. */
export function planClause(input: PlanInput): Plan | null {
  const text = input.text.trim().replace(/^(?:hey|hi|ok|okay|so|also|and|kith|please)[,!]?\s+/i, '');
  if (!text) return null;
  const clause = { ...input, text };
  const order = isQuestion(text) ? [...QUESTION_PLANNERS, ...ACTION_PLANNERS] : [...ACTION_PLANNERS, ...QUESTION_PLANNERS];
  for (const planner of order) {
    const plan = planner(clause);
    if (plan && (plan.steps.length > 0 || plan.intent === 'follow_up_only')) return plan;
  }
  return null;
}

/** Sentences of one message: "Log a call with Dana: … Friday. Follow up Monday." */
export function splitClauses(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+(?=\S)|\s*,?\s+(?:and then|and also|and|then|also)\s+(?=(?:tag|remind|set|schedule|follow|note|add|log|mark|snooze|update|move|untag)\b)/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

const staticInput = (step: Step | undefined): ToolInput | null => (step && typeof step.input === 'object' ? step.input : null);

/** Plans a whole user message: each clause, with "her" meaning whom the clause before was about. */
export function planMessage(text: string, base: Omit<PlanInput, 'text'>): Plan {
  const whole = planClause({ ...base, text });
  const clauses = splitClauses(text);
  if (clauses.length <= 1) return whole ?? { intent: 'help', steps: [], text: HELP_TEXT };

  const merged: Plan = { intent: '', steps: [] };
  let lastContact = base.lastContact;
  for (const clause of clauses) {
    const plan = planClause({ ...base, lastContact, text: clause });
    const prev = merged.steps[merged.steps.length - 1];
    const prevInput = staticInput(prev);
    if (!plan || plan.intent === 'follow_up_only') {
      const day = plan?.text;
      if (day && prevInput && prev!.toolName === 'log_interaction') prevInput.follow_up_date ??= day;
      else if (day && prevInput && prev!.toolName === 'add_contact') prevInput.next_follow_up_date ??= day;
      else if (day && merged.subject) merged.steps.push({ toolName: 'schedule_follow_up', input: { contact: merged.subject, date: day } });
      else if (!plan && prevInput && prev!.toolName === 'log_interaction') {
        // more to say about the interaction: it belongs in its notes
        prevInput.notes = [prevInput.notes, clause].filter(Boolean).join(' ');
        prevInput.outcome ??= findOutcome(clause)?.outcome;
        if (prevInput.outcome === undefined) delete prevInput.outcome;
      }
      continue;
    }
    merged.intent ||= plan.intent;
    merged.steps.push(...plan.steps);
    merged.answer ??= plan.answer;
    merged.query ??= plan.query;
    if (plan.subject) {
      merged.subject = plan.subject;
      lastContact = { name: plan.subject };
    }
  }
  if (merged.steps.length === 0) return whole ?? { intent: 'help', steps: [], text: HELP_TEXT };
  // One clause understood as a whole gives the same or better reading than pieces of it.
  if (whole && whole.steps.length >= merged.steps.length && clauses.length > 1 && whole.intent === merged.intent && merged.steps.length === 1) return whole;
  return merged;
}

/** What to do next in this turn: the next call, or nothing left. */
export function nextStep(plan: Plan, done: ToolOutcome[]): { toolName: string; input: ToolInput } | null {
  let used = 0;
  for (const step of plan.steps) {
    const before = done.slice(0, used);
    if (step.when && !step.when(before)) continue;
    if (used < done.length) {
      used++;
      continue;
    }
    const input = typeof step.input === 'function' ? step.input(before) : step.input;
    return { toolName: step.toolName, input };
  }
  return null;
}

/**
 * The plan for the turn. A reply to a pending confirmation is not judged here: the agent loop
 * (agent/approvals.ts readConfirmation) is the one judge of yes and no, runs the approved call
 * itself, and passes only unclear replies ("ok, but which Tom is that?") on to the model.
 */
export function planTurn(conv: Conversation): Plan {
  const text = conv.userText.trim();
  return planMessage(text, { clock: conv.clock, lastContact: conv.lastContact });
}
