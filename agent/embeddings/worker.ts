import { sql } from 'drizzle-orm';
import type { KithDb } from '../../db/types.js';
import type { Logger } from '../tools/shared/context.js';
import type { Embedder } from './embedder.js';
import { rowsOf, storeEmbeddings, uuidArray, vectorSearchAvailable, type DocumentToEmbed } from './vector-store.js';
import { ensureVectorIndex } from './vector-partitions.js';
import { backlogSize, finishBulkLoad, missingVectorsBacklog, queueBacklog, startBulkLoad } from './bulk-load.js';

export interface EmbeddingWorkerOptions {
  db: KithDb;
  embedder: Embedder;
  log: Logger;
  /** Documents per provider call. */
  batchSize?: number;
  /** Pause between polls when idle (start()). */
  intervalMs?: number;
  /** After this many failed attempts a document is marked failed (`kith reindex` retries it). */
  maxAttempts?: number;
  /** First retry delay; doubled on each attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claimed batch is reserved for this worker (a crashed worker's batch is retried after it). */
  leaseMs?: number;
  /** Texts are cut to this many characters before embedding (provider input limits). */
  maxChars?: number;
  /**
   * A backlog at least this large is a bulk load (startBulkLoad): a user with this many documents to
   * embed gets a vector partition of their own, and a partition's HNSW index is rebuilt once at the
   * end instead of grown vector by vector. 0 turns it off.
   */
  bulkThreshold?: number;
  /**
   * Once the queue is empty, also embed documents that have no vector of this embedder's model
   * (an upgrade to a new embedder: a data directory of lexical vectors moves to the sentence
   * encoder), batch by batch, taking fresh writes from the queue first. Used by start() and by
   * runOnce({ backfill: true }). On by default for a local embedder, which costs nothing but CPU;
   * a provider's re-embedding is left to `kith reindex`, which costs money.
   */
  backfill?: boolean;
}

export interface EmbeddingRunResult {
  embedded: number;
  failed: number;
  batches: number;
  /** Of `embedded`, documents that had no queue entry but lacked a vector of this model. */
  backfilled: number;
}

export interface RunOnceOptions {
  maxBatches?: number;
  /** Stop taking new batches after this instant (performance.now()); no bulk load then. */
  deadline?: number;
  /** See EmbeddingWorkerOptions.backfill. */
  backfill?: boolean;
}

export interface EmbeddingWorker {
  /** Embeds every document due now, batch after batch, then returns. */
  runOnce(options?: RunOnceOptions): Promise<EmbeddingRunResult>;
  /** Polls in the background until stop(). */
  start(): void;
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
}

/**
 * Turns pending search documents into vectors, outside the transactions that wrote them: a write
 * never waits on the provider. All state is in the database (search_embedding_queue: status,
 * attempts, next_attempt_at),
 * so a restart resumes where it stopped, and several processes can share the work (SKIP LOCKED).
 * It reads across users as the connection's own role and writes each user's vectors as that user.
 */
