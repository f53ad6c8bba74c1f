import { pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';

/** Slack requests already taken (event_id, trigger_id): retries of them are acknowledged and dropped. */
export const slackEventDedup = pgTable('slack_event_dedup', {
  key: text('key').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('slack_event_dedup_received_idx').on(t.receivedAt)]);
