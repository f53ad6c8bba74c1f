import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, jsonb, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** What a webhook can be told about (migration 0077 checks the same list). */
export const WEBHOOK_EVENTS = ['contact.added', 'interaction.logged', 'opportunity.stage_changed', 'follow_up.due'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What a delivery carries: an event, or the ping test_webhook sends. */
export type DeliveryEvent = WebhookEvent | 'ping';
export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A user's webhook endpoint; the signing secret is sealed (db/secret-box.ts) and never shown again after creation. */
export const crmWebhooks = pgTable('crm_webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  events: text('events').array().notNull().$type<WebhookEvent[]>(),
  secret: text('secret').notNull(),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('crm_webhooks_user_idx').on(t.userId)]);

/**
 * One event for one endpoint: written by the triggers of migration 0077 (or the reminder scheduler,
 * for follow-ups due), sent by the worker of `kith serve` (app/webhooks), retried until delivered or failed.
 */
export const crmWebhookDeliveries = pgTable('crm_webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  webhookId: uuid('webhook_id').notNull().references(() => crmWebhooks.id, { onDelete: 'cascade' }),
  event: text('event').notNull().$type<DeliveryEvent>(),
  /** Set for events raised once per thing (a follow-up and its due date): unique per endpoint. */
  eventKey: text('event_key'),
  payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  /** When to try next; null: as soon as possible. */
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  /** A send in progress belongs to its worker until then (a process that died gives it back). */
  leasedUntil: timestamp('leased_until', { withTimezone: true }),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('crm_webhook_deliveries_event_key_idx').on(t.webhookId, t.eventKey).where(sql`${t.eventKey} is not null`),
  index('crm_webhook_deliveries_due_idx').on(t.nextAttemptAt.asc().nullsFirst(), t.createdAt).where(sql`${t.status} in ('pending', 'sending')`),
  index('crm_webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
  index('crm_webhook_deliveries_user_idx').on(t.userId, t.createdAt),
]);
