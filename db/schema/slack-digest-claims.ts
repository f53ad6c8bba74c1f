import { pgTable, uuid, text, timestamp, date, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * One row per user and local day whose digest a process has claimed: the primary key makes the
 * daily digest go out once even with several `kith serve` processes on one database.
 */
export const slackDigestClaims = pgTable('slack_digest_claims', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  localDate: date('local_date', { mode: 'string' }).notNull(),
  /** sending, sent, empty (nothing to say) */
  status: text('status').notNull().default('sending'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  messageTs: text('message_ts'),
}, (t) => [primaryKey({ name: 'slack_digest_claims_pk', columns: [t.userId, t.localDate] })]);
