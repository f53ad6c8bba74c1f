import { and, desc, eq, sql } from 'drizzle-orm';
import type { UIMessage } from 'ai';
import { crmChatSessions } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import { withUser } from '../../db/with-user.js';
import { isUuid } from '../../agent/tools/shared/resolve-contact.js';
import { NotFoundError, InvalidInputError } from '../../agent/tools/shared/errors.js';

/** The page's conversations: the UI messages of each chat, kept in crm_chat_sessions.state. */
export interface ChatStore {
  load(userId: string, chatId: string): Promise<UIMessage[]>;
  save(userId: string, chatId: string, messages: UIMessage[]): Promise<void>;
  list(userId: string, limit?: number): Promise<Array<{ id: string; title: string | null; updated_at: string }>>;
}

function checkId(chatId: string): void {
  if (!isUuid(chatId)) throw new InvalidInputError('id', 'id: a chat id is a UUID.');
}

function titleOf(messages: UIMessage[]): string | null {
  const first = messages.find((m) => m.role === 'user');
  const text = first?.parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ').trim();
  return text ? text.slice(0, 200) : null;
}

export function createChatStore(db: KithDb): ChatStore {
  return {
    async load(userId, chatId) {
      checkId(chatId);
      return withUser(db, userId, async (tx) => {
        const [row] = await tx.select({ state: crmChatSessions.state }).from(crmChatSessions)
          .where(and(eq(crmChatSessions.userId, userId), eq(crmChatSessions.id, chatId)));
        if (!row) throw new NotFoundError(`No chat ${chatId}.`);
        return ((row.state as { ui_messages?: UIMessage[] }).ui_messages ?? []);
      });
    },
    async save(userId, chatId, messages) {
      checkId(chatId);
      const state = JSON.parse(JSON.stringify({ ui_messages: messages }));
      await withUser(db, userId, async (tx) => {
        // Row-level security hides another user's chat: its id then fails the insert, never updates it.
        await tx.insert(crmChatSessions)
          .values({ id: chatId, userId, title: titleOf(messages), state })
          .onConflictDoUpdate({ target: crmChatSessions.id, set: { state, updatedAt: sql`now()` }, setWhere: eq(crmChatSessions.userId, userId) });
      });
    },
    async list(userId, limit = 20) {
      return withUser(db, userId, async (tx) => {
        const rows = await tx.select({ id: crmChatSessions.id, title: crmChatSessions.title, updatedAt: crmChatSessions.updatedAt })
          .from(crmChatSessions)
          .where(and(eq(crmChatSessions.userId, userId), sql`${crmChatSessions.state} ? 'ui_messages'`))
          .orderBy(desc(crmChatSessions.updatedAt)).limit(limit);
        return rows.map((r) => ({ id: r.id, title: r.title, updated_at: r.updatedAt.toISOString() }));
      });
    },
  };
}
