import { sql } from 'drizzle-orm';
import type { KithDb } from '../../db/types.js';
import { withUser } from '../../db/with-user.js';

/** HNSW indexes cover vectors up to this many dimensions (pgvector's limit for `vector`). */
export const MAX_INDEXED_DIMENSIONS = 2000;

/** Text form pgvector parses: "[0.1,0.2,...]". */
export function vectorLiteral(v: number[]): string {
  return '[' + v.join(',') + ']';
}

export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Whether this database stores vectors (pgvector was available when it was migrated). */
export async function vectorSearchAvailable(db: KithDb): Promise<boolean> {
  const [row] = rowsOf<{ ok: boolean }>(await db.execute(sql`select to_regclass('public.embeddings') is not null as ok`));
  return !!row?.ok;
}

/**
 * Creates the partial HNSW index for a vector size the migration did not foresee (an unusual model);
 * a no-op when it exists or the size is above what HNSW indexes (such vectors are scanned exactly).
 */
export async function ensureVectorIndex(db: KithDb, dimensions: number): Promise<void> {
  if (!Number.isInteger(dimensions) || dimensions <= 0 || dimensions > MAX_INDEXED_DIMENSIONS) return;
  // an HNSW build is fast while the graph fits in maintenance_work_mem, and crawls once it spills
  await db.execute(sql`select set_config('maintenance_work_mem', '512MB', false)`).catch(() => undefined);
  await db.execute(sql.raw(
    `create index if not exists embeddings_hnsw_${dimensions} on embeddings using hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) ` +
    `with (m = 16, ef_construction = 64) where dimensions = ${dimensions}`,
  ));
}

export interface DocumentToEmbed {
  id: string;
  user_id: string;
  content: string;
  content_hash: string;
}

/**
 * Stores vectors for documents and marks them done, as each document's user (row-level security
 * applies to the writes). A document whose text changed since it was read is skipped: the trigger
 * has already marked it pending again.
 */
export async function storeEmbeddings(db: KithDb, model: string, docs: DocumentToEmbed[], vectors: number[][]): Promise<number> {
  const byUser = new Map<string, Array<{ doc: DocumentToEmbed; vector: number[] }>>();
  docs.forEach((doc, i) => {
    const list = byUser.get(doc.user_id) ?? [];
    list.push({ doc, vector: vectors[i] });
    byUser.set(doc.user_id, list);
  });
  let stored = 0;
  for (const [userId, items] of byUser) {
    stored += await withUser(db, userId, async (tx) => {
      const values = sql.join(items.map(({ doc, vector }) =>
        sql`(${doc.id}::uuid, ${doc.content_hash}::text, ${vectorLiteral(vector)}::text, ${vector.length}::int)`), sql`, `);
      const inserted = rowsOf<{ document_id: string }>(await tx.execute(sql`
        insert into embeddings (document_id, user_id, source_kind, model, dimensions, content_hash, embedding)
        select d.id, d.user_id, d.source_kind, ${model}, v.dims, d.content_hash, v.vec::vector
        from (values ${values}) as v(id, hash, vec, dims)
        join search_documents d on d.id = v.id and d.content_hash = v.hash
        on conflict (document_id, model) do update
          set embedding = excluded.embedding, dimensions = excluded.dimensions, content_hash = excluded.content_hash, created_at = now()
        returning document_id`));
      if (inserted.length > 0) {
        await tx.execute(sql`
          update search_documents set embedding_status = 'done', attempts = 0, next_attempt_at = null, last_error = null
          where id in (${sql.join(inserted.map((r) => sql`${r.document_id}::uuid`), sql`, `)})`);
      }
      return inserted.length;
    });
  }
  return stored;
}

export interface EmbeddingBacklog {
  /** Whether vectors are stored at all (pgvector available); without it search is full-text only. */
  vectorSearch: boolean;
  pending: number;
  failed: number;
  done: number;
  /** Documents without a vector of `model` (when a model was given): what `kith reindex` would embed. */
  missingForModel?: number;
  model?: string;
  /** The most recent provider error of a failed or retried document. */
  lastError?: string | null;
}

/**
 * The embedding backlog for `kith doctor`: documents waiting for a vector, given up on, and done.
 * Counts every user the connection sees (all of them for the owner of the database), or one user.
 */
export async function embeddingBacklog(db: KithDb, options: { model?: string; userId?: string } = {}): Promise<EmbeddingBacklog> {
  const run = async (q: KithDb): Promise<EmbeddingBacklog> => {
    const vectorSearch = await vectorSearchAvailable(q);
    const counts = rowsOf<{ status: string; n: number | string }>(await q.execute(sql`
      select embedding_status as status, count(*) as n from search_documents group by embedding_status`));
    const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    const [err] = rowsOf<{ last_error: string | null }>(await q.execute(sql`
      select last_error from search_documents where last_error is not null order by updated_at desc limit 1`));
    const backlog: EmbeddingBacklog = { vectorSearch, pending: n('pending'), failed: n('failed'), done: n('done'), lastError: err?.last_error ?? null };
    if (options.model && vectorSearch) {
      const [missing] = rowsOf<{ n: number | string }>(await q.execute(sql`
        select count(*) as n from search_documents d
        where not exists (select 1 from embeddings e where e.document_id = d.id and e.model = ${options.model})`));
      backlog.missingForModel = Number(missing?.n ?? 0);
      backlog.model = options.model;
    }
    return backlog;
  };
  return options.userId ? withUser(db, options.userId, run) : run(db);
}
