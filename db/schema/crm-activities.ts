import { pgTable, uuid, text, timestamp, index } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';
import { crmOpportunities } from './crm-opportunities.js';
import { activityType } from './enums.js';

export const crmActivities = pgTable('crm_activities', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  activityType: activityType('activity_type').notNull(),
  activityDate: timestamp('activity_date', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  description: text('description').notNull(),
  relatedContactId: uuid('related_contact_id').references(() => crmContacts.id, { onDelete: 'set null' }),
  relatedOpportunityId: uuid('related_opportunity_id').references(() => crmOpportunities.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('crm_activities_user_date_idx').on(t.userId, t.activityDate)]);
