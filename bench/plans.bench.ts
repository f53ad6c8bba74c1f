import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../test-support/test-database.js';
import { addUser } from '../accounts/users.js';
import { setPlan } from '../accounts/plans.js';
import { packageRoot } from '../db/package-root.js';
import { crmContacts } from '../db/schema/index.js';
import { withUser } from '../db/with-user.js';
import { printTable, round, timeIt } from './stats.js';

export interface PlansBenchOptions { contacts?: number; runs?: number; quick?: boolean }

/**
 * What the plan-limit trigger (migration 0056) adds to one contact insert in a user's transaction:
 * a Personal user near the limit (advisory lock and a count), against the same insert with the
 * trigger disabled, and a user without a plan (the trigger finds no limit). Target: ≤ 0.5 ms p95 added.
 */
export async function runPlansBench(options: PlansBenchOptions = {}) {
  const existing = options.contacts ?? 400;
  const runs = options.runs ?? (options.quick ? 20 : 200);
  const database = await createTestDatabase('pglite');
  try {
    const limited = await addUser(database.db, `bench-plan-${Date.now()}@example.test`);
    const unlimited = await addUser(database.db, `bench-noplan-${Date.now()}@example.test`);
    await setPlan(database.db, limited.id, 'personal');
    await database.db.insert(crmContacts).values(Array.from({ length: existing }, (_, i) => ({ userId: limited.id, firstName: `F${i}`, lastName: 'Bench' })));
    const insertAs = (userId: string) => async (i: number) => {
      await withUser(database.db, userId, (tx) => tx.insert(crmContacts).values({ userId, firstName: `New${i}`, lastName: 'Bench' }));
    };
    // Each timed insert is deleted again, so every run sees the same number of contacts.
    const cleanUp = () => database.db.execute(sql`delete from crm_contacts where first_name like 'New%'`);
    const timed = async (userId: string) => { const t = await timeIt(runs, insertAs(userId)); await cleanUp(); return t; };
    await database.db.execute(sql`alter table crm_contacts disable trigger crm_contacts_plan_limit`);
    const without = await timed(limited.id);
    await database.db.execute(sql`alter table crm_contacts enable trigger crm_contacts_plan_limit`);
    const withLimit = await timed(limited.id);
    const noPlan = await timed(unlimited.id);
    const added = round(withLimit.p95 - without.p95, 3);
    const rows = [
      { op: 'insert, trigger disabled', p50_ms: without.p50, p95_ms: without.p95, runs },
      { op: `insert, Personal plan, ${existing} contacts`, p50_ms: withLimit.p50, p95_ms: withLimit.p95, runs },
      { op: 'insert, no plan (trigger finds no limit)', p50_ms: noPlan.p50, p95_ms: noPlan.p95, runs },
    ];
    const figures = { contacts: existing, without, with_limit: withLimit, no_plan: noPlan, added_p95_ms: added, target_added_p95_ms: 0.5, met: added <= 0.5, load: loadavg().map((l) => round(l, 1)) };
    printTable('Plan-limit trigger on a contact insert (PGlite, one transaction per insert)', rows);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'plans.json'), JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runPlansBench();
