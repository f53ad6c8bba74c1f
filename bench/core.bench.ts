import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { addUser } from '../accounts/users.js';
import type { KithDb } from '../db/types.js';
import { packageRoot } from '../db/package-root.js';
import { seedWorkload } from './seed-workload.js';
import { percentile, printTable, round, timeIt } from './stats.js';
import { processFloor, transactionFloor, withFloor, type Floor } from './floors.js';

export interface CoreBenchOptions {
  contacts?: number; interactions?: number; runs?: number; storages?: TestStorage[];
  /** Small sizes, ratios only: what CI prints after the tests. */
  quick?: boolean;
  /** Also the scaling table: every tool at 1,000, 10,000 and 100,000 contacts per user. */
  scaling?: boolean;
}

/** Targets as ratios to the storage's own transaction floor (issue 21): reads ≤ 6×, writes ≤ 8×. */
const TARGET_RATIO = { read: 6, write: 8 } as const;
const OPS = [
  { op: 'find contact by name fragment', kind: 'read' },
  { op: 'list contacts, first page', kind: 'read' },
  { op: 'going cold (not contacted since)', kind: 'read' },
  { op: 'get a contact', kind: 'read' },
  { op: 'list follow-ups due this week', kind: 'read' },
  { op: 'agenda this week', kind: 'read' },
  { op: 'dashboard summary', kind: 'read' },
  { op: 'pipeline summary', kind: 'read' },
  { op: 'list opportunities', kind: 'read' },
  { op: 'list interactions of a contact', kind: 'read' },
  { op: 'activity feed', kind: 'read' },
  { op: 'list open tasks', kind: 'read' },
  { op: 'log an interaction', kind: 'write' },
  { op: 'add a contact', kind: 'write' },
  { op: 'update a contact', kind: 'write' },
  { op: 'schedule a follow-up', kind: 'write' },
  { op: 'move an opportunity', kind: 'write' },
] as const;
const STAGES = ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'] as const;

