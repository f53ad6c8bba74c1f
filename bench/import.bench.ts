import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { printTable, round } from './stats.js';
import { linkedinConnections } from '../test-support/linkedin-connections.js';

export interface ImportBenchOptions { connections?: number; existing?: number }

export async function runImportBench(options: ImportBenchOptions = {}) {
  const n = options.connections ?? 10_000;
  const existing = options.existing ?? 1_000;
  const database = await createTestDatabase('pglite');
  try {
    const h = toolHarness(database);
    const user = await addUser(database.db, `bench-import-${Date.now()}@example.test`);
    // Contacts already in Kith, so duplicate detection also checks against the CRM.
    await h.call(user.id, 'import_file', { content: linkedinConnections(existing), dry_run: false });
    const file = linkedinConnections(n);
    const timed = async (dry: boolean) => {
      const start = performance.now();
      const result = await h.call(user.id, 'import_file', { content: file, dry_run: dry });
      return { seconds: (performance.now() - start) / 1000, result };
    };
    const dry = await timed(true);
    const real = await timed(false);
    const again = await timed(false);
    const rows = [
      { op: `dry run of ${n} connections`, seconds: round(dry.seconds, 2), per_second: Math.round(n / dry.seconds), ...dry.result.summary.contacts },
      { op: `import of ${n} connections`, seconds: round(real.seconds, 2), per_second: Math.round(n / real.seconds), ...real.result.summary.contacts },
      { op: `re-import (no-op) of ${n}`, seconds: round(again.seconds, 2), per_second: Math.round(n / again.seconds), ...again.result.summary.contacts },
    ];
    const figures = {
      dataset: { connections: n, already_in_kith: existing, storage: 'pglite' },
      operations: rows,
      targets: { import_per_second: 2000, dry_run_seconds: 5 },
      met: { import: n / real.seconds >= 2000, dry_run: dry.seconds <= 5 },
    };
    printTable('Import: LinkedIn connections with duplicate detection (PGlite)', rows);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'import.json'), JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : undefined; };
  await runImportBench({ connections: arg('--connections'), existing: arg('--existing') });
}
