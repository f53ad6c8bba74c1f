import { describe, expect, it } from 'vitest';
import { packageRoot } from '../db/package-root.js';
import { LIMITS } from '../agent/tools/shared/schemas.js';
import { allSites, judge, keyOf, readVerdicts } from './regex-safety.js';

/**
 * No regular expression of the product can backtrack exponentially (ReDoS), as recheck judges
 * them: every literal in the sources, found by the TypeScript parser, whatever it is when the suite
 * runs. Verdicts already known are read from regex-verdicts.json (keyed by the exact expression, so
 * an edited or new one is judged again); refresh it with `node --import tsx test-support/regex-safety.ts`.
 *
 * Polynomial ones (and those recheck could not settle in its time limit) are listed, not failed:
 * most are in the offline parser, which is being rewritten, and run on one chat message, which
 * LIMITS.message bounds. See notes/harden for the list; fixing them is the next step.
 */
const product = (file: string) => !/\.test\.tsx?$|^bench\/|^test-support\/|^extension\/test\//.test(file);

describe('regular expressions', () => {
  it('none of the product backtracks exponentially', async () => {
    const root = packageRoot();
    const sites = allSites(root).filter((s) => product(s.file));
    const verdicts = await judge(root, sites, readVerdicts(root));
    const judged = sites.map((s) => ({ at: `${s.file}:${s.line}`, re: keyOf(s).slice(0, 120), verdict: verdicts.get(keyOf(s))! }));
    const polynomial = judged.filter((j) => j.verdict !== 'safe' && j.verdict !== 'exponential');
    if (polynomial.length > 0) console.warn(`${polynomial.length} regular expressions are polynomial or unsettled (bounded by the input limits):\n${polynomial.map((j) => `  ${j.at} ${j.verdict}`).join('\n')}`);
    expect(judged.filter((j) => j.verdict === 'exponential')).toEqual([]);
    expect(LIMITS.message).toBeLessThanOrEqual(4_000);
  }, 600_000);
});
