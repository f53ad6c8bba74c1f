import { sql } from 'drizzle-orm';
import type { KithDb } from '../../db/types.js';
import type { Logger } from '../tools/shared/context.js';
import { rowsOf } from './vector-store.js';
import {
  SHARED_VECTOR_PARTITION, ensureVectorIndex, makeUserVectorPartition, userVectorPartition, vectorIndexName, vectorPartitions,
} from './vector-partitions.js';

/** Documents waiting for a vector, per user. */
export type Backlog = Array<{ userId: string; documents: number }>;

/** The embedding queue's documents due now, per user. */
export async function queueBacklog(db: KithDb): Promise<Backlog> {
  return backlogOf(await db.execute(sql`
    select user_id, count(*) as documents from search_embedding_queue
    where status = 'pending' and next_attempt_at <= now() group by user_id`));
}

/** Documents without a vector of this model, per user (what `kith reindex` embeds). */
export async function missingVectorsBacklog(db: KithDb, model: string): Promise<Backlog> {
  return backlogOf(await db.execute(sql`
    select d.user_id, count(*) as documents from search_documents d
    where not exists (select 1 from embeddings e where e.document_id = d.id and e.model = ${model})
    group by d.user_id`));
}

function backlogOf(result: unknown): Backlog {
  return rowsOf<{ user_id: string; documents: number | string }>(result).map((r) => ({ userId: r.user_id, documents: Number(r.documents) }));
}

export const backlogSize = (backlog: Backlog): number => backlog.reduce((n, b) => n + b.documents, 0);

/**
 * Prepares a big backlog (an import, a reindex) for loading. A user with at least `threshold`
 * documents to embed gets a vector partition of their own. A partition about to receive at least
 * `threshold` vectors, and at least as many as it holds, has its HNSW index of this size dropped:
 * inserting into a live HNSW index costs ~10x more than building it once (measured on PGlite), and
 * only that partition's graph is rebuilt (finishBulkLoad). Searches meanwhile scan its vectors
 * exactly. Returns what finishBulkLoad needs (a new partition has no index yet either), or null when
 * the backlog is not a bulk load.
 */
export async function startBulkLoad(db: KithDb, dimensions: number, threshold: number, backlog: Backlog): Promise<BulkLoad | null> {
  const total = backlogSize(backlog);
  // PGlite runs no autovacuum: without fresh statistics after a big import the planner sorts the
  // whole queue to claim each batch instead of reading the first rows of its index, and, when the
  // statistics predate the user's documents, reads them through the user's index instead of by key
  if (total >= 1_000) {
    await analyze(db, ['search_embedding_queue', 'search_documents']);
    await flushFullTextIndex(db);
  }
  if (threshold <= 0 || !dimensions || total < threshold) return null;
  const partitions = new Set(await vectorPartitions(db));
  let newPartitions = false;
  for (const { userId, documents } of backlog) {
    if (documents < threshold || partitions.has(userVectorPartition(userId))) continue;
    partitions.add(await makeUserVectorPartition(db, userId));
    newPartitions = true;
  }
  const incoming = new Map<string, number>();
  for (const { userId, documents } of backlog) {
    const own = userVectorPartition(userId);
    const partition = partitions.has(own) ? own : SHARED_VECTOR_PARTITION;
    incoming.set(partition, (incoming.get(partition) ?? 0) + documents);
  }
  const stored = new Map(rowsOf<{ partition: string; vectors: number | string }>(await db.execute(sql`
    select c.relname as partition, count(*) as vectors from embeddings e join pg_class c on c.oid = e.tableoid
    where e.dimensions = ${dimensions} group by 1`)).map((r) => [r.partition, Number(r.vectors)]));
  for (const [partition, documents] of incoming) {
    if (documents < threshold || documents < (stored.get(partition) ?? 0)) continue;
    await db.execute(sql.raw(`drop index if exists ${vectorIndexName(partition, dimensions)}`));
  }
  return { dimensions, newPartitions };
}

export interface BulkLoad {
  dimensions: number;
  /** Whether users moved out of the shared partition (their vectors there are dead rows now). */
  newPartitions: boolean;
}

/**
 * After a bulk load: the moved vectors' dead rows out of the shared partition's HNSW graphs (which
 * searches would otherwise walk through; PGlite has no autovacuum), statistics for the planner,
 * then the missing indexes, each built once.
 */
export async function finishBulkLoad(db: KithDb, bulk: BulkLoad, log?: Logger): Promise<void> {
  const { dimensions } = bulk;
  if (bulk.newPartitions) await db.execute(sql.raw(`vacuum ${SHARED_VECTOR_PARTITION}`)).catch(() => undefined);
  await analyze(db, ['search_documents', 'embeddings', 'search_embedding_queue']);
  const started = performance.now();
  const indexes = await ensureVectorIndex(db, dimensions);
  if (indexes.length > 0) log?.info('rebuilt the vector index after a bulk load', { indexes, seconds: Math.round(performance.now() - started) / 1000 });
}

/**
 * Moves the full-text index's pending list (up to 4 MB of recent inserts, which every search reads
 * in full) into the index proper. Without autovacuum (PGlite has none) nothing else does until
 * the next 4 MB of writes. Owner only, like analyze; a no-op for another role.
 */
async function flushFullTextIndex(db: KithDb): Promise<void> {
  await db.execute(sql`select gin_clean_pending_list('search_documents_user_tsv_idx'::regclass)`).catch(() => undefined);
}

async function analyze(db: KithDb, tables: string[]): Promise<void> {
  // the owner of the tables may analyze them; another role gets a warning, not an error
  await db.execute(sql.raw(`analyze ${tables.join(', ')}`)).catch(() => undefined);
}
