import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, jsonb, primaryKey, unique } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';
import { crmOpportunities } from './crm-opportunities.js';
import { crmInteractions } from './crm-interactions.js';

export const CRM_PROVIDERS = ['hubspot', 'salesforce'] as const;
export type CrmProvider = (typeof CRM_PROVIDERS)[number];

/** A user's HubSpot or Salesforce connection; the credentials are one sealed JSON value (db/secret-box.ts). */
export const crmSyncAccounts = pgTable('crm_sync_accounts', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: CRM_PROVIDERS }).notNull(),
  secret: text('secret').notNull(),
  /** HubSpot's API origin, or the Salesforce instance URL. */
  baseUrl: text('base_url').notNull(),
  /** Salesforce: where OAuth tokens are refreshed (login.salesforce.com or a My Domain). */
  loginUrl: text('login_url'),
  /** The newest remote modification time the last sync saw: the next one reads only what changed after it. */
  remoteCursor: timestamp('remote_cursor', { withTimezone: true }),
  lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
  lastSyncError: text('last_sync_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'crm_sync_accounts_pk', columns: [t.userId, t.provider] })]);

/** A Kith record and the remote record it is, with the values both sides had at the last sync. */
export const crmSyncLinks = pgTable('crm_sync_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: CRM_PROVIDERS }).notNull(),
  kind: text('kind', { enum: ['contact', 'opportunity', 'interaction'] }).notNull(),
  externalId: text('external_id').notNull(),
  contactId: uuid('contact_id').references(() => crmContacts.id, { onDelete: 'cascade' }),
  opportunityId: uuid('opportunity_id').references(() => crmOpportunities.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').references(() => crmInteractions.id, { onDelete: 'cascade' }),
  syncedValues: jsonb('synced_values').$type<Record<string, string | null>>().notNull().default(sql`'{}'::jsonb`),
  remoteModifiedAt: timestamp('remote_modified_at', { withTimezone: true }),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('crm_sync_links_external_unique').on(t.userId, t.provider, t.kind, t.externalId)]);
