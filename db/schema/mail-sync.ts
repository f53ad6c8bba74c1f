import { pgTable, uuid, text, timestamp, bigint, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { crmContacts } from './crm-contacts.js';
import { crmInteractions } from './crm-interactions.js';

/** Per folder, how far the sync has committed: UIDs are only comparable under one UIDVALIDITY. */
export const mailFolderStates = pgTable('mail_folder_states', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  folder: text('folder').notNull(),
  uidValidity: bigint('uid_validity', { mode: 'bigint' }).notNull(),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
  /** The folder's HIGHESTMODSEQ at the last sync (CONDSTORE); null when the server has none. */
  highestModseq: bigint('highest_modseq', { mode: 'bigint' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.folder] })]);

/** Every message read once (by Message-ID), its body cleaned: the threads are rebuilt from these. */
export const mailMessages = pgTable('mail_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  messageId: text('message_id').notNull(),
  threadKey: text('thread_key').notNull(),
  folder: text('folder'),
  direction: text('direction', { enum: ['incoming', 'outgoing'] }).notNull(),
  fromAddress: text('from_address').notNull(),
  fromName: text('from_name'),
  toAddresses: text('to_addresses').array().notNull().default([]),
  subject: text('subject'),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  body: text('body').notNull(),
  attachments: text('attachments').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('mail_messages_user_message_idx').on(t.userId, t.messageId),
  index('mail_messages_user_thread_idx').on(t.userId, t.threadKey, t.sentAt),
  index('mail_messages_user_sent_idx').on(t.userId, t.sentAt),
]);

/** Threads that got a message since the no-response pass last looked (written with the message, taken by the pass). */
export const mailThreadsToJudge = pgTable('mail_threads_to_judge', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  threadKey: text('thread_key').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.threadKey] })]);

/** The interaction that holds a thread for one contact. */
export const mailThreadInteractions = pgTable('mail_thread_interactions', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  threadKey: text('thread_key').notNull(),
  contactId: uuid('contact_id').notNull().references(() => crmContacts.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => crmInteractions.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.userId, t.threadKey, t.contactId] }), index('mail_thread_interactions_interaction_idx').on(t.interactionId)]);

/** An address that wrote (or was written to) and is no contact yet: offered, never dropped. */
export const mailUnknownSenders = pgTable('mail_unknown_senders', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  address: text('address').notNull(),
  addressKey: text('address_key').notNull(),
  name: text('name'),
  messageCount: integer('message_count').notNull().default(1),
  lastSubject: text('last_subject'),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  status: text('status', { enum: ['pending', 'accepted', 'dismissed'] }).notNull().default('pending'),
  contactId: uuid('contact_id').references(() => crmContacts.id, { onDelete: 'set null' }),
}, (t) => [uniqueIndex('mail_unknown_senders_user_address_idx').on(t.userId, t.addressKey)]);
