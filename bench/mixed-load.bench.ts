import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { openKith } from '../app/open-kith.js';
import { loadConfig } from '../app/config.js';
import { packageRoot } from '../db/package-root.js';
import { crmContacts, crmInteractions } from '../db/schema/index.js';
import { withUser } from '../db/with-user.js';
import { startServer } from '../web/server/start-server.js';
import { seedWorkload } from './seed-workload.js';
import { transactionFloor, type Floor } from './floors.js';
import { percentile, printTable, round } from './stats.js';

/**
 * Issue 21, item 4: twenty clients, each with a different mix of lists, searches, dashboards and
 * writes, for 30 s against one server, the load generator in its own process. Targets as ratios
 * to the storage's transaction floor: p95 ≤ 20× on PGlite (one connection: requests queue), ≤ 5×
 * on PostgreSQL; no errors; every acknowledged write present afterwards.
 */
export interface MixedLoadOptions { contacts?: number; clients?: number; seconds?: number; storages?: TestStorage[] }

const TARGET_RATIO: Record<TestStorage, number> = { pglite: 20, postgres: 5 };
const CLIENT = fileURLToPath(new URL('./mixed-load-client.mjs', import.meta.url));

interface ClientResult {
  latencies: Record<string, number[]>;
  failures: Array<Record<string, unknown>>;
  acknowledged: { interaction: string[]; contact: string[] };
}

const summary = (samples: number[]) => ({
  requests: samples.length,
  p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)), max: round(Math.max(...samples)),
});

async function benchStorage(storage: TestStorage, o: Required<MixedLoadOptions>) {
  const database = await createTestDatabase(storage);
  const kith = await openKith(loadConfig({}, { KITH_LOG_LEVEL: 'error', KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' } as NodeJS.ProcessEnv), { database });
  try {
    const userId = kith.owner.id;
    await seedWorkload(database.db, userId, o.contacts, o.contacts * 5);
    const server = await startServer({ kith, port: 0, host: '127.0.0.1' });
    let floor: Floor;
    let result: ClientResult;
    try {
      const before = await transactionFloor(database.db, userId, 200);
      const { stdout } = await promisify(execFile)(process.execPath, [CLIENT, JSON.stringify({ url: server.url, clients: o.clients, seconds: o.seconds, contacts: o.contacts })], { maxBuffer: 256 * 1024 * 1024 });
      result = JSON.parse(stdout) as ClientResult;
      const after = await transactionFloor(database.db, userId, 200);
      floor = before.p95 >= after.p95 ? before : after;
    } finally {
      await server.close();
    }
    // every write the server acknowledged must be there
    const { interaction, contact } = result.acknowledged;
    const present = await withUser(database.db, userId, async (tx) => ({
      interactions: interaction.length ? Number((await tx.select({ n: sql<number>`count(*)::int` }).from(crmInteractions).where(inArray(crmInteractions.id, interaction)))[0].n) : 0,
      contacts: contact.length ? Number((await tx.select({ n: sql<number>`count(*)::int` }).from(crmContacts).where(inArray(crmContacts.id, contact)))[0].n) : 0,
    }));
    const all = Object.values(result.latencies).flat();
    const overall = summary(all);
    return {
      storage,
      overall: { storage, ...overall, floor_p95: floor.p95, ratio_p95: round(overall.p95 / Math.max(floor.p95, 0.001), 1), target_ratio: TARGET_RATIO[storage], errors: result.failures.length, writes_acknowledged: interaction.length + contact.length, writes_missing: interaction.length - present.interactions + contact.length - present.contacts },
      byKind: Object.entries(result.latencies).map(([kind, samples]) => ({ storage, kind, ...summary(samples) })),
      failures: result.failures.slice(0, 10),
      floor,
    };
  } finally {
    await kith.close({ embed: false });
    await database.drop();
  }
}

export async function runMixedLoadBench(options: MixedLoadOptions = {}) {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: Required<MixedLoadOptions> = { contacts: 10_000, clients: 20, seconds: 30, storages: ['pglite', 'postgres'], ...given };
  const runs = [];
  for (const storage of o.storages) runs.push(await benchStorage(storage, o));
  printTable(`Mixed load: ${o.clients} clients, each its own mix, ${o.seconds} s, ${o.contacts} contacts (ms; ratio = p95 / transaction floor p95)`, runs.map((r) => r.overall));
  printTable('Mixed load by kind of request (ms)', runs.flatMap((r) => r.byKind));
  for (const r of runs) if (r.failures.length) printTable(`Mixed load: first failures on ${r.storage}`, r.failures);
  const results = { date: new Date().toISOString(), node: process.version, options: o, runs };
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', 'mixed-load.json'), JSON.stringify(results, null, 2) + '\n');
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  await runMixedLoadBench({
    contacts: arg('--contacts') ? Number(arg('--contacts')) : undefined,
    clients: arg('--clients') ? Number(arg('--clients')) : undefined,
    seconds: arg('--seconds') ? Number(arg('--seconds')) : undefined,
    storages: arg('--storage') ? [arg('--storage') as TestStorage] : undefined,
  });
}