async function benchStorage(storage: TestStorage, o: Required<CoreBenchOptions>): Promise<{ storage: TestStorage; seedSeconds: number; floor: Floor; rows: Array<Record<string, unknown> & { op: string; p95: number }> }> {
  const database = await createTestDatabase(storage);
  try {
    const h = toolHarness(database);
    const users = [await addUser(database.db, `bench-a-${Date.now()}@example.test`), await addUser(database.db, `bench-b-${Date.now()}@example.test`)];
    const started = performance.now();
    for (const u of users) await seedWorkload(database.db, u.id, o.contacts, o.interactions);
    const seedSeconds = round((performance.now() - started) / 1000, 1);
    const a = users[0].id;
    const fragments = ['pri', 'chen', 'whitf', 'stripe', 'kwa', 'silva1', 'doe2'];
    const ids = async (table: string) => ((await database.db.execute(sql.raw(`select id from ${table} where user_id = '${a}' order by id limit 200`))) as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    const contactIds = await ids('crm_contacts');
    const opportunityIds = await ids('crm_opportunities');
    const pick = (list: string[], i: number) => list[(i * 7) % list.length];
    const calls: Record<(typeof OPS)[number]['op'], (i: number) => Promise<unknown>> = {
      'find contact by name fragment': (i) => h.call(a, 'find_contacts', { query: fragments[i % fragments.length], limit: 25 }),
      'list contacts, first page': () => h.call(a, 'find_contacts', { limit: 25 }),
      'going cold (not contacted since)': () => h.call(a, 'find_contacts', { not_contacted_since: '2026-09-01', limit: 25 }),
      'get a contact': (i) => h.call(a, 'get_contact', { contact: pick(contactIds, i) }),
      'list follow-ups due this week': () => h.call(a, 'list_follow_ups', { window: 'this_week' }),
      'agenda this week': () => h.call(a, 'agenda', {}),
      'dashboard summary': () => h.call(a, 'dashboard_summary'),
      'pipeline summary': () => h.call(a, 'pipeline_summary', {}),
      'list opportunities': () => h.call(a, 'list_opportunities', {}),
      'list interactions of a contact': (i) => h.call(a, 'list_interactions', { contact: pick(contactIds, i) }),
      'activity feed': () => h.call(a, 'list_activities', {}),
      'list open tasks': () => h.call(a, 'list_tasks', {}),
      'log an interaction': (i) => h.call(a, 'log_interaction', { contact: `person${1 + (i * 7) % o.contacts}@example.com`, interaction_type: 'call', notes: 'bench' }),
      'add a contact': (i) => h.call(a, 'add_contact', { first_name: 'Bench', last_name: `Added${i}-${Date.now()}`, email: `added${i}-${Date.now()}@example.com` }),
      'update a contact': (i) => h.call(a, 'update_contact', { contact: pick(contactIds, i), job_title: `Title ${i}` }),
      'schedule a follow-up': (i) => h.call(a, 'schedule_follow_up', { contact: pick(contactIds, i), date: '2026-12-15' }),
      'move an opportunity': (i) => h.call(a, 'update_opportunity', { opportunity: pick(opportunityIds, i), status: STAGES[i % STAGES.length] }),
    };
    // The floor is measured before and after the tools and the larger kept: a machine that slows
    // down during the run must not make the tools look better than they are.
    const before = await transactionFloor(database.db, a, o.runs);
    const timed = [];
    for (const { op, kind } of OPS) timed.push({ op, kind, ...(await timeIt(o.runs, calls[op])) });
    const after = await transactionFloor(database.db, a, o.runs);
    const floor = before.p95 >= after.p95 ? before : after;
    const rows = timed.map((r) => ({ storage, ...withFloor(r, floor), target_ratio: TARGET_RATIO[r.kind] }));
    return { storage, seedSeconds, floor, rows };
  } finally {
    await database.drop();
  }
}

/** Wall time of `kith call` on an existing data directory, the way a shell script would run it, beside the process floor. */
function oneShotCall(runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-cli-'));
  const bin = join(packageRoot(), 'dist', 'bin', 'kith.js');
  const env: NodeJS.ProcessEnv = { ...process.env, KITH_NOW: '2026-11-25T15:00:00Z', KITH_TZ: 'UTC' };
  delete env.OPENAI_API_KEY; delete env.OPENAI_BASE_URL; delete env.DATABASE_URL;
  const call = () => execFileSync(process.execPath, [bin, '--data', join(dir, 'data'), 'call', 'find_contacts', '--input', '{"query":"pri"}'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    mkdirSync(join(dir, 'data'), { recursive: true });
    const firstStart = performance.now();
    call();
    const firstStartMs = performance.now() - firstStart;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      call();
      samples.push(performance.now() - s);
    }
    const floor = processFloor(join(dir, 'data'), runs);
    const p50 = round(percentile(samples, 50), 0);
    return {
      first_start_ms: round(firstStartMs, 0), p50_ms: p50, p95_ms: round(percentile(samples, 95), 0), runs,
      floor_p50_ms: round(floor.p50, 0), ratio_p50: round(p50 / floor.p50, 2), target_ratio: 1.5,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every tool at 1,000, 10,000 and 100,000 contacts per user: how p95 grows (target ≤ 2× from the smallest to the largest). */
async function scalingTable(o: Required<CoreBenchOptions>) {
  const sizes = [1_000, 10_000, 100_000];
  const table: Array<Record<string, unknown>> = [];
  for (const storage of o.storages) {
    const bySize = [];
    for (const contacts of sizes) bySize.push(await benchStorage(storage, { ...o, contacts, interactions: contacts * 5, runs: Math.min(o.runs, 100) }));
    for (const { op } of OPS) {
      const p95 = bySize.map((r) => r.rows.find((row) => row.op === op)!.p95);
      table.push({ storage, op, ...Object.fromEntries(sizes.map((n, i) => [`p95_ms_${n}`, p95[i]])), growth: round(p95[p95.length - 1] / p95[0], 1), target_growth: 2 });
    }
  }
  return table;
}

export async function runCoreBench(options: CoreBenchOptions = {}) {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const quick = options.quick === true;
  const o: Required<CoreBenchOptions> = {
    contacts: quick ? 1_000 : 10_000, interactions: quick ? 5_000 : 50_000, runs: quick ? 40 : 200,
    storages: ['pglite', 'postgres'], quick, scaling: false, ...given,
  };
  const results = [];
  for (const storage of o.storages) results.push(await benchStorage(storage, o));
  const cli = oneShotCall(quick ? 3 : 5);
  const figures = {
    dataset: { users: 2, contacts_per_user: o.contacts, interactions_per_user: o.interactions, quick },
    floors: Object.fromEntries(results.map((r) => [r.storage, r.floor])),
    operations: results.flatMap((r) => r.rows),
    seed_seconds: Object.fromEntries(results.map((r) => [r.storage, r.seedSeconds])),
    one_shot_kith_call: cli,
    scaling: o.scaling ? await scalingTable(o) : undefined,
    targets: { ratio_to_transaction_floor: TARGET_RATIO, one_shot_call_ratio_to_process_floor: 1.5, scaling_growth: 2 },
  };
  const show = (rows: Array<Record<string, unknown>>) => quick ? rows.map(({ storage, op, p95, floor_p95, ratio, target_ratio }) => ({ storage, op, p95, floor_p95, ratio, target_ratio })) : rows;
  printTable('Core: tool latency (ms), beside the empty-transaction floor of its storage', show(figures.operations));
  printTable('Core: one-shot `kith call` on an existing data directory (ms), beside a process that only opens it', [cli]);
  if (figures.scaling) printTable('Core: p95 (ms) by contacts per user', figures.scaling);
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', quick ? 'core-quick.json' : 'core.json'), JSON.stringify(figures, null, 2));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : undefined; };
  await runCoreBench({ contacts: arg('--contacts'), interactions: arg('--interactions'), runs: arg('--runs'), quick: process.argv.includes('--quick'), scaling: process.argv.includes('--scaling') });
}
