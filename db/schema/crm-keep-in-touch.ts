import { pgTable, uuid, text, timestamp, integer, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';

/**
 * How often to be in touch with one contact or with everyone under a tag. The next date is not
 * stored: it is the last touch plus every_days (agent/tools/keep-in-touch), so any interaction resets it.
 */
export const crmKeepInTouch = pgTable('crm_keep_in_touch', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').references(() => crmContacts.id, { onDelete: 'cascade' }),
  tag: text('tag'),
  everyDays: integer('every_days').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('crm_keep_in_touch_user_contact_idx').on(t.userId, t.contactId).where(sql`${t.contactId} is not null`),
  uniqueIndex('crm_keep_in_touch_user_tag_idx').on(t.userId, t.tag).where(sql`${t.tag} is not null`),
  check('crm_keep_in_touch_one_target', sql`(${t.contactId} is null) <> (${t.tag} is null)`),
  check('crm_keep_in_touch_every_days_range', sql`${t.everyDays} between 1 and 3650`),
]);
