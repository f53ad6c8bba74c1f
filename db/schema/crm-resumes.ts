import { pgTable, uuid, text, timestamp, index, check, customType } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { resumeFormat } from './enums.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * One version of the user's résumé. `content_text` is what the match score reads (pasted, or
 * extracted from the uploaded file); the file itself is kept as it came, since nothing given is lost.
 */
export const crmResumes = pgTable('crm_resumes', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  format: resumeFormat('format').notNull().default('text'),
  fileName: text('file_name'),
  fileBytes: bytea('file_bytes'),
  contentText: text('content_text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('crm_resumes_user_created_idx').on(t.userId, t.createdAt),
  check('crm_resumes_name_not_empty', sql`length(btrim(${t.name})) > 0`),
  check('crm_resumes_text_not_empty', sql`length(btrim(${t.contentText})) > 0`),
]);
