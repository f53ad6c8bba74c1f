import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';

export function registerReindex(program: Command, cli: CliContext): void {
  program
    .command('reindex')
    .description('Embed every note and job description for the current embedding model (resumable; see KITH_EMBEDDING_MODEL)')
    .option('--force', 'drop this model\'s vectors first and embed everything again')
    .option('--batch-size <n>', 'texts per embedding call')
    .action(async (opts: { force?: boolean; batchSize?: string }) => {
      const [{ createProgressBar }, { reindexEmbeddings }, { embeddingBacklog }] = await Promise.all([
        import('../progress-bar.js'), import('../../agent/embeddings/worker.js'), import('../../agent/embeddings/vector-store.js'),
      ]);
      await withKith(cli, async (kith) => {
        const embedder = kith.runtime.embedder;
        if (!embedder) throw new Error('no embedder is configured');
        if (!kith.database.vectorAvailable) {
          cli.printJson({ vector_search: false, embedded: 0, message: 'pgvector is not available in this database: search uses full-text only, there is nothing to embed' });
          return;
        }
        const bar = createProgressBar(`Embedding (${embedder.id})`);
        try {
          const result = await reindexEmbeddings({
            db: kith.database.db,
            embedder,
            force: opts.force,
            batchSize: opts.batchSize ? Math.max(1, Number.parseInt(opts.batchSize, 10) || 64) : undefined,
            onProgress: (done, total) => bar.update(done, total),
          });
          bar.stop();
          const backlog = await embeddingBacklog(kith.database.db, { model: embedder.id });
          cli.printJson({ vector_search: true, model: embedder.id, embedded: result.embedded, missing: backlog.missingForModel ?? 0 });
        } catch (error) {
          bar.stop();
          throw Object.assign(error as Error, { message: `${(error as Error).message} Run kith reindex again to resume.` });
        }
      });
    });
}
