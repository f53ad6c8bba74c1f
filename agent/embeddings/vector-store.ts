import { sql } from 'drizzle-orm';
import type { KithDb } from '../../db/types.js';
import { withUser } from '../../db/with-user.js';

/** HNSW indexes cover vectors up to this many dimensions (pgvector's limit for `vector`). */
export const MAX_INDEXED_DIMENSIONS = 2000;

/** Text form pgvector parses: "[0.1,0.2,...]". */
export function vectorLiteral(v: number[]): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += ',';
    out += numberText(v[i]);
  }
  return out + ']';
}

/**
 * A number as text. A value that is exactly some k / 1e6 with |k| < 1e6 (what the offline embedder
 * emits) is written as a six-place decimal, which parses to the same value as String(x) does and
 * is several times cheaper to make than the shortest round-trip form.
 */
function numberText(x: number): string {
  const k = Math.round(x * 1e6);
  if (k / 1e6 !== x || k <= -1e6 || k >= 1e6) return String(x);
  if (k === 0) return '0';
  const a = k < 0 ? -k : k;
  const frac = String(a);
  return (k < 0 ? '-0.' : '0.') + '000000'.slice(frac.length) + frac;
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

/** A uuid[] literal for one parameter (one parameter instead of one per id). */
export function uuidArray(ids: string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return '{' + ids.join(',') + '}';
}

/** A text[] literal of hex digests. */
function textArray(values: string[]): string {
  for (const v of values) if (!/^[0-9a-f]+$/i.test(v)) throw new Error(`not a digest: ${v}`);
  return '{' + values.join(',') + '}';
}

/** A text[] literal of vector literals, each quoted (they hold commas). */
function vectorArray(vectors: number[][]): string {
  return '{' + vectors.map((v) => '"' + vectorLiteral(v) + '"').join(',') + '}';
}

/**
 * Stores vectors for documents and takes them off the queue, as each document's user (row-level
 * security applies to the writes), one statement per user. A document whose text changed since it
 * was read is skipped: the trigger has already queued it again.
 */
export async function storeEmbeddings(db: KithDb, model: string, docs: DocumentToEmbed[], vectors: number[][]): Promise<number> {
  // one statement per user and vector size (the size is passed once: parsing a vector twice costs)
  const groups = new Map<string, { userId: string; dims: number; items: Array<{ doc: DocumentToEmbed; vector: number[] }> }>();
  docs.forEach((doc, i) => {
    const key = `${doc.user_id}/${vectors[i].length}`;
    const group = groups.get(key) ?? { userId: doc.user_id, dims: vectors[i].length, items: [] };
    group.items.push({ doc, vector: vectors[i] });
    groups.set(key, group);
  });
  let stored = 0;
  for (const { userId, dims, items } of groups.values()) {
    stored += await withUser(db, userId, async (tx) => {
      const [row] = rowsOf<{ n: number }>(await tx.execute(sql`
        with ins as (
          insert into embeddings (document_id, user_id, source_kind, model, dimensions, content_hash, embedding)
          select d.id, d.user_id, d.source_kind, ${model}, ${dims}::int, d.content_hash, v.vec::vector
          from unnest(${uuidArray(items.map((i) => i.doc.id))}::uuid[], ${textArray(items.map((i) => i.doc.content_hash))}::text[],
                      ${vectorArray(items.map((i) => i.vector))}::text[]) as v(id, hash, vec)
          -- one primary-key lookup per vector, whatever the statistics say (PGlite has no autovacuum,
          -- and a hash join over all of the user's documents made each batch cost O(documents))
          cross join lateral (
            select d.id, d.user_id, d.source_kind, d.content_hash from search_documents d
            where d.id = v.id and d.content_hash = v.hash offset 0) d
          on conflict (document_id, model) do update
            set embedding = excluded.embedding, dimensions = excluded.dimensions, content_hash = excluded.content_hash, created_at = now()
          returning document_id),
        done as (delete from search_embedding_queue q where q.document_id = any(array(select document_id from ins)))
        select count(*)::int as n from ins`));
      return Number(row?.n ?? 0);
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
    const [counts] = rowsOf<{ pending: number | string; failed: number | string; total: number | string }>(await q.execute(sql`
      select (select count(*) from search_embedding_queue where status = 'pending') as pending,
             (select count(*) from search_embedding_queue where status = 'failed') as failed,
             (select count(*) from search_documents) as total`));
    const pending = Number(counts?.pending ?? 0);
    const failed = Number(counts?.failed ?? 0);
    const [err] = rowsOf<{ last_error: string | null }>(await q.execute(sql`
      select last_error from search_embedding_queue where last_error is not null order by updated_at desc limit 1`));
    const backlog: EmbeddingBacklog = { vectorSearch, pending, failed, done: Number(counts?.total ?? 0) - pending - failed, lastError: err?.last_error ?? null };
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
