import { pgTable, uuid, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { crmChatSessions } from './crm-chat.js';

/** A Slack thread (or a channel's slash commands) is one agent conversation per Kith user. */
export const slackThreads = pgTable('slack_threads', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  teamId: text('team_id').notNull(),
  channelId: text('channel_id').notNull(),
  /** The thread's root ts, or "slash" for the /kith conversation of a channel. */
  threadTs: text('thread_ts').notNull(),
  sessionId: uuid('session_id').notNull().references(() => crmChatSessions.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('slack_threads_key_idx').on(t.userId, t.teamId, t.channelId, t.threadTs)]);
