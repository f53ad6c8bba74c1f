import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { silentLogger } from '../../agent/tools/shared/context.js';
import { findTool } from '../../agent/tools/catalog.js';
import { anyValue, toolInput } from '../../test-support/fuzz-inputs.js';
import { createRateLimits } from '../../accounts/rate-limit.js';
import { createWebApp } from './create-app.js';
import { ROUTES } from './routes.js';

/** Property: no REST route answers a 5xx, whatever the path, query or body (in-process requests). */
const RUNS = Number(process.env.KITH_FUZZ_RUNS ?? 8);
const SEED = Number(process.env.KITH_FUZZ_SEED ?? 20_251_201);

let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' }), { database, log: silentLogger });
  await kith.call(kith.owner.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel' });
  app = createWebApp({ kith, localOwner: true, serveClient: false, mcp: false, slack: false, rateLimits: createRateLimits({ address: { limit: 1e9, windowMs: 60_000 } }) });
});
afterAll(async () => { await kith?.close(); });

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

describe('every REST route, fuzzed', () => {
  for (const route of ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path}: never a 5xx`, async () => {
      const tool = findTool(route.tool)!;
      await fc.assert(fc.asyncProperty(toolInput(tool), anyValue, async (input, param) => {
        let path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(text(param).slice(0, 2000) || 'x'));
        const init: RequestInit = { method: route.method.toUpperCase(), headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' } };
        if (route.from === 'query') {
          const q = new URLSearchParams();
          for (const [k, v] of Object.entries(input)) q.append(k, text(v).slice(0, 4000));
          path += `?${q}`;
        } else init.body = JSON.stringify(input);
        const res = await app.request(path, init);
        const body = await res.text();
        expect(res.status, `${route.method} ${path.slice(0, 200)} → ${body.slice(0, 300)}`).toBeLessThan(500);
      }), { seed: SEED, numRuns: RUNS });
    });
  }
});
