import { pgTable, uuid, text, timestamp, integer, boolean, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const MAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export const MAIL_AUTH_METHODS = ['password', 'oauth2'] as const;

/** A user's mailbox connection (one per user); the secrets are sealed by db/secret-box.ts. */
export const mailAccounts = pgTable('mail_accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  ownAddress: text('own_address').notNull(),
  displayName: text('display_name'),
  authMethod: text('auth_method', { enum: MAIL_AUTH_METHODS }).notNull().default('password'),
  imapHost: text('imap_host'),
  imapPort: integer('imap_port'),
  imapSecurity: text('imap_security', { enum: MAIL_SECURITY }).notNull().default('tls'),
  imapUser: text('imap_user'),
  imapSecret: text('imap_secret'),
  smtpHost: text('smtp_host'),
  smtpPort: integer('smtp_port'),
  smtpSecurity: text('smtp_security', { enum: MAIL_SECURITY }).notNull().default('starttls'),
  smtpUser: text('smtp_user'),
  smtpSecret: text('smtp_secret'),
  folders: text('folders').array().notNull().default(['INBOX', 'Sent']),
  syncEnabled: boolean('sync_enabled').notNull().default(true),
  noReplyDays: integer('no_reply_days').notNull().default(7),
  lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
  lastSyncError: text('last_sync_error'),
  lastSyncCount: integer('last_sync_count'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('mail_accounts_user_idx').on(t.userId)]);
