/**
 * Sentence encoder benchmark (Universal Sentence Encoder lite in worker threads, PGlite).
 *   node --import tsx bench/encoder.bench.ts [--notes 400] [--calls 60]
 * 1. Load: a new encoder's first embed of one text (thread start + model load + one embedding),
 *    and the model load alone as the thread reports it.
 * 2. Throughput: --notes synthetic notes (20-60 words) embedded in the background lane with one
 *    thread and with two: notes/s in total (wall clock) and per thread (texts / time inside it).
 * 3. Tool calls while a backlog embeds: p50/p95 of a mix of tool calls (search with its query
 *    truly encoded, find_contacts, list_interactions, log_interaction) idle, then while the embedding
 *    worker drains a backlog of --notes notes. The target is p95 under backlog <= 2 x idle.
 * Writes bench/results/encoder.json. Part of the `encoder` suite of `npm run bench`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTestDatabase, createTestUser } from '../test-support/test-database.js';
import { packageRoot } from '../db/package-root.js';
import { runTool, type ToolRuntime } from '../agent/tools/run-tool.js';
import { findTool } from '../agent/tools/catalog.js';
import { importData } from '../agent/tools/transfer.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { createSentenceEncoder } from '../agent/embeddings/sentence-encoder.js';
import { createSentenceEncoderEmbedder } from '../agent/embeddings/sentence-encoder-embedder.js';
import { createEmbeddingWorker } from '../agent/embeddings/worker.js';
import { exportFor, note, prng, query } from './search.bench.js';
import { percentile, printTable, round } from './stats.js';

export interface EncoderBenchResult {
  load_first_embed_ms: number;
  model_load_ms: number;
  throughput: Array<{ threads: number; notes: number; total_notes_per_s: number; per_thread_notes_per_s: number[] }>;
  tool_calls: { idle_p50_ms: number; idle_p95_ms: number; backlog_p50_ms: number; backlog_p95_ms: number; ratio_p95: number; calls: number; backlog_notes_embedded_meanwhile: number };
  machine: { cpus: number; load_average_1m_at_start: number; load_average_1m_at_end: number };
}

export async function runEncoderBench(options: { notes?: number; calls?: number; write?: boolean } = {}): Promise<EncoderBenchResult> {
  const notes = options.notes ?? 400;
  const calls = options.calls ?? 60;
  const loadStart = loadavg()[0];
  const rand = prng(5);
  const texts = Array.from({ length: notes }, () => note(rand));

  // 1. load
  const cold = createSentenceEncoder();
  const t0 = performance.now();
  await cold.embed(['How long does the first embedding take?']);
  const firstEmbed = performance.now() - t0;
  const modelLoad = cold.stats().loadMs ?? NaN;
  await cold.close();

  // 2. throughput, one and two background threads (each thread loads the model first: not timed)
  const throughput: EncoderBenchResult['throughput'] = [];
  for (const threads of [1, 2]) {
    const encoder = createSentenceEncoder({ backgroundThreads: threads, chunkSize: 16 });
    await encoder.embed(Array.from({ length: threads * 16 }, (_, i) => `warm-up ${i}`), { priority: 'background' });
    const before = encoder.stats().threads.filter((t) => t.lane === 'background').map((t) => ({ ...t }));
    const s = performance.now();
    await encoder.embed(texts, { priority: 'background' });
    const seconds = (performance.now() - s) / 1000;
    const after = encoder.stats().threads.filter((t) => t.lane === 'background');
    throughput.push({
      threads,
      notes,
      total_notes_per_s: round(notes / seconds, 1),
      per_thread_notes_per_s: after.map((t, i) => round((t.texts - (before[i]?.texts ?? 0)) / ((t.embedMs - (before[i]?.embedMs ?? 0)) / 1000), 1)),
    });
    await encoder.close();
  }

  // 3. tool calls idle and during a backlog
  const database = await createTestDatabase('pglite');
  const encoder = createSentenceEncoder();
  try {
    const embedder = createSentenceEncoderEmbedder(encoder);
    const runtime: ToolRuntime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder };
    const user = await createTestUser(database, 'encoder-bench');
    const data = exportFor(500, prng(3));
    await runTool(runtime, user.id, importData, { data });
    await createEmbeddingWorker({ db: database.db, embedder, log: silentLogger }).runOnce();
    const qrand = prng(17);
    const contact = data.contacts[0].id;
    const mix = (i: number): [string, unknown] => {
      switch (i % 4) {
        case 0: return ['search', { query: query(qrand) }];
        case 1: return ['find_contacts', { query: 'Person1' }];
        case 2: return ['list_interactions', { contact, limit: 10 }];
        default: return ['log_interaction', { contact, interaction_type: 'call', notes: note(qrand) }];
      }
    };
    const measure = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const [name, input] = mix(i);
        const s = performance.now();
        await runTool(runtime, user.id, findTool(name)!, input);
        times.push(performance.now() - s);
      }
      return times;
    };
    await measure(8); // warm-up: both lanes' threads loaded, caches warm
    await createEmbeddingWorker({ db: database.db, embedder, log: silentLogger }).runOnce();
    const idle = await measure(calls);
    // the backlog: notes imported without their vectors, drained by the worker while calls are made
    await runTool(runtime, user.id, importData, { data: { contacts: data.contacts, interactions: texts.map((t, i) => ({ contact_id: data.contacts[i % data.contacts.length].id, interaction_type: 'meeting', interaction_date: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), notes: t })) } });
    const worker = createEmbeddingWorker({ db: database.db, embedder, log: silentLogger, batchSize: 64 });
    let embedded = 0;
    let draining = true;
    const drain = (async () => { while (draining) { const r = await worker.runOnce({ maxBatches: 1 }); embedded += r.embedded; if (r.batches === 0) break; } })();
    const busy = await measure(calls);
    draining = false;
    await drain;
    const result: EncoderBenchResult = {
      load_first_embed_ms: round(firstEmbed),
      model_load_ms: round(modelLoad),
      throughput,
      tool_calls: {
        idle_p50_ms: round(percentile(idle, 50)),
        idle_p95_ms: round(percentile(idle, 95)),
        backlog_p50_ms: round(percentile(busy, 50)),
        backlog_p95_ms: round(percentile(busy, 95)),
        ratio_p95: round(percentile(busy, 95) / percentile(idle, 95)),
        calls,
        backlog_notes_embedded_meanwhile: embedded,
      },
      machine: { cpus: cpus().length, load_average_1m_at_start: round(loadStart), load_average_1m_at_end: round(loadavg()[0]) },
    };
    printTable(`sentence encoder (${cpus().length} CPUs, load average ${round(loadStart)} -> ${round(loadavg()[0])})`, [
      { metric: 'first embed of a new encoder (ms): thread + model load + 1 text', value: result.load_first_embed_ms, target: '' },
      { metric: '  model load inside the thread (ms)', value: result.model_load_ms, target: '' },
      ...throughput.map((t) => ({ metric: `background notes/s, ${t.threads} thread(s): total / per thread`, value: `${t.total_notes_per_s} / ${t.per_thread_notes_per_s.join(', ')}`, target: '' })),
      { metric: 'tool calls idle p50 / p95 (ms)', value: `${result.tool_calls.idle_p50_ms} / ${result.tool_calls.idle_p95_ms}`, target: '' },
      { metric: 'tool calls during a backlog p50 / p95 (ms)', value: `${result.tool_calls.backlog_p50_ms} / ${result.tool_calls.backlog_p95_ms}`, target: '' },
      { metric: '  p95 backlog / idle', value: result.tool_calls.ratio_p95, target: '<= 2' },
      { metric: '  notes embedded while the calls ran', value: embedded, target: '' },
    ]);
    if (options.write !== false) {
      const dir = join(packageRoot(), 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'encoder.json'), JSON.stringify({ ...result, measured_at: new Date().toISOString() }, null, 2) + '\n');
    }
    return result;
  } finally {
    await encoder.close();
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await runEncoderBench({ notes: arg('notes'), calls: arg('calls') });
}
