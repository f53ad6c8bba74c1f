import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';

/** `kith doctor`: which model and embedder are active, and whether the database is healthy. */
export function registerDoctor(program: Command, cli: CliContext): void {
  program
    .command('doctor')
    .description('Show the active model, embedder and database, and check their health')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const [{ sql }, { selectModel }, { findUnprotectedTables }, { embeddingBacklog }] = await Promise.all([
        import('drizzle-orm'), import('../../agent/models/select-model.js'), import('../../db/row-level-security.js'), import('../../agent/embeddings/vector-store.js'),
      ]);
      await withKith(cli, async (kith) => {
        const model = await selectModel(kith.config);
        const db = kith.database.db;
        const rows = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;
        const [version] = rows(await db.execute(sql`select version() as version`));
        const [migrations] = rows(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
        const unprotected = await findUnprotectedTables(db);
        const embedder = kith.runtime.embedder;
        const backlog = await embeddingBacklog(db, { model: embedder?.id });
        const report = {
          model: { kind: model.kind, label: model.label },
          embedder: embedder ? { id: embedder.id, dimensions: embedder.dimensions } : null,
          database: {
            kind: kith.database.kind,
            location: kith.database.kind === 'pglite' ? kith.config.dataDir : redact(kith.config.databaseUrl!),
            version: String(version.version).split(' on ')[0],
            migrations_applied: Number(migrations.n),
            row_level_security: unprotected.length === 0 ? 'ok' : unprotected,
            vector_search: kith.database.vectorAvailable ? 'on (pgvector)' : 'off (pgvector is not installed; full-text search only)',
          },
          embeddings: backlog,
          vectors: vectorCoverage(backlog, embedder?.local ?? false),
          time: { now: kith.runtime.now().toISOString(), time_zone: kith.runtime.tz, fixed: !!kith.config.fixedNow },
        };
        if (opts.json) return cli.printJson(report);
        const lines = [
          `Model:      ${report.model.label} (${report.model.kind})`,
          `Embedder:   ${report.embedder ? `${report.embedder.id}, ${report.embedder.dimensions} dimensions` : 'none'}`,
          `Database:   ${report.database.kind} at ${report.database.location} — ${report.database.version}`,
          `Migrations: ${report.database.migrations_applied} applied`,
          `Security:   ${report.database.row_level_security === 'ok' ? 'row-level security on every user table' : JSON.stringify(report.database.row_level_security)}`,
          `Search:     ${report.database.vector_search}`,
          `Embeddings: ${backlog.done} done, ${backlog.pending} waiting, ${backlog.failed} failed${backlog.lastError ? ` (last error: ${backlog.lastError})` : ''}`,
          ...(report.vectors ? [`Vectors:    ${report.vectors.summary}`] : []),
          `Time:       ${report.time.now} in ${report.time.time_zone}${report.time.fixed ? ' (fixed by KITH_NOW)' : ''}`,
        ];
        process.stdout.write(lines.join('\n') + '\n');
      });
    });
}

/**
 * How many documents have a vector of the current embedder: after a change of embedder (the
 * upgrade from the lexical embedder to the sentence encoder) the rest is being re-embedded.
 */
function vectorCoverage(backlog: { vectorSearch: boolean; documents: number; missingForModel?: number; model?: string }, local: boolean) {
  if (!backlog.vectorSearch || backlog.missingForModel === undefined) return null;
  const withVectors = backlog.documents - backlog.missingForModel;
  const percent = backlog.documents === 0 ? 100 : Math.floor((withVectors / backlog.documents) * 100);
  const rest = backlog.missingForModel === 0 ? ''
    : local ? ` — ${backlog.missingForModel} to go: \`kith serve\` or \`kith mcp\` embeds them in the background, \`kith reindex\` now (full-text search covers them meanwhile)`
      : ` — ${backlog.missingForModel} to go: run \`kith reindex\` (full-text search covers them meanwhile)`;
  return {
    model: backlog.model,
    documents: backlog.documents,
    with_vectors: withVectors,
    missing: backlog.missingForModel,
    percent,
    summary: `${withVectors} of ${backlog.documents} documents have a vector of ${backlog.model} (${percent}%)${rest}`,
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
