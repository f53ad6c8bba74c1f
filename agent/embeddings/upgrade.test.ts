import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { runTool, type ToolRuntime } from '../tools/run-tool.js';
import { search, searchStatus } from '../tools/search.js';
import { importData } from '../tools/transfer.js';
import { addContact } from '../tools/contacts.js';
import { silentLogger } from '../tools/shared/context.js';
import { fixture, ids } from '../tools/search.fixture.js';
import type { User } from '../../accounts/users.js';
import type { Embedder } from './embedder.js';
import { createOfflineEmbedder } from './offline-embedder.js';
import { createSentenceEncoder, type SentenceEncoder } from './sentence-encoder.js';
import { createSentenceEncoderEmbedder } from './sentence-encoder-embedder.js';
import { createEmbeddingWorker } from './worker.js';
import { embeddingBacklog } from './vector-store.js';
import { vectorIndexName, SHARED_VECTOR_PARTITION } from './vector-partitions.js';

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe('upgrade from the lexical embedder to the sentence encoder', () => {
  let database: TestDatabase;
  let encoder: SentenceEncoder;
  let alice: User;
  const lexical = createOfflineEmbedder();
  let neural: Embedder;
  const runtime = (embedder: Embedder): ToolRuntime => ({ db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    encoder = createSentenceEncoder();
    neural = createSentenceEncoderEmbedder(encoder);
    alice = await createTestUser(database, 'alice');
    // a data directory of before: every document has a lexical (384) vector and nothing else
    await runTool(runtime(lexical), alice.id, importData, { data: fixture });
    await createEmbeddingWorker({ db: database.db, embedder: lexical, log: silentLogger }).runOnce();
  });
  afterAll(async () => { await encoder?.close(); await database?.drop(); });

  it('has the HNSW index for 512-dimension vectors from migration 0016', async () => {
    const [row] = rows<{ ok: boolean }>(await database.db.execute(sql`select to_regclass(${vectorIndexName(SHARED_VECTOR_PARTITION, 512)}) is not null as ok`));
    expect(row.ok).toBe(true);
  });

  it('re-embeds every document in the background, reporting progress, while search keeps answering', async () => {
    const documents = fixture.contacts.filter((c) => c.notes).length + fixture.interactions.length + fixture.opportunities.length;
    const status = () => runTool(runtime(neural), alice.id, searchStatus, {});
    expect(await status()).toEqual({ mode: 'hybrid', embedder: 'offline:use-lite-512', documents, with_vectors: 0, waiting: documents, failed: 0, progress: 0 });
    // before any vector of the new model: full-text still finds the words
    const before = await runTool(runtime(neural), alice.id, search, { query: 'Kubernetes' });
    expect(before.results.map((r) => r.id)).toContain(ids.I(1));

    // during the backfill (seen from inside the embedder, between two batches): partial progress,
    // search answers, and a note written now is embedded before the backfill goes on
    const seen: Array<{ progress: number; found: string[] }> = [];
    let written: string | null = null;
    let calls = 0;
    const watched: Embedder = {
      ...neural,
      async embed(texts, options) {
        calls++;
        if (calls === 2) {
          const s = await status();
          const r = await runTool(runtime(neural), alice.id, search, { query: 'Kubernetes' });
          seen.push({ progress: s.progress, found: r.results.map((x) => x.id) });
          const { contact } = await runTool(runtime(neural), alice.id, addContact, { first_name: 'Rui', last_name: 'Costa', notes: 'Runs the SRE team at a bank.' });
          written = contact.id;
        }
        return neural.embed(texts, options);
      },
    };
    const worker = createEmbeddingWorker({ db: database.db, embedder: watched, log: silentLogger, batchSize: 4 });
    const result = await worker.runOnce({ backfill: true });
    expect(seen).toHaveLength(1);
    expect(seen[0].progress).toBeGreaterThan(0);
    expect(seen[0].progress).toBeLessThan(1);
    expect(seen[0].found).toContain(ids.I(1));
    expect(result.backfilled).toBe(documents);
    expect(result.embedded).toBe(documents + 1);
    expect(written).not.toBeNull();

    expect(await status()).toMatchObject({ documents: documents + 1, with_vectors: documents + 1, waiting: 0, progress: 1 });
    const backlog = await embeddingBacklog(database.db, { model: neural.id });
    expect(backlog).toMatchObject({ pending: 0, failed: 0, missingForModel: 0 });
    const [dims] = rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from embeddings where model = ${neural.id} and dimensions = 512`));
    expect(dims.n).toBe(documents + 1);

    // a second run has nothing left to backfill
    expect(await worker.runOnce({ backfill: true })).toMatchObject({ embedded: 0, backfilled: 0 });
  });

  it('then finds by meaning what shares no word with the query', async () => {
    // Not a term of the skill vocabulary, which would find it by words ("UI kit" is a design system there).
    const query = 'reusable interface pieces';
    const words = await runTool({ ...runtime(neural), embedder: undefined }, alice.id, search, { query });
    expect(words.mode).toBe('full_text');
    expect(words.results).toEqual([]);
    const meaning = await runTool(runtime(neural), alice.id, search, { query, limit: 3 });
    expect(meaning.mode).toBe('hybrid');
    // "Amara shared the tokens file from their design system" / "built their component library"
    expect(meaning.results.map((r) => r.id).slice(0, 2).sort()).toEqual([ids.C(3), ids.I(4)].sort());
  });
});
