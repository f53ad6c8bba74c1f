import type { Database } from '../../db/connection.js';
import type { Logger } from '../tools/shared/context.js';
import type { Embedder } from './embedder.js';
import { createEmbeddingWorker } from './worker.js';

export interface PreparedEmbeddings {
  embedder: Embedder;
  /**
   * Embeds what is pending now when the embedder is local (the offline one): a one-shot command
   * leaves nothing behind. A remote provider is left to the worker (`kith serve`) or `kith reindex`,
   * so that no command waits on it.
   */
  flush(): Promise<void>;
}

/** Start-up of semantic search for a surface: says once when it is off, and how to flush. */
export function prepareEmbeddings(options: { database: Database; embedder: Embedder; log: Logger }): PreparedEmbeddings {
  const { database, embedder, log } = options;
  if (!database.vectorAvailable) {
    log.warn('semantic search is off: the pgvector extension is not available in this database; search uses full-text only');
  }
  return {
    embedder,
    async flush() {
      if (!embedder.local || !database.vectorAvailable) return;
      try {
        await createEmbeddingWorker({ db: database.db, embedder, log }).runOnce();
      } catch (error) {
        log.warn('could not embed new notes now; `kith reindex` will', { error: String((error as Error)?.message ?? error) });
      }
    },
  };
}
