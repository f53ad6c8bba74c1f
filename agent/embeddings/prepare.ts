import type { Database } from '../../db/connection.js';
import type { Logger } from '../tools/shared/context.js';
import type { Embedder } from './embedder.js';
import { createEmbeddingWorker, type EmbeddingWorker } from './worker.js';

/**
 * How long a one-shot command may spend embedding what it wrote before it exits. The lexical
 * embedder does tens of thousands of notes in that time, the sentence encoder a few hundred; the
 * rest waits for `kith serve` / `kith mcp` (which embed in the background) or `kith reindex`.
 */
export const FLUSH_BUDGET_MS = 15_000;

export interface PreparedEmbeddings {
  embedder: Embedder;
  /**
   * Embeds what is pending now when the embedder is local (the offline ones), for at most
   * FLUSH_BUDGET_MS: a one-shot command leaves little or nothing behind. A remote provider is left
   * to the background worker or `kith reindex`, so that no command waits on it.
   */
  flush(): Promise<void>;
  /**
   * Starts embedding in the background (a serving process): the queue of new and changed texts,
   * and, for a local embedder, every document without a vector of its model (an upgrade).
   */
  startBackground(): void;
  /** Stops the background worker, waiting for its batch in flight. */
  stopBackground(): Promise<void>;
}

/** Start-up of semantic search for a surface: says once when it is off, and how to flush. */
export function prepareEmbeddings(options: { database: Database; embedder: Embedder; log: Logger }): PreparedEmbeddings {
  const { database, embedder, log } = options;
  if (!database.vectorAvailable) {
    log.warn('semantic search is off: the pgvector extension is not available in this database; search uses full-text only');
  }
  let background: EmbeddingWorker | null = null;
  return {
    embedder,
    async flush() {
      if (!embedder.local || !database.vectorAvailable) return;
      try {
        const worker = createEmbeddingWorker({ db: database.db, embedder, log });
        await worker.runOnce({ deadline: performance.now() + FLUSH_BUDGET_MS });
      } catch (error) {
        log.warn('could not embed new notes now; `kith reindex` will', { error: String((error as Error)?.message ?? error) });
      }
    },
    startBackground() {
      if (background || !database.vectorAvailable) return;
      background = createEmbeddingWorker({ db: database.db, embedder, log });
      background.start();
    },
    async stopBackground() {
      const worker = background;
      background = null;
      await worker?.stop();
    },
  };
}
