import { pgTable, uuid, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** Sign-ins, token use, destructive actions and admins' changes to users (migrations 0018, 0076): added, read, never changed. */
export const crmAuditEvents = pgTable('crm_audit_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  kind: text('kind', { enum: ['sign_in', 'token_used', 'destructive_action', 'admin_action'] }).notNull(),
  surface: text('surface').notNull().default(''),
  toolName: text('tool_name'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('crm_audit_events_user_at_idx').on(t.userId, t.at, t.id)]);
