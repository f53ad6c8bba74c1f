import { pgTable, uuid, text, timestamp, boolean, smallint } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  displayName: text('display_name'),
  timeZone: text('time_zone'),
  isLocalOwner: boolean('is_local_owner').notNull().default(false),
  digestHour: smallint('digest_hour').notNull().default(9),
  /** The subscription plan (plans.name); none on a self-hosted install: no limits. */
  plan: text('plan'),
  stripeCustomerId: text('stripe_customer_id').unique(),
  /** When the user proved the address by a link sent to it (migration 0070). */
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  /** The user's place in the instance: the owner and admins manage users and plans. */
  role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull().default('member'),
  /** Set by an admin (migration 0076): the user's sessions end, and their tokens are refused until it is cleared. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
