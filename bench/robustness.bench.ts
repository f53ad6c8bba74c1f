/**
 * Robustness: a long fuzz run over every tool (runTool) and REST route (in-process), counting
 * requests tried, unexpected errors (5xx) and partial writes; every tool aimed at another user's
 * records (leaks) and destructive tools given approvals the server never issued; then the stall another user sees
 * while pathological inputs arrive at a real server (their p95 alone, during, and the longest wait).
 * The attacker runs in a thread of its own (pathological-client.ts), so only the server's work is
 * on the event loop the other user is served by.
 * `node --import tsx bench/robustness.bench.ts --runs 100`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startModuleWorker } from '../agent/module-worker.js';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { serve, type ServerType } from '@hono/node-server';
import { createTestDatabase, createTestUser } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { anyValue, toolInput } from '../test-support/fuzz-inputs.js';
import { catalog, findTool } from '../agent/tools/catalog.js';
import { runTool } from '../agent/tools/run-tool.js';
import { isToolError } from '../agent/tools/shared/errors.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { LIMITS } from '../agent/tools/shared/schemas.js';
import { openKith } from '../app/open-kith.js';
import { loadConfig } from '../app/config.js';
import { createToken } from '../accounts/tokens.js';
import { createRateLimits } from '../accounts/rate-limit.js';
import { createWebApp, preloadWebApp } from '../web/server/create-app.js';
import { ROUTES } from '../web/server/routes.js';
import { packageRoot } from '../db/package-root.js';
import { percentile, printTable, round } from './stats.js';

/** Runs bench/pathological-client.ts in a worker thread. */
function attackFromAnotherThread(data: { base: string; token: string; rounds: number; messageLimit: number; referenceLimit: number }): Promise<void> {
  const worker = startModuleWorker(import.meta.url, 'pathological-client', { workerData: data });
  return new Promise((resolve, reject) => { worker.once('message', () => resolve()); worker.once('error', reject); worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`attacker exited ${code}`)))); });
}

export interface RobustnessOptions { runs?: number; seed?: number }

async function fuzzTools(runs: number, seed: number) {
  const database = await createTestDatabase('pglite');
  const h = toolHarness(database);
  const userId = (await createTestUser(database, 'fuzz')).id;
  await h.call(userId, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com' });
  const snapshot = async () => JSON.stringify({ ...(await h.call(userId, 'export_data')), exported_at: null });
  let tried = 0; let unexpected = 0; let partial = 0;
  for (const tool of catalog) {
    await fc.assert(fc.asyncProperty(toolInput(tool), async (input) => {
      tried++;
      const before = tool.annotations.readOnlyHint ? '' : await snapshot();
      try { await runTool(h.runtime, userId, tool, input); } catch (error) {
        if (!isToolError(error)) unexpected++;
        else if (!tool.annotations.readOnlyHint && (await snapshot()) !== before) partial++;
      }
    }), { seed, numRuns: runs });
  }
  await database.drop();
  return { surface: 'tools (runTool)', tried, five_xx: unexpected, partial_writes: partial };
}

async function fuzzRest(runs: number, seed: number) {
  const database = await createTestDatabase('pglite');
  const kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC' }), { database, log: silentLogger });
  const app = createWebApp({ kith, localOwner: true, serveClient: false, mcp: false, slack: false, rateLimits: createRateLimits({ address: { limit: 1e9, windowMs: 60_000 } }) });
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  let tried = 0; let fiveXx = 0;
  for (const route of ROUTES) {
    await fc.assert(fc.asyncProperty(toolInput(findTool(route.tool)!), anyValue, async (input, param) => {
      tried++;
      let path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(text(param).slice(0, 2000) || 'x'));
      const init: RequestInit = { method: route.method.toUpperCase(), headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' } };
      if (route.from === 'query') path += `?${new URLSearchParams(Object.entries(input).map(([k, v]) => [k, text(v).slice(0, 4000)]))}`;
      else init.body = JSON.stringify(input);
      const res = await app.request(path, init);
      await res.text();
      if (res.status >= 500) fiveXx++;
    }), { seed, numRuns: runs });
  }
  await kith.close();
  return { surface: 'REST (in-process)', tried, five_xx: fiveXx, partial_writes: 0 };
}

/** Every string field that names a record (…_id, contact, opportunity, email…) set to one of `values`, the rest as fuzzed. */
function aimedAt(input: Record<string, unknown>, values: string[], pick: () => number): Record<string, unknown> {
  const aim = (v: unknown, key: string): unknown => {
    if (typeof v === 'string' && /(?:^|_)(?:id|ids|contact|contacts|opportunity|email|reference|interaction)$/.test(key)) return values[pick() % values.length];
    if (Array.isArray(v)) return v.map((x) => aim(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, aim(x, k)]));
    return v;
  };
  return aim(input, '') as Record<string, unknown>;
}

