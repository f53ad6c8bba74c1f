import { streamText, stepCountIs, type ModelMessage } from 'ai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ToolRuntime } from './tools/run-tool.js';
import { findTool } from './tools/catalog.js';
import { agentInstructions } from './instructions.js';
import { createAgentTools, runForAgent } from './agent-tools.js';
import { approvalResponses, pendingApprovals, readConfirmation, type PendingApproval } from './approvals.js';
import type { SessionStore } from './sessions.js';
import { reportError } from './tools/shared/error-report.js';
import { ChatMessageText } from './tools/shared/schemas.js';
import { InvalidInputError } from './tools/shared/errors.js';

export const MAX_STEPS = 8;

export interface ToolCallRecord {
  name: string;
  input: unknown;
  output: unknown;
}

export interface TurnResult {
  sessionId: string;
  reply: string;
  toolCalls: ToolCallRecord[];
  /** Actions waiting for the user's yes or no, each with what it would change. */
  pendingConfirmations: Array<{ toolName: string; input: unknown; summary: string }>;
}

export interface AgentOptions {
  runtime: ToolRuntime;
  model: LanguageModelV3;
  sessions: SessionStore;
  /** Time allowed for one turn against the model server. */
  timeoutMs?: number;
}

export interface Agent {
  turn(userId: string, text: string, sessionId?: string): Promise<TurnResult>;
}

/**
 * Pairs each tool result in the new messages with its call, in order. The call may be older: an
 * approved call was asked for in the previous turn and runs in this one.
 */
export function collectToolCalls(history: ModelMessage[], newMessages: ModelMessage[]): ToolCallRecord[] {
  const results = new Map<string, unknown>();
  for (const m of newMessages) {
    if (m.role !== 'tool' || !Array.isArray(m.content)) continue;
    for (const p of m.content as Array<{ type: string; toolCallId?: string; output?: { type: string; value?: unknown } }>) {
      if (p.type === 'tool-result' && p.toolCallId) results.set(p.toolCallId, p.output?.value ?? p.output);
    }
  }
  const calls: ToolCallRecord[] = [];
  for (const m of [...history, ...newMessages]) {
    if (m.role !== 'assistant' || !Array.isArray(m.content)) continue;
    for (const p of m.content as Array<{ type: string; toolCallId?: string; toolName?: string; input?: unknown }>) {
      if (p.type === 'tool-call' && p.toolCallId && results.has(p.toolCallId)) {
        calls.push({ name: p.toolName!, input: p.input, output: results.get(p.toolCallId) });
      }
    }
  }
  return calls;
}

/** What an unconfirmed call would do, from the tool itself (it changes nothing without confirm). */
async function describePending(runtime: ToolRuntime, userId: string, p: PendingApproval): Promise<string> {
  const tool = findTool(p.toolName);
  if (!tool) return `Run ${p.toolName}?`;
  const preview = (await runForAgent(runtime, userId, tool, { ...(p.input as object), confirm: false })) as { summary?: string; error?: { message: string } };
  return preview.summary ?? preview.error?.message ?? `Run ${tool.title.toLowerCase()}?`;
}

/** A message over the limit is refused before it is stored or parsed (it would hold the parser). */
export function checkMessage(text: string, field = 'message'): void {
  const checked = ChatMessageText.safeParse(text);
  if (!checked.success) throw new InvalidInputError(field, `${field}: ${checked.error.issues[0].message}; split it into shorter messages.`);
}

export function createAgent(options: AgentOptions): Agent {
  const { runtime, model, sessions } = options;
  return {
    async turn(userId, text, sessionId) {
      checkMessage(text);
      const id = sessionId ?? (await sessions.create(userId, text));
      const history = await sessions.messages(userId, id);
      const added: ModelMessage[] = [];
      const waiting = pendingApprovals(history);
      if (waiting.length > 0) {
        const answer = readConfirmation(text);
        // Anything but a clear yes cancels: a destructive action never runs on a guess.
        added.push(approvalResponses(waiting, answer === true));
        if (answer === undefined) added.push({ role: 'user', content: text });
        else if (answer === false) {
          // What generateText itself records for a denied call, so that later turns see a result for it.
          added.push({
            role: 'tool',
            content: waiting.map((p) => ({ type: 'tool-result' as const, toolCallId: p.toolCallId, toolName: p.toolName, output: { type: 'execution-denied' as const, reason: 'The user declined.' } })),
          });
          await sessions.append(userId, id, [...added, { role: 'user', content: text }, { role: 'assistant', content: 'Cancelled; nothing was changed.' }]);
          return { sessionId: id, reply: 'Cancelled; nothing was changed.', toolCalls: [], pendingConfirmations: [] };
        }
      } else {
        added.push({ role: 'user', content: text });
      }

      let response: ModelMessage[] = [];
      let reply: string;
      try {
        // Streaming is the one path for every surface: the CLI and Slack read the end, the web page the parts.
        let streamError: unknown;
        const result = streamText({
          model,
          system: agentInstructions(runtime.now(), runtime.tz),
          messages: [...history, ...added],
          tools: createAgentTools(runtime, userId),
          stopWhen: stepCountIs(MAX_STEPS),
          maxRetries: 1,
          abortSignal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
          onError: ({ error }) => { streamError ??= error; },
        });
        await result.consumeStream();
        if (streamError) throw streamError;
        response = (await result.response).messages;
        reply = (await result.text).trim();
      } catch (error) {
        reply = modelFailureReply(error, reportError(runtime.log, 'the model failed', error));
        response = [{ role: 'assistant', content: reply }];
      }

      const pending = pendingApprovals([...history, ...added, ...response]);
      const pendingConfirmations = [];
      for (const p of pending) {
        pendingConfirmations.push({ toolName: p.toolName, input: p.input, summary: await describePending(runtime, userId, p) });
      }
      if (pendingConfirmations.length > 0) {
        const ask = `${pendingConfirmations.map((c) => c.summary).join(' ')} Please confirm: reply yes to go ahead or no to cancel.`;
        reply = reply ? `${reply} ${ask}` : ask;
      }
      await sessions.append(userId, id, [...added, ...response]);
      return { sessionId: id, reply: reply || 'Done.', toolCalls: collectToolCalls(history, [...added, ...response]), pendingConfirmations };
    },
  };
}

function modelFailureReply(error: unknown, errorId: string): string {
  // Retries wrap the last provider error.
  const outer = error as { lastError?: unknown; cause?: unknown };
  const e = (outer.lastError ?? error) as { name?: string; statusCode?: number; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'The language model did not answer in time, so nothing was changed. Please try again.';
  if (e.statusCode) return `The language model server answered with an error (HTTP ${e.statusCode}), so nothing was changed. Please try again.`;
  return `The language model could not be used (error id ${errorId}), so nothing was changed.`;
}
