import type { Context, Hono } from 'hono';
import {
  convertToModelMessages, createUIMessageStream, createUIMessageStreamResponse, generateId, stepCountIs, streamText,
  validateUIMessages, type UIMessage, type UIMessageChunk,
} from 'ai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Kith } from '../../app/open-kith.js';
import { createAgentTools, runForAgent } from '../../agent/agent-tools.js';
import { agentInstructions } from '../../agent/instructions.js';
import { MAX_STEPS, checkMessage } from '../../agent/agent.js';
import { findTool } from '../../agent/tools/catalog.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';
import type { WebEnv } from './auth.js';
import { reportError } from '../../agent/tools/shared/error-report.js';
import { bodyInput } from './tool-input.js';
import type { ChatStore } from './chat-store.js';

export interface ChatOptions {
  kith: Pick<Kith, 'runtime' | 'log'>;
  store: ChatStore;
  /** The language model (selected once from the configuration). */
  model: () => Promise<LanguageModelV3>;
}

/** The data part the page shows on a confirmation card: what the destructive call would change. */
export interface ConfirmationData { toolCallId: string; toolName: string; summary: string }

/** What an unconfirmed call would do, asked of the tool itself (it changes nothing without confirm). */
async function confirmationSummary(runtime: ToolRuntime, userId: string, toolName: string, input: unknown): Promise<string> {
  const tool = findTool(toolName);
  if (!tool) return `Run ${toolName}?`;
  if (!('confirm' in tool.input.shape)) return `${tool.title}?`;
  const preview = (await runForAgent(runtime, userId, tool, { ...(input as object), confirm: false })) as { summary?: string; error?: { message: string } };
  return preview.summary ?? preview.error?.message ?? `${tool.title}?`;
}

/** Follows each approval request in the stream with a data part saying what would change. */
function withConfirmationSummaries(runtime: ToolRuntime, userId: string): TransformStream<UIMessageChunk, UIMessageChunk> {
  const calls = new Map<string, { toolName: string; input: unknown }>();
  return new TransformStream({
    async transform(chunk, controller) {
      controller.enqueue(chunk);
      if (chunk.type === 'tool-input-available') calls.set(chunk.toolCallId, { toolName: chunk.toolName, input: chunk.input });
      if (chunk.type === 'tool-approval-request') {
        const call = calls.get(chunk.toolCallId);
        if (!call) return;
        const summary = await confirmationSummary(runtime, userId, call.toolName, call.input).catch(() => `Run ${call.toolName}?`);
        const data: ConfirmationData = { toolCallId: chunk.toolCallId, toolName: call.toolName, summary };
        controller.enqueue({ type: 'data-confirmation', id: `confirm-${chunk.toolCallId}`, data } as UIMessageChunk);
      }
    },
  });
}

/**
 * POST /api/chat: the agent as an AI SDK UI message stream (what useChat reads). The same tools,
 * instructions and step limit as every other surface; destructive calls stop at an approval
 * request and run only when the page sends the approval back. Each chat is saved when it finishes.
 */
export function mountChat(api: Hono<WebEnv>, options: ChatOptions): void {
  const handlers = chatHandlers(options);
  api.get('/chats', handlers.list);
  api.get('/chat/:id', handlers.load);
  api.post('/chat', handlers.post);
}

/** The chat's route handlers (create-app loads this module on the first chat request: `ai` is not needed to start). */
export function chatHandlers(options: ChatOptions) {
  const { kith, store } = options;
  const list = async (c: Context<WebEnv>) => c.json({ chats: await store.list(c.get('user').id) });

  const load = async (c: Context<WebEnv>) => {
    const id = c.req.param('id') ?? '';
    return c.json({ id, messages: await store.load(c.get('user').id, id) });
  };

  const post = async (c: Context<WebEnv>) => {
    const user = c.get('user');
    const body = await bodyInput(c);
    const id = typeof body.id === 'string' ? body.id : '';
    if (!Array.isArray(body.messages) || body.messages.length === 0) throw new InvalidInputError('messages', 'messages: send the conversation as UI messages.');
    let messages: UIMessage[];
    try {
      messages = await validateUIMessages({ messages: body.messages });
    } catch (error) {
      throw new InvalidInputError('messages', `messages: ${(error as Error).message}`);
    }
    const last = messages.at(-1);
    if (last?.role === 'user') checkMessage(last.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''), 'messages');
    if (id) await store.load(user.id, id).catch((e) => { if ((e as { code?: string }).code !== 'not_found') throw e; });
    const model = await options.model();
    const tools = createAgentTools(kith.runtime, user.id);
    const modelMessages = await convertToModelMessages(messages, { tools, ignoreIncompleteToolCalls: true });

    const stream = createUIMessageStream<UIMessage>({
      originalMessages: messages,
      generateId,
      execute: ({ writer }) => {
        const result = streamText({
          model,
          system: agentInstructions(kith.runtime.now(), kith.runtime.tz),
          messages: modelMessages,
          tools,
          stopWhen: stepCountIs(MAX_STEPS),
          maxRetries: 1,
          abortSignal: c.req.raw.signal,
        });
        writer.merge(result.toUIMessageStream({ sendReasoning: false }).pipeThrough(withConfirmationSummaries(kith.runtime, user.id)));
      },
      onError: (error) => `The assistant could not answer (error id ${reportError(kith.log, 'chat failed', error)}); nothing more was changed.`,
      onFinish: async ({ messages: finished }) => {
        if (!id) return;
        await store.save(user.id, id, finished).catch((error) => reportError(kith.log, 'saving the chat failed', error));
      },
    });
    return createUIMessageStreamResponse({ stream });
  };
  return { list, load, post };
}
