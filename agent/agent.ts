import { createUIMessageStream, streamText, stepCountIs, type ModelMessage, type StopCondition, type ToolSet, type UIMessageChunk } from 'ai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ToolRuntime } from './tools/run-tool.js';
import { findTool } from './tools/catalog.js';
import { agentInstructions } from './instructions.js';
import { createAgentTools, runUndoable } from './agent-tools.js';
import { readConfirmation } from './approvals.js';
import { createApprovalStore, type ApprovalStore, type PendingApproval } from './tools/shared/approval-store.js';
import type { SessionStore } from './sessions.js';
import { reportError } from './tools/shared/error-report.js';
import { ChatMessageText } from './tools/shared/schemas.js';
import { InvalidInputError } from './tools/shared/errors.js';
import { readChoices, type Choice } from './tools/shared/choices.js';

/** Steps (model calls) in one turn: room for a message that adds a dozen people, not for a loop. */
export const MAX_STEPS = 20;

/** Said when a turn reaches MAX_STEPS with calls still asked for: a cut turn never ends in a bare "Done.". */
export const STOPPED_AT_STEP_LIMIT = `I stopped after ${MAX_STEPS} steps, so part of what you asked is not done yet; what was done is shown above. Send the rest again, in smaller pieces.`;

export interface ToolCallRecord {
  name: string;
  input: unknown;
  output: unknown;
}

export interface PendingConfirmation {
  /** The id the server issued: a button or a client answers with it. */
  approvalId: string;
  toolName: string;
  input: unknown;
  summary: string;
}

export interface TurnResult {
  sessionId: string;
  reply: string;
  toolCalls: ToolCallRecord[];
  /** Actions waiting for the user's yes or no, each with what it would change. */
  pendingConfirmations: PendingConfirmation[];
  /** When the reply asks which of several readings was meant: each one, and what to send to pick it (buttons on the web page and in Slack). */
  choices: Choice[];
}

/** One message to the agent: text, and for a button or card, the answer to one confirmation it names. */
export interface TurnInput {
  text: string;
  approval?: { id: string; approved: boolean };
}

export interface AgentOptions {
  runtime: ToolRuntime;
  model: LanguageModelV3;
  sessions: SessionStore;
  /** Where confirmations wait; defaults to the runtime's database. */
  approvals?: ApprovalStore;
  /** Time allowed for one turn against the model server. */
  timeoutMs?: number;
}

export interface TurnStream {
  sessionId: string;
  /** The turn as AI SDK UI message stream parts (what the web page reads). */
  stream: ReadableStream<UIMessageChunk>;
  /** The end of the turn (what the CLI and Slack read); settles once the stream has been read. */
  result: Promise<TurnResult>;
}

export interface Agent {
  /** One turn, read to its end. */
  turn(userId: string, input: string | TurnInput, sessionId?: string): Promise<TurnResult>;
  /** One turn as a stream; the session is created (with that id, for the web page's chats) when new. */
  stream(userId: string, input: string | TurnInput, sessionId?: string, options?: { create?: boolean; abortSignal?: AbortSignal }): Promise<TurnStream>;
}

const isConfirmationRequest = (output: unknown): boolean => (output as { status?: unknown } | null)?.status === 'confirmation_required';

/**
 * Pairs each tool result in the new messages with its call. A preview that waits for the user's
 * yes is not a call that did anything: it is in pendingConfirmations instead.
 */
