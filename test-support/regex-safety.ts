import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { check } from 'recheck';
import { projectSources, regexLiterals, type RegexSite } from './regex-literals.js';

/** recheck's verdict on one expression: safe, polynomial:<degree>, exponential, or unknown. */
export type Verdict = string;

export const VERDICTS_FILE = 'test-support/regex-verdicts.json';

/** The flags that change what an expression matches (g and y only change where it starts). */
export const keyOf = (s: Pick<RegexSite, 'source' | 'flags'>) => `/${s.source}/${s.flags.replace(/[gyd]/g, '')}`;

export async function verdictOf(site: Pick<RegexSite, 'source' | 'flags'>, timeoutMs = 10_000): Promise<Verdict> {
  const d = await check(site.source, site.flags.replace(/[gyd]/g, ''), { timeout: timeoutMs }) as { status: string; complexity?: { type: string; degree?: number } };
  if (d.status === 'safe') return 'safe';
  if (d.status === 'vulnerable') return d.complexity?.type === 'polynomial' ? `polynomial:${d.complexity.degree}` : 'exponential';
  return 'unknown';
}

/** Every regular-expression literal of the project's sources (tests and benchmarks included). */
export function allSites(root: string): RegexSite[] {
  return projectSources(root).flatMap((f) => regexLiterals(root, f));
}

export function readVerdicts(root: string): Record<string, Verdict> {
  const file = join(root, VERDICTS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { verdicts: Record<string, Verdict> }).verdicts : {};
}

/**
 * Checks what the file does not know yet, two at a time (recheck runs a process per check). With
 * `retryMs`, one that recheck cannot settle in 10 s is checked once more with that long: on a loaded
 * machine a large expression can take longer than 10 s to judge safe.
 */
export async function judge(root: string, sites: RegexSite[], known: Record<string, Verdict>, retryMs = 0): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  const todo = [...new Set(sites.map(keyOf))].filter((k) => { if (known[k]) { out.set(k, known[k]); return false; } return true; });
  const bySite = new Map(sites.map((s) => [keyOf(s), s]));
  const verdict = async (site: RegexSite) => { const v = await verdictOf(site); return v === 'unknown' && retryMs > 0 ? verdictOf(site, retryMs) : v; };
  const worker = async () => { for (let k = todo.pop(); k; k = todo.pop()) out.set(k, await verdict(bySite.get(k)!)); };
  await Promise.all([worker(), worker()]);
  return out;
}

export function writeVerdicts(root: string, verdicts: Map<string, Verdict>): void {
  const sorted = Object.fromEntries([...verdicts].sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(root, VERDICTS_FILE), JSON.stringify({ recheck: '4.5.0', verdicts: sorted }, null, 1) + '\n');
}

/** The files the safety test judges: the product, not its tests, benchmarks or test support. */
export const isProductFile = (file: string) => !/\.test\.tsx?$|^bench\/|^test-support\/|^extension\/test\//.test(file);

// `node --import tsx test-support/regex-safety.ts` refreshes the verdicts file: the product's
// expressions only, keeping a known `safe` (recheck's verdict for an exact expression does not change)
// and judging every other one again, with the 60 s retry.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.cwd();
  const sites = allSites(root).filter((s) => isProductFile(s.file));
  const safe = Object.fromEntries(Object.entries(readVerdicts(root)).filter(([, v]) => v === 'safe'));
  writeVerdicts(root, await judge(root, sites, safe, 60_000));
}