/**
 * Another user's records, aimed at by every tool: mallory's fuzzed inputs carry alice's ids, e-mail
 * and name wherever a record is named. A leak is any answer or error that holds one of alice's
 * marker texts (which mallory never types), or any change to alice's data. Then alice's own
 * destructive tools, with confirm: true and approval ids the server never issued: each one that
 * changes her data ran without a server-issued yes.
 */
export async function isolationAndConfirmations(runs: number, seed: number) {
  const database = await createTestDatabase('pglite');
  const h = toolHarness(database);
  const alice = (await createTestUser(database, 'alice')).id;
  const mallory = (await createTestUser(database, 'mallory')).id;
  const MARKERS = ['Zebracorp7731', 'marker-aurora-55', 'Quintessa'];
  const { contact } = await h.call(alice, 'add_contact', { first_name: 'Quintessa', last_name: 'Marlowe', email: 'q.marlowe@zebracorp7731.test', company: 'Zebracorp7731', notes: 'marker-aurora-55', tags: ['zebra'] });
  const { interaction } = await h.call(alice, 'log_interaction', { contact: contact.id, interaction_type: 'call', notes: 'marker-aurora-55 call', follow_up_date: '2026-12-10' });
  const { opportunity } = await h.call(alice, 'add_opportunity', { company_name: 'Zebracorp7731', job_title: 'Staff Engineer', contact: contact.id, notes: 'marker-aurora-55 job' });
  const aliceValues = [contact.id, interaction.id, opportunity.id, 'q.marlowe@zebracorp7731.test', 'Quintessa Marlowe', 'Zebracorp7731'];
  const snapshot = async () => JSON.stringify({ ...(await h.call(alice, 'export_data')), exported_at: null });
  const aliceBefore = await snapshot();
  const rng = fc.sample(fc.nat(), { seed, numRuns: 10_000 });
  let n = 0;
  const pick = () => rng[n++ % rng.length];
  let tried = 0; let leaks = 0;
  for (const tool of catalog) {
    for (const input of fc.sample(toolInput(tool), { seed, numRuns: runs })) {
      tried++;
      let answer: string;
      try { answer = JSON.stringify(await runTool(h.runtime, mallory, tool, aimedAt(input, aliceValues, pick))); } catch (error) { answer = String((error as Error)?.message ?? error); }
      if (MARKERS.some((m) => answer.includes(m))) leaks++;
    }
  }
  if ((await snapshot()) !== aliceBefore) leaks++;
  let forged = 0; let destructiveTried = 0; let askedAgain = 0;
  for (const tool of catalog.filter((t) => t.annotations.destructiveHint)) {
    for (const input of fc.sample(toolInput(tool), { seed, numRuns: runs })) {
      destructiveTried++;
      const before = await snapshot();
      const aimed = { ...aimedAt(input, aliceValues.slice(0, 3), pick), confirm: true, approval_id: crypto.randomUUID() };
      const out = await runTool(h.runtime, alice, tool, aimed).catch(() => undefined);
      if ((out as { status?: unknown } | undefined)?.status === 'confirmation_required') askedAgain++;
      if ((await snapshot()) !== before) forged++;
    }
  }
  // the probe can see a leak: the owner's own lookup holds the markers
  const own = JSON.stringify(await h.call(alice, 'get_contact', { contact: contact.id }));
  const control = MARKERS.every((m) => own.includes(m));
  await database.drop();
  return { control_owner_sees_markers: control, tool_calls_at_another_users_records: tried, cross_user_leaks: leaks, destructive_calls_with_forged_approval: destructiveTried, valid_ones_asked_again: askedAgain, ran_without_server_issued_yes: forged };
}

