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
import { seedContacts } from './seed-contacts.js';
import { percentile, printTable, round, timeIt } from './stats.js';

export interface CoreBenchOptions { contacts?: number; interactions?: number; runs?: number; storages?: TestStorage[] }

/** Bulk data for one user, written straight in SQL: the benchmark measures reads and single writes, not loading. */
async function seed(db: KithDb, userId: string, contacts: number, interactions: number): Promise<void> {
  await seedContacts(db, userId, contacts);
  await db.execute(sql`
    insert into crm_interactions (user_id, contact_id, interaction_type, interaction_date, notes)
    select ${userId}::uuid, c.ids[1 + g % ${contacts}],
      (array['email','call','meeting','linkedin_message','coffee_chat'])[1 + g % 5]::interaction_type,
      timestamptz '2026-11-25 12:00+00' - (g % 365) * interval '1 day',
      case when g % 10 = 0 then 'Talked about platform work, hiring and Kubernetes migration ' || g end
    from generate_series(1, ${interactions}) g,
      (select array_agg(id order by id) as ids from crm_contacts where user_id = ${userId}::uuid) c`);
  await db.execute(sql`analyze`);
}

async function benchStorage(storage: TestStorage, o: Required<CoreBenchOptions>) {
  const database = await createTestDatabase(storage);
  try {
    const h = toolHarness(database);
    const users = [await addUser(database.db, `bench-a-${Date.now()}@example.test`), await addUser(database.db, `bench-b-${Date.now()}@example.test`)];
    const started = performance.now();
    for (const u of users) await seed(database.db, u.id, o.contacts, o.interactions);
    const seedSeconds = round((performance.now() - started) / 1000, 1);
    const a = users[0].id;
    const fragments = ['pri', 'chen', 'whitf', 'stripe', 'kwa', 'silva1', 'doe2'];
    const rows = [
      { op: 'find contact by name fragment', ...(await timeIt(o.runs, (i) => h.call(a, 'find_contacts', { query: fragments[i % fragments.length], limit: 25 }))) },
      { op: 'list follow-ups due this week', ...(await timeIt(o.runs, () => h.call(a, 'list_follow_ups', { window: 'this_week' }))) },
      { op: 'dashboard summary', ...(await timeIt(o.runs, () => h.call(a, 'dashboard_summary'))) },
      { op: 'log an interaction', ...(await timeIt(o.runs, (i) => h.call(a, 'log_interaction', { contact: `person${1 + (i * 7) % o.contacts}@example.com`, interaction_type: 'call', notes: 'bench' }))) },
    ];
    return { storage, seedSeconds, rows: rows.map((r) => ({ storage, ...r })) };
  } finally {
    await database.drop();
  }
}

/** Wall time of `kith call` on an existing data directory, the way a shell script would run it. */
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
    return { first_start_ms: round(firstStartMs, 0), p50_ms: round(percentile(samples, 50), 0), p95_ms: round(percentile(samples, 95), 0), runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCoreBench(options: CoreBenchOptions = {}) {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: Required<CoreBenchOptions> = { contacts: 10_000, interactions: 50_000, runs: 200, storages: ['pglite', 'postgres'], ...given };
  const results = [];
  for (const storage of o.storages) results.push(await benchStorage(storage, o));
  const cli = oneShotCall(5);
  const figures = {
    dataset: { users: 2, contacts_per_user: o.contacts, interactions_per_user: o.interactions },
    operations: results.flatMap((r) => r.rows),
    seed_seconds: Object.fromEntries(results.map((r) => [r.storage, r.seedSeconds])),
    one_shot_kith_call: cli,
    targets: { p95_ms: { postgres: 10, pglite: 25 }, one_shot_call_ms: 1500 },
  };
  printTable('Core: tool latency (ms)', figures.operations);
  printTable('Core: one-shot `kith call` on an existing data directory (ms)', [cli]);
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', 'core.json'), JSON.stringify(figures, null, 2));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : undefined; };
  await runCoreBench({ contacts: arg('--contacts'), interactions: arg('--interactions'), runs: arg('--runs') });
}
