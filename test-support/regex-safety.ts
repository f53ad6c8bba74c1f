import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { check } from 'recheck';
import { projectSources, regexLiterals, type RegexSite } from './regex-literals.js';
import { constructionSites, recordConstructions } from './regex-constructions.js';
import { exerciseConstructions } from './regex-workload.js';

/** recheck's verdict on one expression: safe, polynomial:<degree>, exponential, or unknown. */
export type Verdict = string;

export const VERDICTS_FILE = 'test-support/regex-verdicts.json';

/** The flags that change what an expression matches (g and y only change where it starts). */
export const keyOf = (s: Pick<RegexSite, 'source' | 'flags'>) => `/${s.source}/${s.flags.replace(/[gyd]/g, '')}`;

/** What the test accepts: recheck's own `safe`, or a fuzz finding that V8 itself runs in linear time. */
export const LINEAR: ReadonlySet<Verdict> = new Set(['safe', 'linear-in-v8']);

interface Attack { pumps: Array<{ prefix: string; pump: string }>; suffix: string }
interface Diagnostics { status: string; checker?: string; complexity?: { type: string; degree?: number }; attack?: Attack }

const verdictOfDiagnostics = (d: Diagnostics): Verdict =>
  d.status === 'safe' ? 'safe' : d.status === 'vulnerable' ? (d.complexity?.type === 'polynomial' ? `polynomial:${d.complexity.degree}` : 'exponential') : 'unknown';

export async function verdictOf(site: Pick<RegexSite, 'source' | 'flags'>, timeoutMs = 10_000): Promise<Verdict> {
  return verdictOfDiagnostics(await check(site.source, site.flags.replace(/[gyd]/g, ''), { timeout: timeoutMs }) as Diagnostics);
}

/** The fastest of three passes of a global search over the whole text (as split, matchAll and replace run it): the least disturbed by the machine's other work. */
function passMs(re: RegExp, text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    for (const _ of text.matchAll(re)) { /* every match, every start */ }
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * recheck judges large expressions and those with lookarounds by fuzzing in its own matcher, and
 * its polynomial findings there are often not slow in V8, which optimises what that matcher does
 * step by step. Such a finding's attack (prefix, pump, suffix) is run in V8 at 4,096 and 65,536
 * pumps: linear work grows 16 times, quadratic 256 times. Only the refresh measures; the test
 * reads the verdict it recorded.
 */
export function attackIsLinearInV8(site: Pick<RegexSite, 'source' | 'flags'>, attack: Attack): boolean {
  const re = new RegExp(site.source, site.flags.replace(/[gy]/g, '') + 'g');
  const text = (n: number) => attack.pumps.map((p) => p.prefix + p.pump.repeat(n)).join('') + attack.suffix;
  const small = Math.max(passMs(re, text(4096)), 0.05);
  const large = passMs(re, text(65_536));
  if (process.env.KITH_REGEX_DEBUG) console.error(`${site.source.slice(0, 40)} ${JSON.stringify(attack.pumps).slice(0, 80)} 4096: ${small.toFixed(2)} ms, 65536: ${large.toFixed(2)} ms`);
  return large < 250 && large / small < 48;
}

/**
 * The refresh's verdict: recheck's, except that a polynomial finding of its fuzzer is tried in V8
 * on the attacks of three fuzzing runs (different seeds); `linear-in-v8` when every one stays linear.
 */
export async function settledVerdictOf(site: Pick<RegexSite, 'source' | 'flags'>, timeoutMs: number): Promise<Verdict> {
  const flags = site.flags.replace(/[gyd]/g, '');
  const first = await check(site.source, flags, { timeout: timeoutMs }) as Diagnostics;
  const verdict = verdictOfDiagnostics(first);
  if (!verdict.startsWith('polynomial') || first.checker !== 'fuzz' || !first.attack) return verdict;
  const attacks = [first.attack];
  for (const seed of [7919, 104_729]) {
    const d = await check(site.source, flags, { timeout: timeoutMs, randomSeed: seed }) as Diagnostics;
    if (d.status === 'vulnerable' && d.attack) attacks.push(d.attack);
  }
  return attacks.every((a) => attackIsLinearInV8(site, a)) ? 'linear-in-v8' : verdict;
}

/** Every regular-expression literal of the project's sources (tests and benchmarks included). */
export function allSites(root: string): RegexSite[] {
  return projectSources(root).flatMap((f) => regexLiterals(root, f));
}

/**
 * The expressions the product builds at run time (`new RegExp(…)`), as they come out of running it,
 * a few distinct ones per site (a site's shape is fixed; what differs is the escaped text it embeds),
 * and the construction sites the run never reached.
 */
export async function builtSites(root: string, perSite = 3): Promise<{ sites: RegexSite[]; unreached: string[] }> {
  const places = projectSources(root).filter(isProductFile).flatMap((f) => constructionSites(root, f));
  const built = await recordConstructions(root, () => exerciseConstructions(root, [...new Set(places.map((p) => p.file))]));
  const bySite = new Map<string, Map<string, RegexSite>>();
  for (const b of built) {
    const at = `${b.file}:${b.line}`;
    const kinds = bySite.get(at) ?? bySite.set(at, new Map()).get(at)!;
    if (kinds.size < perSite && !kinds.has(keyOf(b))) kinds.set(keyOf(b), b);
  }
  return {
    sites: [...bySite.values()].flatMap((k) => [...k.values()]),
    unreached: places.map((p) => `${p.file}:${p.line}`).filter((at) => !bySite.has(at)),
  };
}

export function readVerdicts(root: string): Record<string, Verdict> {
  const file = join(root, VERDICTS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { verdicts: Record<string, Verdict> }).verdicts : {};
}

/**
 * Checks what the file does not know yet, two at a time (recheck runs a process per check). With
 * `retryMs` (the refresh), one that recheck cannot settle in 10 s is checked once more with that
 * long (on a loaded machine a large expression can take longer than 10 s to judge safe), and a
 * fuzzer's polynomial finding is tried in V8 (settledVerdictOf).
 */
export async function judge(root: string, sites: RegexSite[], known: Record<string, Verdict>, retryMs = 0): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  const todo = [...new Set(sites.map(keyOf))].filter((k) => { if (known[k]) { out.set(k, known[k]); return false; } return true; });
  const bySite = new Map(sites.map((s) => [keyOf(s), s]));
  const verdict = async (site: RegexSite) => {
    if (retryMs === 0) return verdictOf(site);
    const v = await settledVerdictOf(site, 10_000);
    return v === 'unknown' ? settledVerdictOf(site, retryMs) : v;
  };
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
// expressions only (literals and what its constructions build), keeping a known `safe` (recheck's verdict for an exact expression does not change)
// and judging every other one again, with the 60 s retry.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.cwd();
  const sites = [...allSites(root).filter((s) => isProductFile(s.file)), ...(await builtSites(root)).sites];
  const safe = Object.fromEntries(Object.entries(readVerdicts(root)).filter(([, v]) => LINEAR.has(v)));
  writeVerdicts(root, await judge(root, sites, safe, 60_000));
}
