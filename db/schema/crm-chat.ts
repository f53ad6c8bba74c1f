import { pgTable, uuid, text, timestamp, jsonb, index, bigserial } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A conversation with the agent, on any surface (CLI session, web chat, Slack thread). */
export const crmChatSessions = pgTable('crm_chat_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title'),
  /** Working memory of the conversation: the last contact spoken of, a pending confirmation. */
  state: jsonb('state').notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('crm_chat_sessions_user_idx').on(t.userId, t.updatedAt)]);

export const crmChatMessages = pgTable('crm_chat_messages', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  sessionId: uuid('session_id').notNull().references(() => crmChatSessions.id, { onDelete: 'cascade' }),
  /** An AI SDK ModelMessage (role and content), stored as is. */
  message: jsonb('message').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('crm_chat_messages_session_idx').on(t.sessionId, t.seq)]);
