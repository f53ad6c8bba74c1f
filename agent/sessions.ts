import { and, asc, eq, sql } from 'drizzle-orm';
import type { ModelMessage } from 'ai';
import { crmChatMessages, crmChatSessions } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { withUser } from '../db/with-user.js';
import { isUuid } from './tools/shared/resolve-contact.js';
import { NotFoundError } from './tools/shared/errors.js';

/** Conversations with the agent, stored so that "yes" and "her" mean something on the next turn. */
export interface SessionStore {
  create(userId: string, title?: string): Promise<string>;
  /** The session with this id, created when new (the web page names its chats); another user's is "not found". */
  open(userId: string, sessionId: string, title?: string): Promise<string>;
  /** The session's messages, oldest first; a session of another user is "not found". */
  messages(userId: string, sessionId: string): Promise<ModelMessage[]>;
  append(userId: string, sessionId: string, messages: ModelMessage[]): Promise<void>;
}

export function createSessionStore(db: KithDb): SessionStore {
  return {
    async create(userId, title) {
      return withUser(db, userId, async (tx) => {
        const [row] = await tx.insert(crmChatSessions).values({ userId, title: title?.slice(0, 200) ?? null }).returning({ id: crmChatSessions.id });
        return row.id;
      });
    },
    async open(userId, sessionId, title) {
      if (!isUuid(sessionId)) throw new NotFoundError(`No chat session ${sessionId}.`);
      return withUser(db, userId, async (tx) => {
        // An id taken by another user conflicts on the key and inserts nothing; the select then finds nothing.
        await tx.insert(crmChatSessions).values({ id: sessionId, userId, title: title?.slice(0, 200) ?? null }).onConflictDoNothing({ target: crmChatSessions.id });
        const [session] = await tx.select({ id: crmChatSessions.id }).from(crmChatSessions)
          .where(and(eq(crmChatSessions.userId, userId), eq(crmChatSessions.id, sessionId)));
        if (!session) throw new NotFoundError(`No chat session ${sessionId}.`);
        return session.id;
      });
    },
    async messages(userId, sessionId) {
      if (!isUuid(sessionId)) throw new NotFoundError(`No chat session ${sessionId}.`);
      return withUser(db, userId, async (tx) => {
        const [session] = await tx.select({ id: crmChatSessions.id }).from(crmChatSessions)
          .where(and(eq(crmChatSessions.userId, userId), eq(crmChatSessions.id, sessionId)));
        if (!session) throw new NotFoundError(`No chat session ${sessionId}.`);
        const rows = await tx.select({ message: crmChatMessages.message }).from(crmChatMessages)
          .where(and(eq(crmChatMessages.userId, userId), eq(crmChatMessages.sessionId, sessionId)))
          .orderBy(asc(crmChatMessages.seq));
        return rows.map((r) => r.message as ModelMessage);
      });
    },
    async append(userId, sessionId, messages) {
      if (messages.length === 0) return;
      await withUser(db, userId, async (tx) => {
        await tx.insert(crmChatMessages).values(messages.map((message) => ({ userId, sessionId, message: toJson(message) })));
        await tx.update(crmChatSessions).set({ updatedAt: sql`now()` })
          .where(and(eq(crmChatSessions.userId, userId), eq(crmChatSessions.id, sessionId)));
      });
    },
  };
}

/** Messages may hold Dates or class instances from providers; store their JSON form. */
const toJson = (m: ModelMessage): unknown => JSON.parse(JSON.stringify(m));
