import { pgTable, uuid, text, timestamp, jsonb, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A CSV column mapping the user confirmed, found again by the file's header (row-level security: the user's own). */
export const importMappings = pgTable('import_mappings', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  headerSignature: text('header_signature').notNull(),
  header: text('header').array().notNull(),
  columns: jsonb('columns').$type<Record<string, string>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('import_mappings_user_header_idx').on(t.userId, t.headerSignature)]);
