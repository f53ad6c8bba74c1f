import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { readConversation, type Conversation } from './conversation.js';
import type { IntentScore } from './intent-classifier.js';
import { nextStep, planTurn, splitClauses } from './plan.js';
import type { Plan } from './plan-types.js';
import { rawEmailStep } from './raw-email.js';
import { writeReply } from './reply.js';
import { mendTypos } from './typos.js';

/** What one step decides: call a tool, or answer in words. */
export type Decision =
  | { type: 'tool-call'; toolName: string; input: Record<string, unknown> }
  | { type: 'text'; text: string };

/** One step of a turn, as plain data (it can cross to a worker thread). */
export interface TurnRequest {
  prompt: LanguageModelV3Prompt;
  /** "Now" in milliseconds, when the prompt does not state it. */
  now: number;
  /** The tools the agent offers this step (null: any). */
  tools: string[] | null;
  toolChoiceNone: boolean;
}

/** Scores texts against the intents (the intent classifier, wherever it runs). */
export type Classify = (texts: string[]) => Promise<IntentScore[][]>;

export type DecideStep = (request: TurnRequest) => Promise<Decision>;

/**
 * The offline model's reading of a prompt: it parses the last user message into planned tool calls
 * and makes them one step at a time, reading earlier results from the prompt; then it writes the
 * reply from the results. It reads only user messages for instructions: tool results are data.
 */
export function createTurnDecider(classify: Classify): DecideStep {
  const plans = new Map<string, Plan>();

  /** Scores every text the planner may ask about (the message, its clauses, the message a number answers). */
  async function ranker(conv: Conversation): Promise<(text: string) => IntentScore[] | undefined> {
    const texts = [...new Set([conv.userText, conv.previousUserText ?? ''].flatMap((t) => [t, ...splitClauses(t)]).map((t) => t.trim()).filter(Boolean))];
    const scores = await classify(texts);
    const byText = new Map(texts.map((t, i) => [t, scores[i]]));
    return (text) => byText.get(text.trim());
  }

  /**
   * The turn's plan, made once: every step of a turn asks again with the same user message and
   * the results so far, and the plan already reads those results (its steps are functions of them).
   */
  async function planFor(conv: Conversation): Promise<Plan> {
    const key = JSON.stringify([conv.userText, conv.previousUserText, conv.previousReply, conv.lastContact, conv.clock.now.getTime(), conv.clock.tz]);
    const known = plans.get(key);
    if (known) return known;
    const plan = planTurn(conv, await ranker(conv));
    if (plans.size >= 16) plans.delete(plans.keys().next().value!);
    plans.set(key, plan);
    return plan;
  }

  return async (request) => {
    const conv = readConversation(request.prompt, new Date(request.now));
    const pasted = rawEmailStep(conv);
    if (pasted) return pasted;
    conv.userText = mendTypos(conv.userText);
    if (conv.previousUserText) conv.previousUserText = mendTypos(conv.previousUserText);
    const plan = await planFor(conv);
    const available = request.tools ? new Set(request.tools) : null;
    const last = conv.done[conv.done.length - 1];
    const stop = !!last && (!!last.error || !!last.denied || (last.output as { status?: string } | null)?.status === 'confirmation_required');
    if (!request.toolChoiceNone) {
      const next = nextStep(plan, conv.done);
      if (next && (!stop || (next.afterError && !!last?.error))) {
        if (!available || available.has(next.toolName)) return { type: 'tool-call', toolName: next.toolName, input: next.input };
        return { type: 'text', text: `I can't do that here: the ${next.toolName} tool is not available.` };
      }
    }
    return { type: 'text', text: writeReply(plan, conv.done) };
  };
}
