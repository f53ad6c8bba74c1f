import { pgTable, uuid, integer } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** Per-user counts kept by triggers on crm_contacts (migration 0072); read-only for the app. */
export const crmUserCounters = pgTable('crm_user_counters', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  contacts: integer('contacts').notNull().default(0),
  contactsWithFollowUp: integer('contacts_with_follow_up').notNull().default(0),
});
