/**
 * Search benchmark: N notes for each of U users (2 by default), PGlite.
 *   node --import tsx bench/search.bench.ts [--notes 100000] [--users 2] [--queries 200] [--lexical]
 * Vectors: by default those of the offline sentence encoder, built the cheap way (encoding 100,000
 * notes costs ~40 CPU-minutes): --real (5,000) distinct notes are truly encoded, the N notes of a
 * user cycle through them, and each note's vector is its base note's encoding plus Gaussian noise
 * (sigma --sigma per dimension, 0.01), renormalised, so that no two vectors are equal. Queries are
 * encoded for real by the `search` tool (the encoder's interactive thread, with its cache).
 * --lexical measures the lexical embedder instead (every vector real).
 * Measures import throughput including embedding (import_data, then the embedding worker draining
 * the backlog: until every vector is stored, and until the HNSW index that a bulk load drops is
 * built again), HNSW index build time, search
 * latency through the `search` tool (p50/p95), the same search's steps timed one by one (BreakdownPhase),
 * and recall@10 of the indexed vector search against an exact scan. The --real encodings are kept in
 * the temporary directory and read back by a rerun with the same notes (minutes of CPU otherwise).
 * Writes bench/results/search.json. `npm run bench` runs it at 100,000 notes per user.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
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
import {
  EF_SEARCH, aboveFloor, fullTextCandidates, fuseRankings, loadHits, positivePart, prepareVectorSearch, vectorCandidates,
} from '../agent/tools/shared/hybrid-search.js';
import { queryForEmbedding } from '../agent/tools/shared/query-expansion.js';
import { createOfflineEmbedder } from '../agent/embeddings/offline-embedder.js';
import type { Embedder } from '../agent/embeddings/embedder.js';
import { createSentenceEncoder, type SentenceEncoder } from '../agent/embeddings/sentence-encoder.js';
import { createSentenceEncoderEmbedder } from '../agent/embeddings/sentence-encoder-embedder.js';
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
  users?: number;
  /** 'encoder' (default): replayed sentence-encoder vectors, see above; 'lexical': the lexical embedder. */
  vectors?: 'encoder' | 'lexical';
  /** Distinct notes truly encoded (encoder mode). */
  realEncodings?: number;
  /** Noise per dimension added to a replayed encoding. */
  sigma?: number;
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
  /** The search tool with `question` (the user's words) as well: see the loop that measures it. */
  question_p50_ms: number;
  question_p95_ms: number;
  full_text_p50_ms: number;
  full_text_p95_ms: number;
  vector_p50_ms: number;
  vector_p95_ms: number;
  recall_at_10: number;
  /** A search's steps timed one by one (ms): see BreakdownPhase. */
  breakdown_ms: Record<BreakdownPhase, { p50: number; p95: number }>;
  /** The HNSW candidate list size the searches used: a number when given, else the tool's choice by partition. */
  ef_search: number | string;
  hnsw: { m: number; ef_construction: number };
  targets: { search_p95_ms: number; recall_at_10: number; import_notes_per_s: number };
  /** How the vectors were made. */
  vectors: string;
  query_cache_hits?: number;
}

/**
 * A search's steps: BEGIN and the user's settings; the vector check with the HNSW settings; the
 * query's embedding (uncached); full-text candidates; vector candidates; fusion and the hits with
 * their snippets (ts_headline of the final ten); COMMIT.
 */
export type BreakdownPhase = 'transaction' | 'prepare' | 'embed' | 'full_text' | 'vector' | 'hits' | 'commit';

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

export function exportFor(notes: number, rand: () => number, texts?: string[]) {
  const contacts = Array.from({ length: 200 }, (_, i) => ({ id: crypto.randomUUID(), first_name: `Person${i}`, last_name: `Bench${i}` }));
  const start = Date.parse('2024-01-01T00:00:00Z');
  const interactions = Array.from({ length: notes }, (_, i) => ({
    contact_id: contacts[i % contacts.length].id,
    interaction_type: 'call',
    interaction_date: new Date(start + i * 60_000).toISOString(),
    notes: texts ? texts[i % texts.length] : note(rand),
  }));
  return { contacts, interactions };
}

