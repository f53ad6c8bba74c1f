import { pgTable, uuid, text, timestamp, integer, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { searchDocuments } from './search-documents.js';

/**
 * The embedding backlog: one row per search document that still needs a vector of the current text
 * ('pending', due at next_attempt_at) or that the worker gave up on ('failed', `kith reindex`
 * retries it). A document without a row here is embedded. The job state lives in this small table
 * rather than on search_documents so that claiming and finishing a job does not rewrite the
 * document and its full-text index entries (migration 0008_embedding_queue).
 */
export const searchEmbeddingQueue = pgTable('search_embedding_queue', {
  documentId: uuid('document_id').primaryKey().references(() => searchDocuments.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull(),
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).defaultNow(),
  lastError: text('last_error'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('search_embedding_queue_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
  index('search_embedding_queue_user_idx').on(t.userId),
  check('search_embedding_queue_status_check', sql`${t.status} in ('pending', 'failed')`),
]);
