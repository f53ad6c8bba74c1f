import { describe, expect, it } from 'vitest';
import { packageRoot } from '../db/package-root.js';
import { builtSites, isProductFile, judge, keyOf, LINEAR, readVerdicts } from './regex-safety.js';
import { projectSources, regexLiterals } from './regex-literals.js';

/**
 * Every regular expression of the product is linear, as recheck judges it ("safe"): no ReDoS,
 * exponential or polynomial, and none that recheck could not settle in its time limit either. Every
 * literal in the product's sources is found by the TypeScript parser, whatever it is when the suite
 * runs (tests, benchmarks and test support are not read). Verdicts already known are read from
 * regex-verdicts.json (keyed by the exact expression, so an edited or new one is judged again);
 * refresh it with `node --import tsx test-support/regex-safety.ts`. A polynomial finding of recheck's
 * fuzzer (large expressions, lookarounds) counts as linear only when the refresh ran its attacks in
 * V8 and the work grew linearly ("linear-in-v8", settledVerdictOf).
 */
describe('regular expressions', () => {
  it('every one of the product is linear (recheck: safe)', async () => {
    const root = packageRoot();
    const sites = projectSources(root).filter(isProductFile).flatMap((file) => regexLiterals(root, file));
    const verdicts = await judge(root, sites, readVerdicts(root));
    const notSafe = sites.filter((s) => !LINEAR.has(verdicts.get(keyOf(s)) ?? '')).map((s) => `${s.file}:${s.line} ${verdicts.get(keyOf(s))} ${keyOf(s).slice(0, 120)}`);
    expect(notSafe).toEqual([]);
  }, 600_000);

  // An expression built with `new RegExp(…)` from strings is no literal: the product is run (its
  // modules loaded, every fixture sentence planned) and what it builds is judged the same way. A
  // construction the run does not reach fails too, so a new one cannot hide from the check.
  it('every one it builds at run time is linear too, and every construction is reached', async () => {
    const root = packageRoot();
    const { sites, unreached } = await builtSites(root);
    expect(unreached, 'constructions test-support/regex-workload.ts does not reach').toEqual([]);
    const verdicts = await judge(root, sites, readVerdicts(root));
    const notSafe = sites.filter((s) => !LINEAR.has(verdicts.get(keyOf(s)) ?? '')).map((s) => `${s.file}:${s.line} ${verdicts.get(keyOf(s))} ${keyOf(s).slice(0, 120)}`);
    expect(notSafe).toEqual([]);
  }, 600_000);
});
