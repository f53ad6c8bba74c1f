import { pgTable, uuid, text, timestamp, jsonb, index, bigserial, char } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';

/** One tool call that changed something: what undo reverses as a whole (migration 0019). */
export const crmChangeSets = pgTable('crm_change_sets', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  id: uuid('id').notNull().unique(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  toolName: text('tool_name').notNull(),
  summary: text('summary').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  undoneAt: timestamp('undone_at', { withTimezone: true, mode: 'date' }),
  /** The change set of the undo that reversed this one. */
  undoneBy: uuid('undone_by'),
  /** For an automation rule's effect: the change set of the tool call it reacted to (undoing that one undoes this too). */
  causedBy: uuid('caused_by'),
}, (t) => [
  index('crm_change_sets_user_seq_idx').on(t.userId, t.seq),
  index('crm_change_sets_user_created_idx').on(t.userId, t.createdAt),
  index('crm_change_sets_caused_by_idx').on(t.causedBy).where(sql`${t.causedBy} is not null`),
]);

/** A row image before and after one change, written by the change-log triggers of every undoable crm_ table. */
export const crmChangeLog = pgTable('crm_change_log', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  changeId: uuid('change_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  tableName: text('table_name').notNull(),
  rowId: uuid('row_id').notNull(),
  op: char('op', { length: 1 }).notNull().$type<'I' | 'U' | 'D'>(),
  oldRow: jsonb('old_row'),
  newRow: jsonb('new_row'),
}, (t) => [
  index('crm_change_log_change_idx').on(t.changeId, t.seq),
  index('crm_change_log_row_idx').on(t.rowId, t.seq),
]);
