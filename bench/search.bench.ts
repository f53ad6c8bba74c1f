/**
 * Search benchmark: N notes for one user and N for another, offline embedder, PGlite.
 *   node --import tsx bench/search.bench.ts [--notes 100000] [--queries 200]
 * Measures import throughput including embedding (import_data, then the embedding worker draining
 * the backlog: until every vector is stored, and until the HNSW index that a bulk load drops is
 * built again), HNSW index build time, search
 * latency through the `search` tool (p50/p95), and recall@10 of the indexed vector search against
 * an exact scan. Writes bench/results/search.json. `npm run bench` runs it at 100,000 notes per user.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../test-support/test-database.js';
import { SERVING_PAGE_CACHE } from '../db/connection.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { withUser } from '../db/with-user.js';
import { runTool, type ToolRuntime } from '../agent/tools/run-tool.js';
import { importData } from '../agent/tools/transfer.js';
import { search } from '../agent/tools/search.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { EF_SEARCH, vectorCandidates, fullTextCandidates } from '../agent/tools/shared/hybrid-search.js';
import { createOfflineEmbedder } from '../agent/embeddings/offline-embedder.js';
import { createEmbeddingWorker } from '../agent/embeddings/worker.js';
import { SHARED_VECTOR_PARTITION, ensureVectorIndex, vectorIndexName, vectorPartitions } from '../agent/embeddings/vector-partitions.js';
import { percentile, printTable, round } from './stats.js';

export interface SearchBenchOptions {
  /** Notes per user (two users). */
  notes?: number;
  queries?: number;
  /** HNSW ef_search for the recall measurement; by default the tool's (EF_SEARCH, by partition). */
  efSearch?: number;
  write?: boolean;
}

export interface SearchBenchResult {
  notes_per_user: number;
  users: number;
  embedder: string;
  dimensions: number;
  /** Import and embedding until every vector is stored: searchable (full-text, exact vector scan). */
  import_notes_per_s: number;
  /** The same, until the HNSW index the bulk loads dropped is built again. */
  import_with_index_notes_per_s: number;
  import_seconds: number;
  import_only_notes_per_s: number;
  embed_notes_per_s: number;
  /** Of the embedding time: the worker's HNSW rebuilds after its bulk loads. */
  import_index_rebuild_seconds: number;
  index_build_seconds: number;
  search_p50_ms: number;
  search_p95_ms: number;
  full_text_p50_ms: number;
  full_text_p95_ms: number;
  vector_p50_ms: number;
  vector_p95_ms: number;
  recall_at_10: number;
  /** The HNSW candidate list size the searches used: a number when given, else the tool's choice by partition. */
  ef_search: number | string;
  hnsw: { m: number; ef_construction: number };
  targets: { search_p95_ms: number; recall_at_10: number; import_notes_per_s: number };
}

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: string[][] = [
  ['kubernetes', 'cluster', 'helm', 'autoscaling', 'pods', 'migration', 'containers'],
  ['fundraising', 'investors', 'seed', 'round', 'valuation', 'runway', 'pitch'],
  ['rust', 'async', 'tokio', 'borrow', 'checker', 'embedded', 'compiler'],
  ['design', 'system', 'components', 'figma', 'tokens', 'accessibility', 'typography'],
  ['postgres', 'replication', 'vacuum', 'indexes', 'queries', 'pgbouncer', 'latency'],
  ['hiring', 'interview', 'loop', 'recruiter', 'offer', 'compensation', 'equity'],
  ['machine', 'learning', 'models', 'training', 'inference', 'gpus', 'evaluation'],
  ['react', 'typescript', 'frontend', 'bundles', 'hydration', 'vite', 'testing'],
  ['security', 'audit', 'compliance', 'soc2', 'pentest', 'vulnerabilities', 'secrets'],
  ['product', 'roadmap', 'customers', 'discovery', 'pricing', 'churn', 'onboarding'],
  ['terraform', 'infrastructure', 'aws', 'networking', 'costs', 'modules', 'drift'],
  ['golang', 'microservices', 'grpc', 'tracing', 'observability', 'alerts', 'oncall'],
  ['marketing', 'content', 'seo', 'newsletter', 'conference', 'talk', 'community'],
  ['remote', 'relocation', 'visa', 'berlin', 'lisbon', 'timezone', 'office'],
  ['mentoring', 'career', 'promotion', 'staff', 'engineer', 'leadership', 'feedback'],
  ['data', 'pipeline', 'warehouse', 'dbt', 'airflow', 'analytics', 'dashboards'],
  ['mobile', 'ios', 'android', 'swift', 'kotlin', 'release', 'crashes'],
  ['payments', 'billing', 'stripe', 'invoices', 'fraud', 'refunds', 'ledger'],
  ['search', 'ranking', 'embeddings', 'vectors', 'relevance', 'elasticsearch', 'recall'],
  ['startup', 'founder', 'cofounder', 'idea', 'validation', 'prototype', 'launch'],
];
const FILLER = ('we talked about the team next steps and timing he she they said would maybe later week month quarter plan ' +
  'follow up intro call coffee meeting good great interesting useful worried excited busy slow fast small big new old ' +
  'company role project work process people manager lead colleague friend group budget goal problem question answer ' +
  'share send review read write build ship move change grow help learn explain suggest agree disagree think hope').split(' ');

