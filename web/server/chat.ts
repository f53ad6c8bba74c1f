import type { Context, Hono } from 'hono';
import { createUIMessageStream, createUIMessageStreamResponse, generateId, validateUIMessages, type UIMessage } from 'ai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Kith } from '../../app/open-kith.js';
import { checkMessage, createAgent } from '../../agent/agent.js';
import { createSessionStore } from '../../agent/sessions.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';
import { isUuid } from '../../agent/tools/shared/resolve-contact.js';
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

/** The user's new message: `message`, or the last of `messages` (what useChat sends by default). */
async function newMessage(body: Record<string, unknown>): Promise<UIMessage> {
  const sent = body.message ?? (Array.isArray(body.messages) ? body.messages[body.messages.length - 1] : undefined);
  if (!sent) throw new InvalidInputError('messages', 'messages: send the new message (message, or messages ending with it).');
  let message: UIMessage;
  try {
    [message] = await validateUIMessages({ messages: [sent] });
  } catch (error) {
    throw new InvalidInputError('messages', `messages: ${(error as Error).message}`);
  }
  if (message.role !== 'user') throw new InvalidInputError('messages', 'messages: the new message must be the user\'s.');
  return message;
}

function approvalOf(body: Record<string, unknown>): { id: string; approved: boolean } | undefined {
  const a = body.approval as { id?: unknown; approved?: unknown } | undefined;
  if (a === undefined || a === null) return undefined;
  if (typeof a !== 'object' || typeof a.id !== 'string' || typeof a.approved !== 'boolean') {
    throw new InvalidInputError('approval', 'approval: give {"id": "<approval id>", "approved": true|false}.');
  }
  return { id: a.id, approved: a.approved };
}

/**
 * POST /api/chat: the agent loop (agent/agent.ts) as an AI SDK UI message stream (what useChat
 * reads). The conversation is the server's: the page sends only its new message (and, from a
 * confirmation card, the approval id it answers); whatever history or approvals a client sends
 * are ignored, so nothing runs that the server did not ask the user about. Each chat is saved
 * for display when it finishes.
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
  const sessions = createSessionStore(kith.runtime.db);
  const list = async (c: Context<WebEnv>) => c.json({ chats: await store.list(c.get('user').id) });

  const load = async (c: Context<WebEnv>) => {
    const id = c.req.param('id') ?? '';
    return c.json({ id, messages: await store.load(c.get('user').id, id) });
  };

  const post = async (c: Context<WebEnv>) => {
    const user = c.get('user');
    const body = await bodyInput(c);
    const id = typeof body.id === 'string' ? body.id : '';
    if (!isUuid(id)) throw new InvalidInputError('id', 'id: a chat id is a UUID.');
    const message = await newMessage(body);
    const approval = approvalOf(body);
    const text = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ').trim();
    if (!text && !approval) throw new InvalidInputError('messages', 'messages: the new message has no text.');
    checkMessage(text, 'messages');
    const shown = await store.load(user.id, id).catch((e) => {
      if ((e as { code?: string }).code === 'not_found') return [] as UIMessage[];
      throw e;
    });
    const agent = createAgent({ runtime: kith.runtime, model: await options.model(), sessions });
    const turn = await agent.stream(user.id, { text: text || (approval!.approved ? 'yes' : 'no'), approval }, id, { create: true, abortSignal: c.req.raw.signal });

    const stream = createUIMessageStream<UIMessage>({
      originalMessages: [...shown, message],
      generateId,
      execute: ({ writer }) => writer.merge(turn.stream),
      onError: (error) => `The assistant could not answer (error id ${reportError(kith.log, 'chat failed', error)}); nothing more was changed.`,
      onFinish: async ({ messages: finished }) => {
        await store.save(user.id, id, finished).catch((error) => reportError(kith.log, 'saving the chat failed', error));
      },
    });
    return createUIMessageStreamResponse({ stream });
  };
  return { list, load, post };
}
