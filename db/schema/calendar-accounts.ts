import { pgTable, uuid, text, timestamp, primaryKey, unique } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { crmInteractions } from './crm-interactions.js';
import { crmTasks } from './crm-tasks.js';
import { crmOpportunities } from './crm-opportunities.js';

/** A user's CalDAV server and the calendar Kith writes to; the password is sealed (db/secret-box.ts). */
export const calendarAccounts = pgTable('calendar_accounts', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  serverUrl: text('server_url').notNull(),
  username: text('username').notNull(),
  secret: text('secret').notNull(),
  /** The calendar's URL or display name; the first calendar when unset. */
  writeCalendar: text('write_calendar'),
  lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
  lastSyncError: text('last_sync_error'),
  /** Set while one process syncs this account, so that two never sync it at once. */
  syncClaimedAt: timestamp('sync_claimed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each calendar's CTag at the last sync: an unchanged calendar is not read again. */
export const calendarSyncStates = pgTable('calendar_sync_states', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  calendarUrl: text('calendar_url').notNull(),
  ctag: text('ctag'),
  /** The calendar's sync-token (RFC 6578) at the last sync; null when the server gives none. */
  syncToken: text('sync_token'),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'calendar_sync_states_pk', columns: [t.userId, t.calendarUrl] })]);

/** An event Kith read (direction in) or wrote (out), so that syncing again creates nothing twice. */
export const calendarEventLinks = pgTable('calendar_event_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  direction: text('direction', { enum: ['in', 'out'] }).notNull(),
  uid: text('uid').notNull(),
  calendarUrl: text('calendar_url').notNull(),
  href: text('href').notNull(),
  etag: text('etag'),
  contentHash: text('content_hash'),
  itemKey: text('item_key'),
  interactionId: uuid('interaction_id').references(() => crmInteractions.id, { onDelete: 'set null' }),
  taskId: uuid('task_id').references(() => crmTasks.id, { onDelete: 'set null' }),
  opportunityId: uuid('opportunity_id').references(() => crmOpportunities.id, { onDelete: 'set null' }),
  /** An event with contacts read while ahead: its start, after which it is logged as a meeting (migration 0080). */
  pendingUntil: timestamp('pending_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('calendar_event_links_uid_unique').on(t.userId, t.direction, t.uid)]);
