import { pgTable, uuid, text, timestamp, date, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { teams } from './teams.js';
import { contactSource, relationshipType, connectionStrength } from './enums.js';

export const crmContacts = pgTable('crm_contacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email'),
  phone: text('phone'),
  company: text('company'),
  jobTitle: text('job_title'),
  linkedinUrl: text('linkedin_url'),
  twitterUrl: text('twitter_url'),
  location: text('location'),
  contactSource: contactSource('contact_source'),
  relationshipType: relationshipType('relationship_type'),
  connectionStrength: connectionStrength('connection_strength'),
  lastContactDate: date('last_contact_date', { mode: 'string' }),
  nextFollowUpDate: date('next_follow_up_date', { mode: 'string' }),
  followUpReason: text('follow_up_reason'),
  notes: text('notes'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  /** What find_contacts matches: stored, so a scan compares text instead of rebuilding it per row. */
  searchText: text('search_text').generatedAlwaysAs(
    sql`lower(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(company, ''))`,
  ),
  /**
   * Lower-cased copies for exact lookups. Under row-level security a non-leakproof function such as
   * lower() in a WHERE clause cannot use an index (it must run after the policy), while plain text
   * equality on a column can: resolving "priya@x.com" or "Priya Patel" is an index lookup, not a scan.
   */
  emailKey: text('email_key').generatedAlwaysAs(sql`lower(email)`),
  firstNameKey: text('first_name_key').generatedAlwaysAs(sql`lower(first_name)`),
  lastNameKey: text('last_name_key').generatedAlwaysAs(sql`lower(last_name)`),
  fullNameKey: text('full_name_key').generatedAlwaysAs(sql`lower(first_name || ' ' || last_name)`),
  companyKey: text('company_key').generatedAlwaysAs(sql`lower(company)`),
  /** Private when null; else shared with this team of the owner's, which may read it (migration 0078). */
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('crm_contacts_user_name_idx').on(t.userId, t.lastName, t.firstName, t.id),
  index('crm_contacts_user_first_name_key_idx').on(t.userId, t.firstNameKey),
  index('crm_contacts_user_last_name_key_idx').on(t.userId, t.lastNameKey),
  index('crm_contacts_user_full_name_key_idx').on(t.userId, t.fullNameKey),
  index('crm_contacts_user_email_key_idx').on(t.userId, t.emailKey),
  index('crm_contacts_user_company_key_idx').on(t.userId, t.companyKey),
  index('crm_contacts_user_follow_up_idx').on(t.userId, t.nextFollowUpDate).where(sql`${t.nextFollowUpDate} is not null`),
  index('crm_contacts_full_name_trgm_idx').using('gin', sql`${t.fullNameKey} gin_trgm_ops`),
  index('crm_contacts_search_text_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  index('crm_contacts_tags_idx').using('gin', t.tags),
  index('crm_contacts_team_idx').on(t.teamId).where(sql`${t.teamId} is not null`),
]);
