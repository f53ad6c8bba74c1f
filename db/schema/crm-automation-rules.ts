import { pgTable, uuid, text, timestamp, boolean, jsonb, unique } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * A workflow rule the user switched on or off, with its parameters (migration 0075). The rules
 * themselves, their parameters' schemas and defaults live in agent/tools/automation/rules.ts.
 */
export const crmAutomationRules = pgTable('crm_automation_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  rule: text('rule').notNull(),
  enabled: boolean('enabled').notNull().default(false),
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('crm_automation_rules_user_rule').on(t.userId, t.rule)]);