const rows = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

export async function runSearchBench(options: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const notes = options.notes ?? 100_000;
  const queryCount = options.queries ?? 200;
  const efSearch = options.efSearch;
  const users_ = options.users ?? 2;
  const mode = options.vectors ?? 'encoder';
  const encoder = mode === 'encoder' ? createSentenceEncoder() : null;
  let embedder: Embedder = createOfflineEmbedder();
  let baseNotes: string[] | undefined;
  let vectorsHow = 'lexical embedder, every vector computed';
  if (encoder) {
    const replay = await replayedEncoder(encoder, options.realEncodings ?? 5_000, options.sigma ?? 0.01);
    embedder = replay.embedder;
    baseNotes = replay.notes;
    vectorsHow = replay.how;
  }
  // the page cache of kith serve and kith mcp, which answer searches
  const database = await createTestDatabase('pglite', { pageCache: SERVING_PAGE_CACHE });
  const log = (m: string) => process.stderr.write(`[search bench] ${m}\n`);
  try {
    const users: Array<Awaited<ReturnType<typeof addUser>>> = [];
    for (let u = 0; u < users_; u++) users.push(await addUser(database.db, `bench-${u}-${Date.now()}@example.test`));
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
      const data = exportFor(notes, prng(u + 1), baseNotes);
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
    if (vectors !== notes * users.length) throw new Error(`expected ${notes * users.length} vectors, found ${vectors}`);

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
    const warmRand = prng(98);
    const userOf = (i: number) => users[i % users.length];

    // Warm-up (other queries than those measured, so that the encoder's cache does not serve them),
    // then the tool end to end (transaction, query embedding, both searches, fusion, snippets).
    // (every user: a serving process has every active user's index pages in its page cache)
    for (let i = 0; i < 20; i++) await runTool(runtime, userOf(i).id, search, { query: query(warmRand) });
    const hitsBefore = encoder?.stats().cacheHits ?? 0;
    const toolTimes: number[] = [];
    for (const [i, q] of queries.entries()) {
      const t0 = performance.now();
      await runTool(runtime, userOf(i).id, search, { query: q, limit: 10 });
      toolTimes.push(performance.now() - t0);
    }
    // The same searches asked as questions: the question is embedded instead of the query, and the
    // first 20 hits are judged against it (their similarities and topic coverage) and re-ranked.
    const questionTimes: number[] = [];
    for (const [i, q] of queries.entries()) {
      const t0 = performance.now();
      await runTool(runtime, userOf(i).id, search, { query: q, question: `who talked about ${q}?`, limit: 10 });
      questionTimes.push(performance.now() - t0);
    }
    // The tool's steps one by one, each timed, in the order the tool used to run them (embedding
    // between the two candidate queries' setup and the full-text query): where a search's time goes.
    // The embedding here is of a text the cache cannot hold (the query and its number), so that it
    // costs what a new question costs; the vector query uses the query's own vector.
    const phases: Record<BreakdownPhase, number[]> = { transaction: [], prepare: [], embed: [], full_text: [], vector: [], hits: [], commit: [] };
    for (const [i, q] of queries.entries()) {
      const user = userOf(i);
      const [v] = await embedder.embed([q]);
      const t0 = performance.now();
      let tCommit = 0;
      await withUser(database.db, user.id, async (tx) => {
        const t1 = performance.now();
        await prepareVectorSearch(tx, user.id);
        const t2 = performance.now();
        await embedder.embed([`${queryForEmbedding(positivePart(q))} ${i}`]);
        const t3 = performance.now();
        const fullText = await fullTextCandidates(tx, user.id, q, undefined, 40);
        const t4 = performance.now();
        const nearest = aboveFloor(await vectorCandidates(tx, user.id, embedder.id, v, undefined, 40, { prepared: true }), embedder.minSimilarity ?? 0);
        const t5 = performance.now();
        await loadHits(tx, q, fuseRankings(fullText, nearest).slice(0, 10), 'UTC');
        tCommit = performance.now();
        phases.transaction.push(t1 - t0);
        phases.prepare.push(t2 - t1);
        phases.embed.push(t3 - t2);
        phases.full_text.push(t4 - t3);
        phases.vector.push(t5 - t4);
        phases.hits.push(tCommit - t5);
      });
      phases.commit.push(performance.now() - tCommit);
    }
    const ftsTimes = phases.full_text;
    const vecTimes = phases.vector;

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

    const cacheHits = (encoder?.stats().cacheHits ?? 0) - hitsBefore;
    const result: SearchBenchResult = {
      notes_per_user: notes,
      users: users.length,
      embedder: embedder.id,
      dimensions: embedder.dimensions,
      import_notes_per_s: round((notes * users.length) / (importSeconds - rebuildSeconds), 0),
      import_with_index_notes_per_s: round((notes * users.length) / importSeconds, 0),
      import_seconds: round(importSeconds),
      import_only_notes_per_s: round((notes * users.length) / importOnly, 0),
      embed_notes_per_s: round((notes * users.length) / embedOnly, 0),
      import_index_rebuild_seconds: round(rebuildSeconds),
      index_build_seconds: round(indexBuild),
      search_p50_ms: round(percentile(toolTimes, 50)),
      search_p95_ms: round(percentile(toolTimes, 95)),
      question_p50_ms: round(percentile(questionTimes, 50)),
      question_p95_ms: round(percentile(questionTimes, 95)),
      full_text_p50_ms: round(percentile(ftsTimes, 50)),
      full_text_p95_ms: round(percentile(ftsTimes, 95)),
      vector_p50_ms: round(percentile(vecTimes, 50)),
      vector_p95_ms: round(percentile(vecTimes, 95)),
      recall_at_10: round(hits / Math.max(1, total), 3),
      breakdown_ms: Object.fromEntries(Object.entries(phases).map(([k, t]) => [k, { p50: round(percentile(t, 50)), p95: round(percentile(t, 95)) }])) as SearchBenchResult['breakdown_ms'],
      ef_search: efSearch ?? `${EF_SEARCH.ownPartition} (own partition) / ${EF_SEARCH.shared} (shared)`,
      hnsw,
      targets: { search_p95_ms: 30, recall_at_10: 0.95, import_notes_per_s: 1000 },
      vectors: vectorsHow,
      ...(encoder ? { query_cache_hits: cacheHits } : {}),
    };
    process.stdout.write(`\nvectors: ${vectorsHow}${encoder ? `; ${cacheHits} of ${queries.length * 4} measured query embeddings came from the cache` : ''}\n`);
    printTable(`search: ${notes} notes x ${users.length} users, ${embedder.id}, PGlite`, [
      { metric: 'import incl. embedding, vectors stored (notes/s)', value: result.import_notes_per_s, target: '>= 1000' },
      { metric: '  until the HNSW index is rebuilt (notes/s)', value: result.import_with_index_notes_per_s, target: '' },
      { metric: '  import only (notes/s)', value: result.import_only_notes_per_s, target: '' },
      { metric: `  embedding only (notes/s)${encoder ? ', replayed vectors' : ''}`, value: result.embed_notes_per_s, target: '' },
      { metric: '  of which HNSW rebuilds (s)', value: result.import_index_rebuild_seconds, target: '' },
      { metric: 'HNSW index build (s)', value: result.index_build_seconds, target: '' },
      { metric: 'search tool p50 (ms)', value: result.search_p50_ms, target: '' },
      { metric: 'search tool p95 (ms)', value: result.search_p95_ms, target: '<= 30' },
      { metric: 'search tool with a question p50/p95 (ms)', value: `${result.question_p50_ms} / ${result.question_p95_ms}`, target: '' },
      { metric: '  full-text p50/p95 (ms)', value: `${result.full_text_p50_ms} / ${result.full_text_p95_ms}`, target: '' },
      { metric: '  vector p50/p95 (ms)', value: `${result.vector_p50_ms} / ${result.vector_p95_ms}`, target: '' },
      { metric: `recall@10 (ef_search ${result.ef_search})`, value: result.recall_at_10, target: '>= 0.95' },
    ]);
    printTable('search, step by step (ms; the tool overlaps the embedding with the full-text query)', Object.entries(result.breakdown_ms).map(([step, t]) => ({ step, p50: t.p50, p95: t.p95 })));
    process.stdout.write(`load average at the end: ${loadavg().map((l) => round(l)).join(', ')} (${cpus().length} cores)\n`);
    if (options.write !== false) {
      const dir = join(packageRoot(), 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'search.json'), JSON.stringify({ ...result, measured_at: new Date().toISOString(), node: process.version }, null, 2) + '\n');
    }
    return result;
  } finally {
    await encoder?.close();
    await database.drop();
  }
}

