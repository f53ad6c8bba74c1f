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

/** True where pgvector and the embeddings table exist (a SQL expression, to fold into other statements). */
export const vectorTableExists = sql`to_regclass('public.embeddings') is not null`;

export async function vectorSearchAvailable(db: KithDb): Promise<boolean> {
  const [row] = rowsOf<{ ok: boolean }>(await db.execute(sql`select ${vectorTableExists} as ok`));
  return !!row?.ok;
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
  // one statement per user and vector size
  const groups = new Map<string, { userId: string; dims: number; items: Array<{ doc: DocumentToEmbed; vector: number[] }> }>();
  docs.forEach((doc, i) => {
    const key = `${doc.user_id}/${vectors[i].length}`;
    const group = groups.get(key) ?? { userId: doc.user_id, dims: vectors[i].length, items: [] };
    group.items.push({ doc, vector: vectors[i] });
    groups.set(key, group);
  });
  let stored = 0;
  for (const { userId, dims, items } of groups.values()) {
    stored += pgliteClient(db) ? await storeByCopy(db, userId, model, dims, items) : await storeByText(db, userId, model, dims, items);
  }
  return stored;
}

type Items = Array<{ doc: DocumentToEmbed; vector: number[] }>;

/** Inserts the staged vectors (`source`: rows of id, hash, vec) as the user and takes them off the queue. */
const insertStaged = (model: string, dims: number, source: ReturnType<typeof sql>) => sql`
  with ins as (
    insert into embeddings (document_id, user_id, source_kind, model, dimensions, content_hash, embedding)
    select d.id, d.user_id, d.source_kind, ${model}, ${dims}::int, d.content_hash, v.vec
    from ${source} as v
    -- one primary-key lookup per vector, whatever the statistics say (PGlite has no autovacuum,
    -- and a hash join over all of the user's documents made each batch cost O(documents))
    cross join lateral (
      select d.id, d.user_id, d.source_kind, d.content_hash from search_documents d
      where d.id = v.id and d.content_hash = v.hash offset 0) d
    on conflict (document_id, model, user_id) do update
      set embedding = excluded.embedding, dimensions = excluded.dimensions, content_hash = excluded.content_hash, created_at = now()
    returning document_id),
  done as (delete from search_embedding_queue q where q.document_id = any(array(select document_id from ins)))
  select count(*)::int as n from ins`;

/** Any server: the vectors as text, parsed by pgvector. */
async function storeByText(db: KithDb, userId: string, model: string, dims: number, items: Items): Promise<number> {
  return withUser(db, userId, async (tx) => {
    const source = sql`(select u.id, u.hash, u.vec::vector as vec
      from unnest(${uuidArray(items.map((i) => i.doc.id))}::uuid[], ${textArray(items.map((i) => i.doc.content_hash))}::text[],
                  ${vectorArray(items.map((i) => i.vector))}::text[]) as u(id, hash, vec))`;
    const [row] = rowsOf<{ n: number }>(await tx.execute(insertStaged(model, dims, source)));
    return Number(row?.n ?? 0);
  });
}

interface PgliteQueryable {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

/** The PGlite client behind a Drizzle database, or null for node-postgres. */
function pgliteClient(db: KithDb): PgliteQueryable | null {
  const client = (db as unknown as { $client?: { dumpDataDir?: unknown; query?: unknown } }).$client;
  return client && typeof client.dumpDataDir === 'function' && typeof client.query === 'function' ? client as unknown as PgliteQueryable : null;
}

/**
 * PGlite: the vectors go in as binary COPY (pgvector's binary input reads the floats as they are),
 * which costs a fraction of parsing their text (~200 us per 384-d vector in WebAssembly). The COPY
 * runs as the database owner (COPY from PGlite's /dev/blob needs it) into a temporary table emptied
 * at commit; the insert itself then runs as the user, under row-level security, as in storeByText.
 */
async function storeByCopy(db: KithDb, userId: string, model: string, dims: number, items: Items): Promise<number> {
  return db.transaction(async (tx) => {
    const client = (tx as unknown as { session?: { client?: PgliteQueryable } }).session?.client;
    if (!client || typeof client.query !== 'function') throw new Error('no PGlite transaction client');
    const session = pgliteClient(db)!;
    if (!staged.has(session)) {
      // a temporary table lives as long as the session, which for PGlite is the whole process
      await client.query(`create temp table if not exists kith_embedding_load (id uuid, hash text, vec vector) on commit delete rows`);
      await client.query(`grant select on pg_temp.kith_embedding_load to kith_app`);
    }
    await client.query(`copy pg_temp.kith_embedding_load (id, hash, vec) from '/dev/blob' with (format binary)`, [], { blob: copyBlob(items) });
    await tx.execute(sql`select set_config('role', 'kith_app', true), set_config('kith.user_id', ${userId}, true)`);
    const [row] = rowsOf<{ n: number }>(await tx.execute(insertStaged(model, dims, sql`pg_temp.kith_embedding_load`)));
    return Number(row?.n ?? 0);
  }).then((n) => { staged.add(pgliteClient(db)!); return n; });
}

/** PGlite sessions whose staging table exists (created in a committed transaction). */
const staged = new WeakSet<object>();

/** PostgreSQL binary COPY of (uuid, text, vector) rows. */
function copyBlob(items: Items): Blob {
  let size = 19 + 2;
  for (const { doc, vector } of items) size += 2 + 4 + 16 + 4 + Buffer.byteLength(doc.content_hash) + 4 + 4 + vector.length * 4;
  const buf = Buffer.alloc(size);
  buf.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
  buf.writeInt32BE(0, 11);
  buf.writeInt32BE(0, 15);
  let o = 19;
  for (const { doc, vector } of items) {
    o = buf.writeInt16BE(3, o);
    o = buf.writeInt32BE(16, o);
    const id = Buffer.from(doc.id.replace(/-/g, ''), 'hex');
    if (id.length !== 16) throw new Error(`not a uuid: ${doc.id}`);
    o += id.copy(buf, o);
    const hash = Buffer.from(doc.content_hash);
    o = buf.writeInt32BE(hash.length, o);
    o += hash.copy(buf, o);
    // pgvector's binary form: int16 dimensions, int16 unused, float4s
    o = buf.writeInt32BE(4 + vector.length * 4, o);
    o = buf.writeInt16BE(vector.length, o);
    o = buf.writeInt16BE(0, o);
    for (const x of vector) o = buf.writeFloatBE(x, o);
  }
  buf.writeInt16BE(-1, o);
  return new Blob([buf]);
}

export interface EmbeddingBacklog {
  /** Whether vectors are stored at all (pgvector available); without it search is full-text only. */
  vectorSearch: boolean;
  pending: number;
  failed: number;
  done: number;
  /** Documents to search (each has, or is waiting for, a vector). */
  documents: number;
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
    const documents = Number(counts?.total ?? 0);
    const backlog: EmbeddingBacklog = { vectorSearch, pending, failed, done: documents - pending - failed, documents, lastError: err?.last_error ?? null };
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
