import { pgTable, uuid, text, timestamp, index, uniqueIndex, check, customType } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One searchable text per source record (an interaction's subject and notes, a contact's notes, an
 * opportunity's title, company and job description). Triggers on the source tables keep it in step
 * in the same transaction as every write (migration 0004_search_triggers); an embedding worker turns
 * pending documents (search_embedding_queue) into vectors in the `embeddings` table. That table exists only where the
 * pgvector extension does, so it lives in the custom migration and not in this schema.
 */
export const searchDocuments = pgTable('search_documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  sourceKind: text('source_kind').notNull(),
  sourceId: uuid('source_id').notNull(),
  contactId: uuid('contact_id'),
  opportunityId: uuid('opportunity_id'),
  title: text('title').notNull().default(''),
  content: text('content').notNull(),
  tsv: tsvector('tsv').notNull().generatedAlwaysAs(
    sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')`,
  ),
  contentHash: text('content_hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('search_documents_source_idx').on(t.sourceKind, t.sourceId),
  // (user, kind, source): a write's lookup of its document by (kind, source) under row-level security
  // is an exact index match whichever index the planner picks (with (user, kind) alone, skewed
  // statistics made it scan all of a user's documents for every written row)
  index('search_documents_user_source_idx').on(t.userId, t.sourceKind, t.sourceId),
  // (user, tsv) through btree_gin: a word's postings of the one user searching, not of every user
  index('search_documents_user_tsv_idx').using('gin', t.userId, t.tsv),
  check('search_documents_kind_check', sql`${t.sourceKind} in ('interaction', 'contact', 'opportunity')`),
]);