export function collectToolCalls(newMessages: ModelMessage[]): ToolCallRecord[] {
  const results = new Map<string, unknown>();
  for (const m of newMessages) {
    if (m.role !== 'tool' || !Array.isArray(m.content)) continue;
    for (const p of m.content as Array<{ type: string; toolCallId?: string; output?: { type: string; value?: unknown } }>) {
      if (p.type === 'tool-result' && p.toolCallId) results.set(p.toolCallId, p.output?.value ?? p.output);
    }
  }
  const calls: ToolCallRecord[] = [];
  for (const m of newMessages) {
    if (m.role !== 'assistant' || !Array.isArray(m.content)) continue;
    for (const p of m.content as Array<{ type: string; toolCallId?: string; toolName?: string; input?: unknown }>) {
      if (p.type === 'tool-call' && p.toolCallId && results.has(p.toolCallId) && !isConfirmationRequest(results.get(p.toolCallId))) {
        calls.push({ name: p.toolName!, input: p.input, output: results.get(p.toolCallId) });
      }
    }
  }
  return calls;
}

/** Whether a message holds a preview that waits for the user (an approval was issued for it). */
const hasConfirmationRequest = (m: ModelMessage): boolean => m.role === 'tool' && Array.isArray(m.content)
  && (m.content as Array<{ type: string; output?: { value?: unknown } }>).some((p) => p.type === 'tool-result' && isConfirmationRequest(p.output?.value ?? p.output));

/** A step that ended on a preview waiting for the user stops the turn: the user answers first. */
const stopAtConfirmation: StopCondition<ToolSet> = ({ steps }) =>
  (steps[steps.length - 1]?.toolResults ?? []).some((r) => isConfirmationRequest((r as { output?: unknown }).output));

const ASK = 'Please confirm: reply yes to go ahead or no to cancel.';

function askFor(pending: PendingApproval[], reply: string): string {
  const missing = pending.filter((p) => !reply.includes(p.summary)).map((p) => p.summary);
  return [...missing, ASK].join(' ');
}

/** What an approved call did, in words: the tool's own summary of the change, or its error. */
function approvedReply(p: PendingApproval, output: unknown): string {
  const o = output as { error?: { message?: string }; status?: string } | null;
  if (o?.error) return `${o.error.message ?? 'That did not work.'} Nothing was changed.`;
  const [verb, ...rest] = p.summary.trim().replace(/\?\s*$/, '').split(' ');
  const done = PAST[verb] ?? (verb.endsWith('e') ? `${verb}d` : `${verb}ed`);
  return `${[done, ...rest].join(' ')}.`;
}

// The summaries ask with a verb first ("Delete Tom Baker and 2 interactions?"); the reply tells it done.
const PAST: Record<string, string> = { Tag: 'Tagged', Untag: 'Untagged', Run: 'Ran', Set: 'Set' };

const textChunks = (id: string, text: string): UIMessageChunk[] => [
  { type: 'text-start', id }, { type: 'text-delta', id, delta: text }, { type: 'text-end', id },
];

/** A message over the limit is refused before it is stored or parsed (it would hold the parser). */
export function checkMessage(text: string, field = 'message'): void {
  const checked = ChatMessageText.safeParse(text);
  if (!checked.success) throw new InvalidInputError(field, `${field}: ${checked.error.issues[0].message}; split it into shorter messages.`);
}

/**
 * The one agent loop every surface uses: the web page reads its stream parts, the CLI and Slack
 * its end. The model never approves anything: a destructive call it makes is answered with a
 * preview and stored as a pending approval (ApprovalStore); the loop alone reads the user's
 * answer, runs the stored call on an unambiguous yes, and writes the call and its result into
 * the history, so every call in a conversation always has its result (a chat never breaks on a
 * confirmation answered late or never).
 */
