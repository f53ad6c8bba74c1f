import { pgTable, uuid, text, timestamp, date, boolean, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';
import { interactionType, interactionOutcome } from './enums.js';

export const crmInteractions = pgTable('crm_interactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => crmContacts.id, { onDelete: 'cascade' }),
  interactionType: interactionType('interaction_type').notNull(),
  interactionDate: timestamp('interaction_date', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /** False when only a day was given: the page shows the day without a time. */
  hasTime: boolean('has_time').notNull().default(true),
  subject: text('subject'),
  notes: text('notes'),
  outcome: interactionOutcome('outcome'),
  followUpRequired: boolean('follow_up_required').notNull().default(false),
  followUpDate: date('follow_up_date', { mode: 'string' }),
  /** A video-call link (Zoom, Teams, Meet) found in the notes or the calendar event. */
  meetingUrl: text('meeting_url'),
  attachments: text('attachments').array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('crm_interactions_contact_idx').on(t.contactId, t.interactionDate),
  index('crm_interactions_user_date_idx').on(t.userId, t.interactionDate),
]);