export function createEmbeddingWorker(options: EmbeddingWorkerOptions): EmbeddingWorker {
  const { db, embedder, log } = options;
  const batchSize = options.batchSize ?? 64;
  const intervalMs = options.intervalMs ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
  const leaseMs = options.leaseMs ?? 300_000;
  const maxChars = options.maxChars ?? (embedder.local ? 100_000 : 8_000);
  let available: boolean | undefined;
  const indexed = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<unknown> | null = null;
  let stopped = true;
  /** Set by stop(): a backfill in progress ends after its batch. */
  let stopRequested = false;
  const backfill = options.backfill ?? !!embedder.local;
  /** After a failed backfill batch, no backfill before this instant (the provider or model is failing). */
  let backfillRetryAt = 0;
  /**
   * Whether a backfill has run to its end in this process: after that every new or changed text
   * comes through the queue, so the backfill's scan of every document is not repeated.
   */
  let backfilled = false;

  async function claim(): Promise<DocumentToEmbed[]> {
    // the documents are read by primary key, one by one (LATERAL ... OFFSET 0), whatever the
    // statistics say: a hash join over all documents per batch made a big backlog quadratic
    return rowsOf<DocumentToEmbed>(await db.execute(sql`
      with claimed as (
        update search_embedding_queue q
           set attempts = q.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
         where q.document_id in (
           select document_id from search_embedding_queue
            where status = 'pending' and next_attempt_at <= now()
            order by next_attempt_at
            limit ${batchSize}
            for update skip locked)
        returning q.document_id)
      select d.id, d.user_id, d.content, d.content_hash
      from claimed c cross join lateral (
        select d.id, d.user_id, d.content, d.content_hash from search_documents d where d.id = c.document_id offset 0) d`));
  }

  async function fail(docs: DocumentToEmbed[], error: unknown): Promise<void> {
    const message = String((error as Error)?.message ?? error).slice(0, 500);
    await db.execute(sql`
      update search_embedding_queue
         set status = case when attempts >= ${maxAttempts} then 'failed' else 'pending' end,
             next_attempt_at = case when attempts >= ${maxAttempts} then null
               else now() + least(${backoffMs}::float8 * power(2, greatest(attempts - 1, 0)), ${maxBackoffMs}::float8) * interval '1 millisecond' end,
             last_error = ${message}, updated_at = now()
       where document_id = any(${uuidArray(docs.map((d) => d.id))}::uuid[])`);
  }

  async function runBatch(): Promise<{ embedded: number; failed: number } | null> {
    const docs = await claim();
    if (docs.length === 0) return null;
    let vectors: number[][];
    try {
      vectors = await embedder.embed(docs.map((d) => d.content.slice(0, maxChars)), { priority: 'background' });
      if (vectors.length !== docs.length) throw new Error(`the embedder returned ${vectors.length} vectors for ${docs.length} texts`);
    } catch (error) {
      await fail(docs, error);
      log.warn('embedding failed; will retry with backoff', { documents: docs.length, error: String((error as Error)?.message ?? error) });
      return { embedded: 0, failed: docs.length };
    }
    await ensureIndexOnce(vectors[0]?.length ?? 0);
    const embedded = await storeEmbeddings(db, embedder.id, docs, vectors);
    return { embedded, failed: 0 };
  }

  const bulkThreshold = options.bulkThreshold ?? 20_000;

  async function runOnce(opts: RunOnceOptions = {}): Promise<EmbeddingRunResult> {
    const result: EmbeddingRunResult = { embedded: 0, failed: 0, batches: 0, backfilled: 0 };
    available ??= await vectorSearchAvailable(db);
    if (!available) return result;
    const whole = opts.maxBatches === undefined && opts.deadline === undefined;
    const bulk = whole && await startBulkLoad(db, embedder.dimensions, bulkThreshold, await queueBacklog(db));
    if (bulk) indexed.add(embedder.dimensions); // rebuilt once at the end
    try {
      await drain(result, opts);
    } finally {
      if (bulk) await finishBulkLoad(db, bulk, log);
    }
    if (opts.backfill && !backfilled && result.failed === 0 && whole && performance.now() >= backfillRetryAt) await backfillMissing(result);
    return result;
  }

  async function drain(result: EmbeddingRunResult, opts: RunOnceOptions): Promise<void> {
    while (opts.maxBatches === undefined || result.batches < opts.maxBatches) {
      if (opts.deadline !== undefined && performance.now() >= opts.deadline) break;
      const r = await runBatch();
      if (!r) break;
      result.batches++;
      result.embedded += r.embedded;
      result.failed += r.failed;
      if (r.failed > 0) break; // the provider is failing: wait for the backoff instead of hammering it
    }
  }

  /**
   * Embeds the documents without a vector of this model, in id order; before each batch, what the
   * queue holds (a write made meanwhile is embedded within a batch's time). A big backfill is a
   * bulk load (a user partition, the HNSW index built once at the end); stopped half-way, the
   * index is left to the next start (searches meanwhile scan the partition's vectors exactly).
   */
  async function backfillMissing(result: EmbeddingRunResult): Promise<void> {
    const missing = await missingVectorsBacklog(db, embedder.id);
    if (backlogSize(missing) === 0) { backfilled = true; return; }
    log.info('embedding documents that have no vector of this model yet', { model: embedder.id, documents: backlogSize(missing) });
    const bulk = await startBulkLoad(db, embedder.dimensions, bulkThreshold, missing);
    if (bulk) indexed.add(embedder.dimensions);
    let cursor = '00000000-0000-0000-0000-000000000000';
    let finished = false;
    try {
      while (!stopRequested) {
        const queued = await runBatch();
        if (queued) {
          result.batches++;
          result.embedded += queued.embedded;
          result.failed += queued.failed;
          if (queued.failed > 0) break;
          continue;
        }
        const docs = await missingAfter(cursor);
        if (docs.length === 0) { finished = backfilled = true; break; }
        let vectors: number[][];
        try {
          vectors = await embedder.embed(docs.map((d) => d.content.slice(0, maxChars)), { priority: 'background' });
        } catch (error) {
          backfillRetryAt = performance.now() + 60_000;
          log.warn('embedding failed; the backfill resumes in a minute', { error: String((error as Error)?.message ?? error) });
          break;
        }
        await ensureIndexOnce(vectors[0]?.length ?? 0);
        const stored = await storeEmbeddings(db, embedder.id, docs, vectors);
        cursor = docs[docs.length - 1].id;
        result.batches++;
        result.embedded += stored;
        result.backfilled += stored;
      }
    } finally {
      if (bulk && (finished || !stopRequested)) await finishBulkLoad(db, bulk, log);
    }
  }

  async function missingAfter(cursor: string): Promise<DocumentToEmbed[]> {
    return rowsOf<DocumentToEmbed>(await db.execute(sql`
      select d.id, d.user_id, d.content, d.content_hash from search_documents d
      where d.id > ${cursor}::uuid
        and not exists (select 1 from embeddings e where e.document_id = d.id and e.model = ${embedder.id})
      order by d.id limit ${batchSize}`));
  }

  async function ensureIndexOnce(dims: number): Promise<void> {
    if (indexed.has(dims)) return;
    await ensureVectorIndex(db, dims).catch((e) => log.warn('cannot create a vector index', { dims, error: String(e) }));
    indexed.add(dims);
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = runOnce({ backfill })
        .catch((error) => log.error('embedding worker error', { error: String((error as Error)?.message ?? error) }))
        .finally(() => { inFlight = null; schedule(intervalMs); });
    }, delay);
    timer.unref?.();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      stopRequested = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      stopRequested = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight;
    },
  };
}

