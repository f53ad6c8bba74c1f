import { pgTable, uuid, text, timestamp, smallint, integer, jsonb, index, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';

export const REMINDER_CHANNELS = ['email', 'slack', 'push'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/** How a user wants to be reminded: which channels, at what hour of their day. */
export const reminderSettings = pgTable('reminder_settings', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
  hour: smallint('hour').notNull().default(9),
  /** digest: one e-mail a day listing everything due; each: one e-mail per item. */
  emailMode: text('email_mode', { enum: ['digest', 'each'] }).notNull().default('digest'),
  /** Where reminder e-mails go; the mailbox's own address when unset. */
  emailTo: text('email_to'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One message on one channel; (user, channel, key) is unique, so it is claimed once across processes. */
export const reminderDeliveries = pgTable('reminder_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  key: text('key').notNull(),
  status: text('status', { enum: ['sending', 'sent', 'failed', 'gave_up'] }).notNull().default('sending'),
  payload: jsonb('payload').notNull(),
  attempts: integer('attempts').notNull().default(1),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('reminder_deliveries_key_unique').on(t.userId, t.channel, t.key),
  index('reminder_deliveries_retry_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('sending', 'failed')`),
]);

/** A Done or Snooze link a reminder carries: used once, then refused. */
export const reminderActions = pgTable('reminder_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  deliveryId: uuid('delivery_id').notNull().references(() => reminderDeliveries.id, { onDelete: 'cascade' }),
  itemKey: text('item_key').notNull(),
  action: text('action', { enum: ['done', 'snooze'] }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('reminder_actions_delivery_idx').on(t.deliveryId)]);

/** A browser (the installed web app) subscribed to web push. */
export const webPushSubscriptions = pgTable('web_push_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  endpoint: text('endpoint').notNull().unique(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  userAgent: text('user_agent'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('web_push_subscriptions_user_idx').on(t.userId)]);

/** This instance's keys (VAPID, the link-signing key), sealed by db/secret-box.ts. */
export const instanceKeys = pgTable('instance_keys', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