export function note(rand: () => number): string {
  const t1 = TOPICS[Math.floor(rand() * TOPICS.length)];
  const t2 = TOPICS[Math.floor(rand() * TOPICS.length)];
  const length = 20 + Math.floor(rand() * 40);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    const r = rand();
    const pool = r < 0.3 ? t1 : r < 0.4 ? t2 : FILLER;
    words.push(pool[Math.floor(rand() * pool.length)]);
  }
  return words.join(' ') + '.';
}

export function query(rand: () => number): string {
  const t = TOPICS[Math.floor(rand() * TOPICS.length)];
  const a = t[Math.floor(rand() * t.length)];
  const b = t[Math.floor(rand() * t.length)];
  const forms = [`${a} ${b}`, `who did I talk to about ${a}?`, `notes about ${a} and ${b}`, a];
  return forms[Math.floor(rand() * forms.length)];
}

export function exportFor(notes: number, rand: () => number) {
  const contacts = Array.from({ length: 200 }, (_, i) => ({ id: crypto.randomUUID(), first_name: `Person${i}`, last_name: `Bench${i}` }));
  const start = Date.parse('2024-01-01T00:00:00Z');
  const interactions = Array.from({ length: notes }, (_, i) => ({
    contact_id: contacts[i % contacts.length].id,
    interaction_type: 'call',
    interaction_date: new Date(start + i * 60_000).toISOString(),
    notes: note(rand),
  }));
  return { contacts, interactions };
}

const rows = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

