import { sql } from 'drizzle-orm';
import type { KithDb } from '../../db/types.js';
import { MAX_INDEXED_DIMENSIONS, rowsOf } from './vector-store.js';

/**
 * Where vectors are stored: `embeddings` is partitioned by user (migration 0014). A user who had a
 * bulk load has a partition of their own, and so an HNSW graph that holds their vectors alone;
 * everyone else's are in the shared partition. Each partition has one partial HNSW index per
 * vector size (`<partition>_hnsw_<size>`).
 */
export const SHARED_VECTOR_PARTITION = 'embeddings_shared';

/** The name kith_vector_partition (migration 0014) gives the user's partition. */
export function userVectorPartition(userId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new Error(`not a uuid: ${userId}`);
  return `embeddings_u_${userId.replace(/-/g, '').toLowerCase()}`;
}

export function vectorIndexName(partition: string, dimensions: number): string {
  return `${partition}_hnsw_${dimensions}`;
}

/** The partitions of `embeddings` (none where vectors are not stored). */
export async function vectorPartitions(db: KithDb): Promise<string[]> {
  return rowsOf<{ name: string }>(await db.execute(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass('public.embeddings') order by 1`)).map((r) => r.name);
}

/** Gives the user a partition of their own (moving their vectors into it), unless they have one. */
export async function makeUserVectorPartition(db: KithDb, userId: string): Promise<string> {
  const [row] = rowsOf<{ name: string }>(await db.execute(sql`select kith_vector_partition(${userId}::uuid) as name`));
  return row.name;
}

/**
 * Creates the partial HNSW index of a vector size on every partition that lacks it (a new size, a
 * new partition, or after a bulk load dropped it) and returns the names of those it built; a no-op
 * for sizes above what HNSW indexes (such vectors are scanned exactly).
 */
export async function ensureVectorIndex(db: KithDb, dimensions: number, partitions?: string[]): Promise<string[]> {
  if (!Number.isInteger(dimensions) || dimensions <= 0 || dimensions > MAX_INDEXED_DIMENSIONS) return [];
  const targets = partitions ?? await vectorPartitions(db);
  for (const partition of targets) {
    if (!/^embeddings_[a-z0-9_]+$/.test(partition)) throw new Error(`not a vector partition: ${partition}`);
  }
  const existing = new Set(rowsOf<{ name: string }>(await db.execute(sql`
    select relname as name from pg_class
    where relkind = 'i' and relname = any(${'{' + targets.map((p) => vectorIndexName(p, dimensions)).join(',') + '}'}::text[])`)).map((r) => r.name));
  const built: string[] = [];
  for (const partition of targets) {
    const name = vectorIndexName(partition, dimensions);
    if (existing.has(name)) continue;
    // an HNSW build is fast while the graph fits in maintenance_work_mem, and crawls once it spills
    if (built.length === 0) await db.execute(sql`select set_config('maintenance_work_mem', '1GB', false)`).catch(() => undefined);
    await db.execute(sql.raw(
      `create index if not exists ${name} on ${partition} ` +
      `using hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) with (m = 16, ef_construction = 64) where dimensions = ${dimensions}`,
    ));
    built.push(name);
  }
  return built;
}
