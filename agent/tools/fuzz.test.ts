import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import { toolInput } from '../../test-support/fuzz-inputs.js';
import { catalog } from './catalog.js';
import { runTool } from './run-tool.js';
import { isToolError } from './shared/errors.js';

/**
 * Property: whatever a client sends to any tool, the answer is a result or a typed refusal (a 4xx
 * on every surface), never an unexpected error (a 5xx), and a refused call changes nothing.
 * Fixed seed and few runs here; bench/robustness.bench.ts runs many more.
 */
const RUNS = Number(process.env.KITH_FUZZ_RUNS ?? 8);
const SEED = Number(process.env.KITH_FUZZ_SEED ?? 20_251_201);

let database: TestDatabase;
let h: ReturnType<typeof toolHarness>;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  h = toolHarness(database);
  userId = (await createTestUser(database, 'fuzz')).id;
  await h.call(userId, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com' });
  await h.call(userId, 'add_opportunity', { company_name: 'Stripe', job_title: 'SRE' });
});
afterAll(async () => { await database?.drop(); });

const snapshot = async () => JSON.stringify({ ...(await h.call(userId, 'export_data')), exported_at: null });

describe('every tool, fuzzed', () => {
  for (const tool of catalog) {
    it(`${tool.name}: no unexpected error, no partial write`, async () => {
      await fc.assert(fc.asyncProperty(toolInput(tool), async (input) => {
        const before = tool.annotations.readOnlyHint ? '' : await snapshot();
        try {
          await runTool(h.runtime, userId, tool, input);
        } catch (error) {
          expect(isToolError(error), `${tool.name} ${JSON.stringify(input).slice(0, 300)}: ${(error as Error).message}`).toBe(true);
          if (!tool.annotations.readOnlyHint) expect(await snapshot()).toBe(before);
        }
      }), { seed: SEED, numRuns: RUNS });
    });
  }
});
