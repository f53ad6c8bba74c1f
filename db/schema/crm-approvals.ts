import { pgTable, uuid, text, timestamp, jsonb, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { crmChatSessions } from './crm-chat.js';

/** A destructive call waiting for the user's answer: only an id issued here can approve it. */
export const crmApprovals = pgTable('crm_approvals', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** The chat it was asked in; null for MCP, where the client answers with the id itself. */
  sessionId: uuid('session_id').references(() => crmChatSessions.id, { onDelete: 'cascade' }),
  toolName: text('tool_name').notNull(),
  /** The exact input that runs (without confirm). */
  input: jsonb('input').notNull(),
  summary: text('summary').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'denied'] }).notNull().default('pending'),
  /** 'suggestion': issued by Kith itself (a reply's outcome, an opportunity's next stage), accepted by the user. */
  origin: text('origin', { enum: ['confirmation', 'suggestion'] }).notNull().default('confirmation'),
  /** For a suggestion: what led to it, in words. */
  reason: text('reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
}, (t) => [
  index('crm_approvals_pending_idx').on(t.userId, t.sessionId).where(sql`${t.status} = 'pending'`),
  check('crm_approvals_status', sql`${t.status} in ('pending', 'approved', 'denied')`),
]);
