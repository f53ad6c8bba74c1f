import type { z } from 'zod';
import type { ImportFileOutput } from '../agent/tools/imports/import-file-tool.js';

type Result = z.infer<typeof ImportFileOutput>;

const SHOWN = 40;

/** An import's result for a person at a terminal: counts, then what was not simply added, then warnings. */
export function describePlan(result: Result): string {
  const lines: string[] = [];
  lines.push(`${result.dry_run ? 'Dry run (nothing written)' : 'Imported'}: ${result.format}`);
  for (const [table, c] of Object.entries(result.summary)) {
    if (c.add + c.update + c.merge + c.skip === 0) continue;
    lines.push(`  ${table}: ${c.add} added, ${c.update} updated, ${c.merge} merged, ${c.skip} skipped`);
  }
  if (result.mapping) {
    lines.push(`  column mapping (${result.mapping.source}${result.mapping.saved ? ', saved' : ''}): ` +
      Object.entries(result.mapping.columns).map(([k, v]) => `${k} → ${v || '(left out)'}`).join(', '));
  }
  const notable = result.records.filter((r) => r.action !== 'add');
  for (const r of notable.slice(0, SHOWN)) lines.push(`  ${r.at}: ${r.action} ${r.name ? `${r.name} ` : ''}— ${r.reason}`);
  if (notable.length > SHOWN) lines.push(`  … and ${notable.length - SHOWN} more (all of them are in the JSON on standard output)`);
  for (const w of result.warnings.slice(0, SHOWN)) lines.push(`  warning: ${w}`);
  if (result.warnings.length > SHOWN) lines.push(`  … and ${result.warnings.length - SHOWN} more warnings`);
  return lines.join('\n') + '\n';
}