export async function runSearchBench(options: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const notes = options.notes ?? 100_000;
  const queryCount = options.queries ?? 200;
  const efSearch = options.efSearch;
  const embedder = createOfflineEmbedder();
  // the page cache of kith serve and kith mcp, which answer searches
  const database = await createTestDatabase('pglite', { pageCache: SERVING_PAGE_CACHE });
  const log = (m: string) => process.stderr.write(`[search bench] ${m}\n`);
  try {
    const users = [await addUser(database.db, `bench-a-${Date.now()}@example.test`), await addUser(database.db, `bench-b-${Date.now()}@example.test`)];
    const runtime: ToolRuntime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder };
    // the worker reports the HNSW rebuilds of its bulk loads; they are part of the import time
    let rebuildSeconds = 0;
    let run = -1;
    let lastRebuild: { seconds: number; run: number } | null = null;
    const workerLog = { ...silentLogger, info: (message: string, fields?: Record<string, unknown>) => {
      if (!/rebuilt the vector index/.test(message)) return;
      rebuildSeconds += Number(fields?.seconds ?? 0);
      lastRebuild = { seconds: Number(fields?.seconds ?? 0), run };
    } };
    const worker = createEmbeddingWorker({ db: database.db, embedder, log: workerLog, batchSize: 500 });

    // Import + embedding, per user, the way a real import runs (the worker decides whether to keep
    // the HNSW index live or drop it and rebuild it at the end).
    let importSeconds = 0;
    let importOnly = 0;
    let embedOnly = 0;
    for (const [u, user] of users.entries()) {
      const data = exportFor(notes, prng(u + 1));
      const t0 = performance.now();
      await runTool(runtime, user.id, importData, { data });
      const t1 = performance.now();
      run = u;
      await worker.runOnce();
      const t2 = performance.now();
      importOnly += (t1 - t0) / 1000;
      embedOnly += (t2 - t1) / 1000;
      importSeconds += (t2 - t0) / 1000;
      log(`user ${u + 1}: imported ${notes} notes in ${round((t1 - t0) / 1000)} s, embedded in ${round((t2 - t1) / 1000)} s (HNSW rebuilds so far ${round(rebuildSeconds)} s)`);
    }
    const [{ n: vectors }] = rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from embeddings`));
    if (vectors !== notes * 2) throw new Error(`expected ${notes * 2} vectors, found ${vectors}`);

    // Index build: the worker's last bulk load built the HNSW graph of the second user's partition
    // (their 100,000 vectors; each user's bulk load gives them a partition of their own). A smaller
    // run has no bulk load: every partition's index is dropped and built here.
    const indexName = vectorIndexName(SHARED_VECTOR_PARTITION, embedder.dimensions);
    const [{ def }] = rows<{ def: string }>(await database.db.execute(sql`select pg_get_indexdef(${indexName}::regclass) as def`));
    const hnsw = { m: Number(/m='?(\d+)/.exec(def)?.[1] ?? 16), ef_construction: Number(/ef_construction='?(\d+)/.exec(def)?.[1] ?? 64) };
    let indexBuild: number;
    const rebuilt = lastRebuild as { seconds: number; run: number } | null;
    if (rebuilt && rebuilt.run === users.length - 1) {
      indexBuild = rebuilt.seconds;
      log(`index build (the worker's rebuild after the last bulk load): ${round(indexBuild)} s`);
    } else {
      const partitions = await vectorPartitions(database.db);
      for (const p of partitions) await database.db.execute(sql.raw(`drop index if exists ${vectorIndexName(p, embedder.dimensions)}`));
      const b0 = performance.now();
      await ensureVectorIndex(database.db, embedder.dimensions, partitions);
      indexBuild = (performance.now() - b0) / 1000;
      log(`index build: ${round(indexBuild)} s`);
    }
    await database.db.execute(sql`analyze`);

    const rand = prng(99);
    const queries = Array.from({ length: queryCount }, () => query(rand));
    const userOf = (i: number) => users[i % 2];

    // Warm-up, then the tool end to end (transaction, query embedding, both searches, fusion, snippets).
    // (both users: a serving process has every active user's index pages in its page cache)
    for (const [i, q] of queries.slice(0, 20).entries()) await runTool(runtime, userOf(i).id, search, { query: q });
    const toolTimes: number[] = [];
    const ftsTimes: number[] = [];
    const vecTimes: number[] = [];
    for (const [i, q] of queries.entries()) {
      const t0 = performance.now();
      await runTool(runtime, userOf(i).id, search, { query: q, limit: 10 });
      toolTimes.push(performance.now() - t0);
    }
    for (const [i, q] of queries.entries()) {
      const user = userOf(i);
      const [v] = await embedder.embed([q]);
      await withUser(database.db, user.id, async (tx) => {
        const t0 = performance.now();
        await fullTextCandidates(tx, user.id, q, undefined, 40);
        const t1 = performance.now();
        await vectorCandidates(tx, user.id, embedder.id, v, undefined, 40);
        const t2 = performance.now();
        ftsTimes.push(t1 - t0);
        vecTimes.push(t2 - t1);
      });
    }

    // Recall@10 of the index against an exact scan of the same user's vectors.
    let hits = 0;
    let total = 0;
    for (const [i, q] of queries.entries()) {
      const user = userOf(i);
      const [v] = await embedder.embed([q]);
      const approx = await withUser(database.db, user.id, (tx) => vectorCandidates(tx, user.id, embedder.id, v, undefined, 10, { efSearch }));
      const exact = await withUser(database.db, user.id, (tx) => vectorCandidates(tx, user.id, embedder.id, v, undefined, 10, { exact: true }));
      const found = new Set(approx.map((c) => c.documentId));
      // ties at the 10th distance count as found
      const tenth = exact[exact.length - 1]?.score ?? 0;
      hits += exact.filter((c) => found.has(c.documentId) || Math.abs(c.score - tenth) < 1e-9 && approx.some((a) => Math.abs(a.score - tenth) < 1e-9)).length;
      total += exact.length;
    }

    const result: SearchBenchResult = {
      notes_per_user: notes,
      users: 2,
      embedder: embedder.id,
      dimensions: embedder.dimensions,
      import_notes_per_s: round((notes * 2) / (importSeconds - rebuildSeconds), 0),
      import_with_index_notes_per_s: round((notes * 2) / importSeconds, 0),
      import_seconds: round(importSeconds),
      import_only_notes_per_s: round((notes * 2) / importOnly, 0),
      embed_notes_per_s: round((notes * 2) / embedOnly, 0),
      import_index_rebuild_seconds: round(rebuildSeconds),
      index_build_seconds: round(indexBuild),
      search_p50_ms: round(percentile(toolTimes, 50)),
      search_p95_ms: round(percentile(toolTimes, 95)),
      full_text_p50_ms: round(percentile(ftsTimes, 50)),
      full_text_p95_ms: round(percentile(ftsTimes, 95)),
      vector_p50_ms: round(percentile(vecTimes, 50)),
      vector_p95_ms: round(percentile(vecTimes, 95)),
      recall_at_10: round(hits / Math.max(1, total), 3),
      ef_search: efSearch ?? `${EF_SEARCH.ownPartition} (own partition) / ${EF_SEARCH.shared} (shared)`,
      hnsw,
      targets: { search_p95_ms: 30, recall_at_10: 0.95, import_notes_per_s: 1000 },
    };
    printTable(`search: ${notes} notes x 2 users, ${embedder.id}, PGlite`, [
      { metric: 'import incl. embedding, vectors stored (notes/s)', value: result.import_notes_per_s, target: '>= 1000' },
      { metric: '  until the HNSW index is rebuilt (notes/s)', value: result.import_with_index_notes_per_s, target: '' },
      { metric: '  import only (notes/s)', value: result.import_only_notes_per_s, target: '' },
      { metric: '  embedding only (notes/s)', value: result.embed_notes_per_s, target: '' },
      { metric: '  of which HNSW rebuilds (s)', value: result.import_index_rebuild_seconds, target: '' },
      { metric: 'HNSW index build (s)', value: result.index_build_seconds, target: '' },
      { metric: 'search tool p50 (ms)', value: result.search_p50_ms, target: '' },
      { metric: 'search tool p95 (ms)', value: result.search_p95_ms, target: '<= 30' },
      { metric: '  full-text p50/p95 (ms)', value: `${result.full_text_p50_ms} / ${result.full_text_p95_ms}`, target: '' },
      { metric: '  vector p50/p95 (ms)', value: `${result.vector_p50_ms} / ${result.vector_p95_ms}`, target: '' },
      { metric: `recall@10 (ef_search ${result.ef_search})`, value: result.recall_at_10, target: '>= 0.95' },
    ]);
    if (options.write !== false) {
      const dir = join(packageRoot(), 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'search.json'), JSON.stringify({ ...result, measured_at: new Date().toISOString(), node: process.version }, null, 2) + '\n');
    }
    return result;
  } finally {
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await runSearchBench({ notes: arg('notes'), queries: arg('queries'), efSearch: arg('ef-search') });
}