export async function stalls(storage: 'pglite' | 'postgres' = 'pglite') {
  const database = await createTestDatabase(storage);
  const kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC' }), { database, log: silentLogger });
  const attacker = (await createToken(database.db, (await createTestUser(database, 'mallory')).id)).token;
  const bob = await createTestUser(database, 'bob');
  const bystander = (await createToken(database.db, bob.id)).token;
  for (let i = 0; i < 200; i++) await kith.call(bob.id, 'add_contact', { first_name: `P${i}`, last_name: 'Patel' });
  const app = createWebApp({ kith, localOwner: false, serveClient: false, rateLimits: createRateLimits({ address: { limit: 1e9, windowMs: 60_000 }, token: { limit: 1e9, windowMs: 60_000 }, chat: { limit: 1e9, windowMs: 60_000 } }),
    slack: { config: { botToken: 'xoxb-bench', signingSecret: 'bench', digest: false }, autoStart: false } });
  const server = await new Promise<ServerType>((resolve) => { const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s)); });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let failures = 0;
  // A reset connection (undici reusing a socket the server closed after a 413) counts as a failure, and the request is made again.
  const one = async (): Promise<number> => {
    const t = performance.now();
    for (;;) {
      try { await (await fetch(`${base}/api/contacts?limit=25`, { headers: { authorization: `Bearer ${bystander}` } })).text(); return performance.now() - t; } catch { failures++; }
    }
  };
  // as kith serve does once it listens (web/server/start-server.ts)
  await preloadWebApp(app);
  const alone: number[] = [];
  for (let i = 0; i < 300; i++) alone.push(await one());
  let stop = false;
  const during: number[] = [];
  const watcher = (async () => { while (!stop) during.push(await one()); })();
  await attackFromAnotherThread({ base, token: attacker, rounds: 5, messageLimit: LIMITS.message, referenceLimit: LIMITS.reference });
  stop = true;
  await watcher;
  await new Promise((resolve) => server.close(resolve));
  await kith.close();
  await database.drop();
  return {
    bystander_alone: { p50_ms: round(percentile(alone, 50)), p95_ms: round(percentile(alone, 95)), requests: alone.length },
    bystander_during: { p50_ms: round(percentile(during, 50)), p95_ms: round(percentile(during, 95)), longest_ms: round(Math.max(...during)), requests: during.length, connection_resets: failures },
    target: 'longest stall ≤ p95 alone + 100 ms',
  };
}

export async function runRobustnessBench(options: RobustnessOptions = {}) {
  const runs = options.runs ?? 100;
  const seed = options.seed ?? 20_251_201;
  const surfaces = [await fuzzTools(runs, seed), await fuzzRest(runs, seed)];
  const isolation = await isolationAndConfirmations(runs, seed);
  const stall = { pglite: await stalls('pglite'), postgres: await stalls('postgres') };
  printTable(`Robustness: fuzz, ${runs} runs per tool and route, seed ${seed}`, surfaces);
  printTable('Robustness: another user while pathological inputs arrive (ms)', Object.entries(stall).flatMap(([storage, s]) => [
    { storage, when: 'alone', ...s.bystander_alone }, { storage, when: 'during', ...s.bystander_during },
  ]));
  printTable('Robustness: another user\'s records, and approvals the server never issued', [isolation]);
  const figures = { runs, seed, surfaces, isolation, stall };
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', 'robustness.json'), JSON.stringify(figures, null, 2));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : undefined; };
  await runRobustnessBench({ runs: arg('--runs'), seed: arg('--seed') });
}
