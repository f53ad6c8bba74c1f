import { pgTable, uuid, text, timestamp, index, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** Each Slack user (workspace + member id) acts as exactly one Kith user. */
export const slackIdentities = pgTable('slack_identities', {
  teamId: text('team_id').notNull(),
  slackUserId: text('slack_user_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  linkedAt: timestamp('linked_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ name: 'slack_identities_pk', columns: [t.teamId, t.slackUserId] }),
  index('slack_identities_user_idx').on(t.userId),
]);
