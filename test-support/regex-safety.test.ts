import { describe, expect, it } from 'vitest';
import { packageRoot } from '../db/package-root.js';
import { isProductFile, judge, keyOf, readVerdicts } from './regex-safety.js';
import { projectSources, regexLiterals } from './regex-literals.js';

/**
 * Every regular expression of the product is linear, as recheck judges it ("safe"): no ReDoS,
 * exponential or polynomial, and none that recheck could not settle in its time limit either. Every
 * literal in the product's sources is found by the TypeScript parser, whatever it is when the suite
 * runs (tests, benchmarks and test support are not read). Verdicts already known are read from
 * regex-verdicts.json (keyed by the exact expression, so an edited or new one is judged again);
 * refresh it with `node --import tsx test-support/regex-safety.ts`.
 */
describe('regular expressions', () => {
  it('every one of the product is linear (recheck: safe)', async () => {
    const root = packageRoot();
    const sites = projectSources(root).filter(isProductFile).flatMap((file) => regexLiterals(root, file));
    const verdicts = await judge(root, sites, readVerdicts(root));
    const notSafe = sites.filter((s) => verdicts.get(keyOf(s)) !== 'safe').map((s) => `${s.file}:${s.line} ${verdicts.get(keyOf(s))} ${keyOf(s).slice(0, 120)}`);
    expect(notSafe).toEqual([]);
  }, 600_000);
});
