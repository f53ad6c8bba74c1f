import { pgTable, uuid, text, timestamp, real, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';

export const crmContactInsights = pgTable('crm_contact_insights', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => crmContacts.id, { onDelete: 'cascade' }),
  insightType: text('insight_type').notNull(),
  insightText: text('insight_text').notNull(),
  confidenceScore: real('confidence_score'),
  generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [
  index('crm_contact_insights_contact_idx').on(t.contactId),
  check('crm_contact_insights_confidence_range', sql`${t.confidenceScore} is null or (${t.confidenceScore} >= 0 and ${t.confidenceScore} <= 1)`),
]);
