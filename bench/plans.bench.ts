import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { addUser } from '../accounts/users.js';
import { setPlan } from '../accounts/plans.js';
import { packageRoot } from '../db/package-root.js';
import { crmContacts } from '../db/schema/index.js';
import { withUser } from '../db/with-user.js';
import { percentile, printTable, round } from './stats.js';

const TARGET_ADDED_P95_MS = 0.5;

export interface PlansBenchOptions { contacts?: number; runs?: number; rounds?: number; storages?: TestStorage[]; quick?: boolean }

/**
 * What the plan-limit trigger (migration 0056) adds to one contact insert in a user's transaction:
 * a Personal user near the limit (advisory lock and a count), against the same insert with the
 * trigger disabled, and a user without a plan and as many contacts (the trigger finds no limit).
 * Target: ≤ 0.5 ms p95 added. The three kinds run in many short alternating rounds, so a machine
 * that slows down during the run slows each alike; each timed insert is deleted again (untimed)
 * before the next, so every insert sees the same number of contacts and the Personal user never
 * reaches the limit (the old bench kept 205 of them and failed at the 500th contact).
 */
async function benchStorage(storage: TestStorage, existing: number, runs: number, rounds: number) {
  const database = await createTestDatabase(storage);
  try {
    const limited = await addUser(database.db, `bench-plan-${Date.now()}@example.test`);
    const unlimited = await addUser(database.db, `bench-noplan-${Date.now()}@example.test`);
    await setPlan(database.db, limited.id, 'personal');
    // Both with the same contacts: the inserts differ only in what the trigger does for their plan.
    for (const u of [limited, unlimited]) await database.db.insert(crmContacts).values(Array.from({ length: existing }, (_, i) => ({ userId: u.id, firstName: `F${i}`, lastName: 'Bench' })));
    const samples = { without: [] as number[], withLimit: [] as number[], noPlan: [] as number[] };
    const insertAs = async (userId: string, i: number, into?: number[]) => {
      const started = performance.now();
      await withUser(database.db, userId, (tx) => tx.insert(crmContacts).values({ userId, firstName: `New${i}`, lastName: 'Bench' }));
      into?.push(performance.now() - started);
      await database.db.execute(sql`delete from crm_contacts where first_name like 'New%'`);
    };
    // Switching the trigger is DDL: the first inserts after it plan again, so each block warms up first.
    // Blocks are short and many: the load of a shared machine drifts by more than the trigger costs.
    const block = async (kind: keyof typeof samples) => {
      await database.db.execute(sql.raw(`alter table crm_contacts ${kind === 'without' ? 'disable' : 'enable'} trigger crm_contacts_plan_limit`));
      const userId = kind === 'noPlan' ? unlimited.id : limited.id;
      for (let i = 0; i < 5; i++) await insertAs(userId, i);
      for (let i = 0; i < Math.ceil(runs / rounds); i++) await insertAs(userId, i, samples[kind]);
    };
    const kinds = ['without', 'withLimit', 'noPlan'] as const;
    // Each round starts with another kind, so none is always the first after a change.
    for (let r = 0; r < rounds; r++) for (let k = 0; k < kinds.length; k++) await block(kinds[(r + k) % kinds.length]);
    const stat = (xs: number[]) => ({ p50: round(percentile(xs, 50), 3), p95: round(percentile(xs, 95), 3), runs: xs.length });
    const without = stat(samples.without);
    const withLimit = stat(samples.withLimit);
    const noPlan = stat(samples.noPlan);
    const added = round(withLimit.p95 - without.p95, 3);
    return { storage, without, with_limit: withLimit, no_plan: noPlan, added_p95_ms: added, added_p50_ms: round(withLimit.p50 - without.p50, 3), met: added <= TARGET_ADDED_P95_MS };
  } finally {
    await database.drop();
  }
}

export async function runPlansBench(options: PlansBenchOptions = {}) {
  const existing = options.contacts ?? 400;
  const runs = options.runs ?? (options.quick ? 20 : 600);
  const rounds = options.rounds ?? (options.quick ? 1 : 30);
  const results = [];
  for (const storage of options.storages ?? (['pglite', 'postgres'] as const)) results.push(await benchStorage(storage, existing, runs, rounds));
  const rows = results.flatMap((r) => [
    { storage: r.storage, op: 'insert, trigger disabled', p50_ms: r.without.p50, p95_ms: r.without.p95, runs: r.without.runs },
    { storage: r.storage, op: `insert, Personal plan, ${existing} contacts`, p50_ms: r.with_limit.p50, p95_ms: r.with_limit.p95, runs: r.with_limit.runs, added_p95_ms: r.added_p95_ms },
    { storage: r.storage, op: 'insert, no plan (trigger finds no limit)', p50_ms: r.no_plan.p50, p95_ms: r.no_plan.p95, runs: r.no_plan.runs },
  ]);
  printTable(`Plan-limit trigger on a contact insert (one transaction per insert; target: <= ${TARGET_ADDED_P95_MS} ms p95 added)`, rows);
  const figures = { contacts: existing, rounds, results, target_added_p95_ms: TARGET_ADDED_P95_MS, load: loadavg().map((l) => round(l, 1)) };
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', 'plans.json'), JSON.stringify(figures, null, 2));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await runPlansBench();