export function createAgent(options: AgentOptions): Agent {
  const { runtime, model, sessions } = options;
  const approvals = options.approvals ?? createApprovalStore(runtime.db);

  async function stream(userId: string, input: string | TurnInput, sessionId?: string, streamOptions: { create?: boolean; abortSignal?: AbortSignal } = {}): Promise<TurnStream> {
    const { text, approval } = typeof input === 'string' ? { text: input, approval: undefined } : input;
    checkMessage(text);
    const fresh = !sessionId;
    const id = sessionId && streamOptions.create ? await sessions.open(userId, sessionId, text) : sessionId ?? (await sessions.create(userId, text));
    // A session made for this message has no history and nothing waiting: two reads fewer per one-shot turn.
    const history = fresh ? [] : await sessions.messages(userId, id);
    const waiting = fresh ? [] : await approvals.pending(userId, id);

    let settle!: (r: TurnResult) => void;
    let fail!: (e: unknown) => void;
    const result = new Promise<TurnResult>((resolve, reject) => { settle = resolve; fail = reject; });
    result.catch(() => {});
    const user: ModelMessage = { role: 'user', content: text };

    /** A turn the loop answers itself, without the model. */
    async function answer(writer: { write(c: UIMessageChunk): void }, reply: string, added: ModelMessage[], toolCalls: ToolCallRecord[] = []) {
      for (const c of textChunks(`reply-${crypto.randomUUID()}`, reply)) writer.write(c);
      await sessions.append(userId, id, [user, ...added, { role: 'assistant', content: reply }]);
      const still = await approvals.pending(userId, id);
      settle({ sessionId: id, reply, toolCalls, pendingConfirmations: still.map(pendingOf), choices: readChoices(reply) });
    }

    async function run(writer: { write(c: UIMessageChunk): void; merge(s: ReadableStream<UIMessageChunk>): void }) {
      writer.write({ type: 'start' });
      // The answer to a confirmation: a card names its id; a plain reply answers what this chat is waiting for.
      let chosen: PendingApproval[] = [];
      let approved = false;
      if (approval) {
        const p = waiting.find((w) => w.id === approval.id);
        if (!p) {
          await answer(writer, 'That confirmation is not waiting any more (it was already answered, or it was never asked here), so nothing was changed.', []);
          return;
        }
        chosen = [p];
        approved = approval.approved;
      } else if (waiting.length > 0) {
        const said = readConfirmation(text);
        if (said !== 'unclear') { chosen = waiting; approved = said === 'yes'; }
      }
      if (chosen.length > 0) {
        const added: ModelMessage[] = [];
        const calls: ToolCallRecord[] = [];
        const replies: string[] = [];
        for (const p of chosen) {
          if (!approved) {
            const taken = await approvals.resolve(userId, p.id, false);
            replies.push(taken ? 'Cancelled; nothing was changed.' : `"${p.summary}" was already answered; nothing more was changed.`);
            continue;
          }
          const tool = findTool(p.toolName);
          // runTool takes the approval in the transaction that acts: of two answers racing for it, one runs it.
          const callInput = { ...p.input, confirm: true, approval_id: p.id };
          const output = tool ? await runUndoable(runtime, userId, tool, callInput, { approvals: false }) : { error: { code: 'not_found', message: `No tool ${p.toolName}.` } };
          if (tool && (output as { status?: unknown } | null)?.status === 'confirmation_required') { replies.push(`"${p.summary}" was already answered; nothing more was changed.`); continue; }
          const toolCallId = `approved-${p.id}`;
          added.push(
            { role: 'assistant', content: [{ type: 'tool-call', toolCallId, toolName: p.toolName, input: callInput }] },
            { role: 'tool', content: [{ type: 'tool-result', toolCallId, toolName: p.toolName, output: { type: 'json', value: JSON.parse(JSON.stringify(output ?? null)) } }] },
          );
          writer.write({ type: 'tool-input-available', toolCallId, toolName: p.toolName, input: callInput });
          writer.write({ type: 'tool-output-available', toolCallId, output });
          calls.push({ name: p.toolName, input: callInput, output });
          replies.push(approvedReply(p, output));
        }
        await answer(writer, [...new Set(replies)].join(' '), added, calls);
        return;
      }

      let response: ModelMessage[] = [];
      let reply: string;
      let streamError: unknown;
      try {
        const tools = createAgentTools(runtime, userId, { sessionId: id, inputJsonSchemas: (model as { readsToolSchemas?: boolean }).readsToolSchemas !== false });
        const signals = [AbortSignal.timeout(options.timeoutMs ?? 60_000), ...(streamOptions.abortSignal ? [streamOptions.abortSignal] : [])];
        const result = streamText({
          model,
          system: agentInstructions(runtime.now(), runtime.tz),
          messages: [...history, user],
          tools,
          stopWhen: [stepCountIs(MAX_STEPS), stopAtConfirmation],
          maxRetries: 1,
          abortSignal: AbortSignal.any(signals),
          onError: ({ error }) => { streamError ??= error; },
        });
        const parts = result.toUIMessageStream({ sendStart: false, sendFinish: false, sendReasoning: false, onError: () => '' });
        const reader = parts.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (value.type !== 'error') writer.write(value);
        }
        if (streamError) throw streamError;
        response = (await result.response).messages;
        reply = (await result.text).trim();
        const steps = await result.steps;
        const last = steps[steps.length - 1];
        if (steps.length >= MAX_STEPS && last?.finishReason === 'tool-calls' && !(last.toolResults ?? []).some((r) => isConfirmationRequest((r as { output?: unknown }).output))) {
          for (const c of textChunks('step-limit', (reply ? ' ' : '') + STOPPED_AT_STEP_LIMIT)) writer.write(c);
          reply = reply ? `${reply} ${STOPPED_AT_STEP_LIMIT}` : STOPPED_AT_STEP_LIMIT;
          response.push({ role: 'assistant', content: STOPPED_AT_STEP_LIMIT });
        }
      } catch (error) {
        reply = modelFailureReply(error, reportError(runtime.log, 'the model failed', error));
        response = [{ role: 'assistant', content: reply }];
        for (const c of textChunks('failure', reply)) writer.write(c);
      }
      // Nothing asked before or during this turn: nothing can be waiting.
      const pending = waiting.length > 0 || response.some(hasConfirmationRequest) ? await approvals.pending(userId, id) : [];
      if (pending.length > 0) {
        // Asked again after every reply while something waits: "yes" then answers what was just asked.
        const ask = askFor(pending, reply);
        for (const c of textChunks('ask', (reply ? ' ' : '') + ask)) writer.write(c);
        reply = reply ? `${reply} ${ask}` : ask;
        response.push({ role: 'assistant', content: ask });
      }
      await sessions.append(userId, id, [user, ...response]);
      settle({ sessionId: id, reply: reply || 'Done.', toolCalls: collectToolCalls(response), pendingConfirmations: pending.map(pendingOf), choices: readChoices(reply) });
    }

    const ui = createUIMessageStream({
      execute: async ({ writer }) => {
        try {
          await run(writer);
          writer.write({ type: 'finish' });
        } catch (error) {
          fail(error);
          throw error;
        }
      },
      onError: (error) => `The assistant could not answer (error id ${reportError(runtime.log, 'the agent turn failed', error)}); nothing more was changed.`,
    });
    return { sessionId: id, stream: ui, result };
  }

  return {
    stream,
    async turn(userId, input, sessionId) {
      const t = await stream(userId, input, sessionId);
      const reader = t.stream.getReader();
      while (!(await reader.read()).done) { /* the CLI and Slack read the end */ }
      return t.result;
    },
  };
}

const pendingOf = (p: PendingApproval): PendingConfirmation => ({ approvalId: p.id, toolName: p.toolName, input: p.input, summary: p.summary });

function modelFailureReply(error: unknown, errorId: string): string {
  // Retries wrap the last provider error.
  const outer = error as { lastError?: unknown; cause?: unknown };
  const e = (outer.lastError ?? error) as { name?: string; statusCode?: number; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'The language model did not answer in time, so nothing was changed. Please try again.';
  if (e.statusCode) return `The language model server answered with an error (HTTP ${e.statusCode}), so nothing was changed. Please try again.`;
  return `The language model could not be used (error id ${errorId}), so nothing was changed.`;
}
