import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { runTool, type ToolRuntime } from '../tools/run-tool.js';
import { addContact, updateContact } from '../tools/contacts.js';
import { search } from '../tools/search.js';
import { silentLogger } from '../tools/shared/context.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import { createOfflineEmbedder } from './offline-embedder.js';
import { createEmbedder } from './create-embedder.js';
import { createSentenceEncoder } from './sentence-encoder.js';
import { createEmbeddingWorker, reindexEmbeddings } from './worker.js';
import { embeddingBacklog } from './vector-store.js';
import { SHARED_VECTOR_PARTITION, userVectorPartition, vectorIndexName } from './vector-partitions.js';
import { findUnprotectedTables } from '../../db/row-level-security.js';
import { withUser } from '../../db/with-user.js';
import type { User } from '../../accounts/users.js';

/** A fake OpenAI embeddings endpoint speaking the real wire format; fails the first `failures` calls. */
function fakeOpenAI(failures: number) {
  const calls: Array<{ model: string; input: string[]; auth?: string }> = [];
  let remaining = failures;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') { res.writeHead(404).end(); return; }
      const parsed = JSON.parse(body) as { model: string; input: string[] };
      calls.push({ model: parsed.model, input: parsed.input, auth: req.headers.authorization });
      if (remaining > 0) {
        remaining--;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error' } }));
        return;
      }
      // deterministic 8-dimensional vectors from the offline embedder, so that meaning is testable
      const offline = createOfflineEmbedder({ dimensions: 8 });
      void offline.embed(parsed.input).then((vectors) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          object: 'list',
          data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
          model: parsed.model,
          usage: { prompt_tokens: parsed.input.length, total_tokens: parsed.input.length },
        }));
      });
    });
  });
  return {
    calls,
    async start() { await new Promise<void>((r) => server.listen(0, '127.0.0.1', r)); return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`; },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('embedding worker', () => {
  let database: TestDatabase;
  let user: User;
  let runtime: ToolRuntime;
  const fake = fakeOpenAI(2);
  let baseURL: string;

  beforeAll(async () => {
    baseURL = await fake.start();
    database = await createTestDatabase('pglite');
    user = await createTestUser(database, 'worker');
    runtime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger };
  });
  afterAll(async () => { await database?.drop(); await fake.stop(); });

  it('chooses the embedder from the configuration', () => {
    const encoder = createSentenceEncoder();
    const choose = (config: Parameters<typeof createEmbedder>[0]) => createEmbedder(config, encoder);
    expect(choose({}).id).toBe('offline:use-lite-512');
    expect(choose({}).dimensions).toBe(512);
    expect(choose({ embeddingModel: 'lexical' }).id).toBe('offline:hash-v1-384');
    expect(choose({ openaiApiKey: 'sk-test', embeddingModel: 'lexical' }).id).toBe('offline:hash-v1-384');
    expect(choose({ openaiApiKey: 'sk-test' }).id).toBe('openai:text-embedding-3-small');
    expect(choose({ openaiApiKey: 'sk-test' }).dimensions).toBe(1536);
    expect(choose({ openaiBaseUrl: 'http://127.0.0.1:11434/v1', embeddingModel: 'nomic-embed-text' }).id).toBe('openai-compatible:127.0.0.1:11434:nomic-embed-text');
    expect(choose({ openaiApiKey: 'sk-test', embeddingModel: 'offline' })).toMatchObject({ id: 'offline:use-lite-512', local: true });
    // choosing loads nothing: the encoder starts its threads on the first embed()
    expect(encoder.stats()).toEqual({ loadMs: null, threads: [], cacheHits: 0 });
  });

  it('writes never wait on a failing provider; retries with backoff; recovers; survives a restart', async () => {
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL, model: 'text-embedding-3-small' });
    // the write succeeds although the provider is down: the document is only marked pending
    const { contact } = await runTool({ ...runtime, embedder }, user.id, addContact, { first_name: 'Ana', last_name: 'Lima', notes: 'Knows everything about Kubernetes operators.' });
    expect(fake.calls).toHaveLength(0);
    const opts = { db: database.db, embedder, log: silentLogger, backoffMs: 400, maxBackoffMs: 5_000 };
    const first = await createEmbeddingWorker(opts).runOnce();
    expect(first).toMatchObject({ embedded: 0, failed: 1 });
    const [row] = (await database.db.execute(sql`select q.status, q.attempts, q.last_error, q.next_attempt_at > now() as later from search_embedding_queue q join search_documents d on d.id = q.document_id where d.source_id = ${contact.id}`) as unknown as { rows: Array<{ status: string; attempts: number; last_error: string; later: boolean }> }).rows;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, later: true });
    expect(row.last_error).toMatch(/server had an error/);
    // not due yet: nothing is sent
    expect((await createEmbeddingWorker(opts).runOnce()).batches).toBe(0);
    expect(fake.calls).toHaveLength(1);
    const backlog = await embeddingBacklog(database.db, { model: embedder.id });
    expect(backlog).toMatchObject({ vectorSearch: true, pending: 1, failed: 0, missingForModel: 1 });

    // a new worker (a restarted process) picks the state up from the database
    await new Promise((r) => setTimeout(r, 450));
    expect((await createEmbeddingWorker(opts).runOnce()).failed).toBe(1); // second 500
    expect((await createEmbeddingWorker(opts).runOnce()).batches).toBe(0); // the backoff doubled
    await new Promise((r) => setTimeout(r, 850));
    expect((await createEmbeddingWorker(opts).runOnce()).embedded).toBe(1);
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls[2]).toMatchObject({ model: 'text-embedding-3-small', input: ['Knows everything about Kubernetes operators.'], auth: 'Bearer sk-test' });
    expect(await embeddingBacklog(database.db, { model: embedder.id })).toMatchObject({ pending: 0, failed: 0, done: 1, missingForModel: 0 });

    const found = await runTool({ ...runtime, embedder }, user.id, search, { query: 'kubernetes operator' });
    expect(found.mode).toBe('hybrid');
    expect(found.results[0].id).toBe(contact.id);
  });

  it('marks a document failed after the last attempt, and reindex retries it', async () => {
    const broken = { id: 'test:broken', dimensions: 8, embed: async () => { throw new Error('provider down'); } };
    const { contact } = await runTool(runtime, user.id, addContact, { first_name: 'Bo', last_name: 'Berg', notes: 'Fundraising advice.' });
    const opts = { db: database.db, embedder: broken, log: silentLogger, backoffMs: 1, maxBackoffMs: 1, maxAttempts: 2 };
    await createEmbeddingWorker(opts).runOnce();
    await new Promise((r) => setTimeout(r, 10));
    await createEmbeddingWorker(opts).runOnce();
    const backlog = await embeddingBacklog(database.db);
    expect(backlog.failed).toBe(1);
    expect(backlog.lastError).toBe('provider down');
    const good = createOfflineEmbedder();
    const progress: number[] = [];
    const result = await reindexEmbeddings({ db: database.db, embedder: good, batchSize: 1, onProgress: (d) => progress.push(d) });
    expect(result).toMatchObject({ embedded: 2, total: 2 }); // Ana (only embedded by the other model) and Bo
    expect(progress).toEqual([0, 1, 2]);
    expect(await embeddingBacklog(database.db, { model: good.id })).toMatchObject({ failed: 0, missingForModel: 0 });
    // resumable: nothing left to do for this model
    expect((await reindexEmbeddings({ db: database.db, embedder: good })).embedded).toBe(0);
    // a change after embedding drops the stale vector and queues the text again
    await runTool(runtime, user.id, updateContact, { contact: contact.id, notes: 'Hiring advice.' });
    expect(await embeddingBacklog(database.db, { model: good.id })).toMatchObject({ pending: 1, missingForModel: 1 });
  });
});

describe('bulk loading', () => {
  it('gives a user with a large backlog a vector partition of their own and builds its HNSW index once', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const user = await createTestUser(database, 'bulk');
      const small = await createTestUser(database, 'small');
      const runtime: ToolRuntime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger };
      const embedder = createOfflineEmbedder();
      const { importData } = await import('../tools/transfer.js');
      // a few vectors first, in the shared partition: they move with the user
      await runTool(runtime, user.id, addContact, { first_name: 'Early', last_name: 'Bird', notes: 'Kubernetes operators, long before the import.' });
      await runTool(runtime, small.id, addContact, { first_name: 'Sam', last_name: 'Small', notes: 'Kubernetes at a small shop.' });
      await createEmbeddingWorker({ db: database.db, embedder, log: silentLogger }).runOnce();
      const contacts = Array.from({ length: 30 }, (_, i) => ({ first_name: `P${i}`, last_name: 'Bulk', notes: `Note ${i} about ${i % 2 ? 'Kubernetes clusters' : 'fundraising rounds'}` }));
      await runTool(runtime, user.id, importData, { data: { contacts } });
      const rebuilds: unknown[] = [];
      const log = { ...silentLogger, info: (m: string, f?: unknown) => { if (/rebuilt/.test(m)) rebuilds.push(f); } };
      const run = await createEmbeddingWorker({ db: database.db, embedder, log, batchSize: 8, bulkThreshold: 10 }).runOnce();
      expect(run.embedded).toBe(30);
      expect(rebuilds).toHaveLength(1);
      const own = userVectorPartition(user.id);
      const [state] = (await database.db.execute(sql`
        select (select count(*)::int from ${sql.raw(own)}) as own_vectors,
               (select count(*)::int from embeddings_shared where user_id = ${user.id}) as left_shared,
               (select count(*)::int from embeddings_shared where user_id = ${small.id}) as small_shared,
               to_regclass(${vectorIndexName(own, 384)}) is not null as own_index,
               to_regclass(${vectorIndexName(SHARED_VECTOR_PARTITION, 384)}) is not null as shared_index`) as unknown as { rows: Array<Record<string, unknown>> }).rows;
      expect(state).toEqual({ own_vectors: 31, left_shared: 0, small_shared: 1, own_index: true, shared_index: true });
      expect(await findUnprotectedTables(database.db)).toEqual([]);
      const res = await runTool({ ...runtime, embedder }, user.id, search, { query: 'kubernetes', limit: 20 });
      expect(res.results).toHaveLength(16);
      expect(res.results.every((r) => r.contact?.name !== 'Sam Small')).toBe(true);
      const theirs = await runTool({ ...runtime, embedder }, small.id, search, { query: 'kubernetes operators clusters', limit: 20 });
      expect(theirs.results.map((r) => r.contact?.name)).toEqual(['Sam Small']);
      // a vector partition is the owner's business: the application role cannot read it directly
      await expect(withUser(database.db, user.id, (tx) => tx.execute(sql`select count(*) from ${sql.raw(own)}`)))
        .rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
      // a second bulk load, larger than what the partition holds, rebuilds that partition's index alone
      const more = Array.from({ length: 40 }, (_, i) => ({ first_name: `Q${i}`, last_name: 'Bulk', notes: `More ${i} about ${i % 2 ? 'Kubernetes upgrades' : 'hiring loops'}` }));
      await runTool(runtime, user.id, importData, { data: { contacts: more } });
      await createEmbeddingWorker({ db: database.db, embedder, log, batchSize: 8, bulkThreshold: 10 }).runOnce();
      expect(rebuilds).toEqual([expect.objectContaining({ indexes: [vectorIndexName(own, 384)] }), expect.objectContaining({ indexes: [vectorIndexName(own, 384)] })]);
      expect((await runTool({ ...runtime, embedder }, user.id, search, { query: 'kubernetes', limit: 50 })).results).toHaveLength(36);
    } finally {
      await database.drop();
    }
  });
});

describe('without pgvector (PostgreSQL 15 here)', () => {
  let database: TestDatabase;
  let user: User;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    user = await createTestUser(database, 'pg');
  });
  afterAll(async () => { await database?.drop(); });

  it('keeps search documents in step and searches with full-text alone', async () => {
    expect(database.vectorAvailable).toBe(false);
    const embedder = createOfflineEmbedder();
    const runtime: ToolRuntime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder };
    const { contact } = await runTool(runtime, user.id, addContact, { first_name: 'Ana', last_name: 'Lima', notes: 'Migrating the billing service to Kubernetes.' });
    const res = await runTool(runtime, user.id, search, { query: 'who did I talk to about kubernetes migrations?' });
    expect(res.mode).toBe('full_text');
    expect(res.results[0]).toMatchObject({ kind: 'contact', id: contact.id, contact: { id: contact.id, name: 'Ana Lima' } });
    expect(res.results[0].snippet).toBe('«Migrating» the billing service to «Kubernetes».');
    expect(await createEmbeddingWorker({ db: database.db, embedder, log: silentLogger }).runOnce()).toMatchObject({ embedded: 0, batches: 0 });
    expect(await reindexEmbeddings({ db: database.db, embedder })).toMatchObject({ vectorSearch: false });
    expect(await embeddingBacklog(database.db)).toMatchObject({ vectorSearch: false, pending: 1 });
    const other = await createTestUser(database, 'pg-other');
    expect((await runTool(runtime, other.id, search, { query: 'kubernetes' })).results).toEqual([]);
  });

  it('says once at start-up that semantic search is off', async () => {
    const { openKith } = await import('../../app/open-kith.js');
    const { loadConfig } = await import('../../app/config.js');
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => { warnings.push(m); } };
    const kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC' }), { database: { ...database, close: async () => {} }, log });
    await kith.close();
    expect(warnings.filter((w) => /semantic search is off/.test(w))).toHaveLength(1);
  });
});
