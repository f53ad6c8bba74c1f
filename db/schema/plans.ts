import { pgTable, text, integer, smallint } from 'drizzle-orm/pg-core';

/** The subscription plans and their limits (rows written by migration 0056; no user_id: shared by all). */
export const plans = pgTable('plans', {
  name: text('name').primaryKey(),
  title: text('title').notNull(),
  priceUsdMonth: integer('price_usd_month').notNull(),
  contactLimit: integer('contact_limit'),
  features: text('features').array().notNull().default([]),
  rank: smallint('rank').notNull(),
});
