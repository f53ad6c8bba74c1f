import { pgTable, uuid, text, timestamp, date, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';
import { crmOpportunities } from './crm-opportunities.js';
import { taskKind, taskStatus } from './enums.js';

/**
 * A to-do with an optional due date, about a contact, an opportunity or neither. A contact's
 * next_follow_up_date mirrors its earliest open task (kept so by agent/tools/shared/follow-up-tasks.ts).
 */
export const crmTasks = pgTable('crm_tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').references(() => crmContacts.id, { onDelete: 'set null' }),
  opportunityId: uuid('opportunity_id').references(() => crmOpportunities.id, { onDelete: 'set null' }),
  /** follow_up: the contact's follow-up that schedule_follow_up moves; todo: any other task. */
  kind: taskKind('kind').notNull().default('todo'),
  title: text('title').notNull(),
  notes: text('notes'),
  dueDate: date('due_date', { mode: 'string' }),
  status: taskStatus('status').notNull().default('open'),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  /** The automation rule that made this task (agent/tools/automation), or null for one the user made. */
  automationRule: text('automation_rule'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('crm_tasks_user_open_due_idx').on(t.userId, t.dueDate).where(sql`${t.status} = 'open'`),
  index('crm_tasks_contact_idx').on(t.contactId, t.dueDate).where(sql`${t.status} = 'open'`),
  index('crm_tasks_opportunity_idx').on(t.opportunityId),
  index('crm_tasks_automation_idx').on(t.userId, t.automationRule, t.opportunityId).where(sql`${t.automationRule} is not null and ${t.status} = 'open'`),
  check('crm_tasks_title_not_empty', sql`length(btrim(${t.title})) > 0`),
]);