export interface ReindexOptions {
  db: KithDb;
  embedder: Embedder;
  batchSize?: number;
  /** Drop this model's vectors first and embed everything again. */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
  maxChars?: number;
  /** See EmbeddingWorkerOptions.bulkThreshold. */
  bulkThreshold?: number;
  log?: Logger;
}

/**
 * Embeds every document that lacks a vector of the current model, in id order. Interrupted, it
 * resumes where it stopped: what is already embedded for this model is not done again.
 */
export async function reindexEmbeddings(options: ReindexOptions): Promise<{ embedded: number; total: number; vectorSearch: boolean }> {
  const { db, embedder } = options;
  const batchSize = options.batchSize ?? (embedder.local ? 256 : 64);
  const maxChars = options.maxChars ?? (embedder.local ? 100_000 : 8_000);
  if (!(await vectorSearchAvailable(db))) return { embedded: 0, total: 0, vectorSearch: false };
  if (options.force) await db.execute(sql`delete from embeddings where model = ${embedder.id}`);
  const backlog = await missingVectorsBacklog(db, embedder.id);
  const total = backlogSize(backlog);
  let done = 0;
  let cursor = '00000000-0000-0000-0000-000000000000';
  let indexed = false;
  options.onProgress?.(0, total);
  const bulk = await startBulkLoad(db, embedder.dimensions, options.bulkThreshold ?? 20_000, backlog);
  indexed = bulk !== null; // rebuilt once at the end
  try {
    await reindexLoop();
  } finally {
    if (bulk) await finishBulkLoad(db, bulk, options.log);
  }
  return { embedded: done, total, vectorSearch: true };

  async function reindexLoop(): Promise<void> {
    for (;;) {
      const docs = rowsOf<DocumentToEmbed>(await db.execute(sql`
        select d.id, d.user_id, d.content, d.content_hash from search_documents d
        where d.id > ${cursor}::uuid
          and not exists (select 1 from embeddings e where e.document_id = d.id and e.model = ${embedder.id})
        order by d.id limit ${batchSize}`));
      if (docs.length === 0) break;
      const vectors = await embedder.embed(docs.map((d) => d.content.slice(0, maxChars)), { priority: 'background' });
      if (!indexed) { await ensureVectorIndex(db, vectors[0]?.length ?? 0); indexed = true; }
      await storeEmbeddings(db, embedder.id, docs, vectors);
      cursor = docs[docs.length - 1].id;
      done += docs.length;
      options.onProgress?.(Math.min(done, total), total);
    }
  }
}