/**
 * The sentence encoder with its background work replayed: `count` distinct notes are encoded for
 * real; a background embed of one of them returns its encoding plus Gaussian noise (sigma per
 * dimension), renormalised. A text that is not one of them gets the replay of the note its hash
 * picks. Interactive embeds (queries) go to the real encoder.
 */
export async function replayedEncoder(encoder: SentenceEncoder, count: number, sigma: number): Promise<{ embedder: Embedder; notes: string[]; how: string }> {
  const real = createSentenceEncoderEmbedder(encoder);
  const rand = prng(7);
  const seen = new Set<string>();
  const notes: string[] = [];
  while (notes.length < count) {
    const n = note(rand);
    if (!seen.has(n)) { seen.add(n); notes.push(n); }
  }
  // The encodings are kept in the temporary directory: a rerun (same notes, same model) reads them
  // back instead of spending minutes of CPU on them again; the notes/s reported is the first run's.
  const cacheFile = join(tmpdir(), `kith-search-bench-encodings-${real.id.replace(/[^a-z0-9-]/gi, '_')}-${count}-` +
    `${createHash('sha256').update(notes.join('\n')).digest('hex').slice(0, 12)}.json`);
  let vectors: number[][];
  let seconds: number;
  if (existsSync(cacheFile)) {
    ({ vectors, seconds } = JSON.parse(readFileSync(cacheFile, 'utf8')) as { vectors: number[][]; seconds: number });
    process.stderr.write(`[search bench] read ${count} distinct notes' encodings from ${cacheFile} (first encoded at ${round(count / seconds, 0)} notes/s)\n`);
  } else {
    const t0 = performance.now();
    vectors = await real.embed(notes, { priority: 'background' });
    seconds = (performance.now() - t0) / 1000;
    process.stderr.write(`[search bench] encoded ${count} distinct notes in ${round(seconds)} s (${round(count / seconds, 0)} notes/s)\n`);
    writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify({ vectors, seconds }));
    renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  }
  const byText = new Map(notes.map((t, i) => [t, i]));
  const noise = prng(11);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - noise())) * Math.cos(2 * Math.PI * noise());
  let misses = 0;
  const replay = (text: string): number[] => {
    let i = byText.get(text);
    if (i === undefined) {
      misses++;
      let h = 0;
      for (let k = 0; k < text.length; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) >>> 0;
      i = h % notes.length;
    }
    const v = vectors[i].map((x) => x + sigma * gauss());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const embedder: Embedder = {
    ...real,
    async embed(texts, options = {}) {
      return options.priority === 'background' ? texts.map(replay) : real.embed(texts, options);
    },
  };
  return {
    embedder,
    notes,
    get how() {
      return `sentence encoder: ${count} distinct notes truly encoded (${round(count / seconds, 0)} notes/s), each user's notes cycle through them, ` +
        `each stored vector = its note's encoding + N(0, ${sigma}) per dimension, renormalised${misses ? ` (${misses} texts not among them got a hashed pick)` : ''}; queries truly encoded`;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await runSearchBench({
    notes: arg('notes'), queries: arg('queries'), efSearch: arg('ef-search'), users: arg('users'),
    vectors: process.argv.includes('--lexical') ? 'lexical' : 'encoder', realEncodings: arg('real'), sigma: arg('sigma'),
  });
}
