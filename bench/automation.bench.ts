import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { RULE_NAMES } from '../agent/tools/automation/rules.js';
import { seedWorkload } from './seed-workload.js';
import { percentile, printTable, round } from './stats.js';
import { transactionFloor } from './floors.js';

export interface AutomationBenchOptions { contacts?: number; interactions?: number; runs?: number; quick?: boolean }

const STAGES = ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'] as const;

/**
 * What the workflow rules (issue 18 item 8) add to a tool call: two users with the same data on one
 * PGlite in one process, one with every rule off and one with all four on, making the same calls
 * in turn (the order swapped every run, so a machine that slows down weighs on both alike). The
 * calls are the ones rules react to: an interaction that is nothing to them (a call with someone
 * who has no job: the rules only look), one that is (a meeting with a job's contact that says
 * interview: the job moves, a thank-you is added, the follow-up goes), and a job moved through the stages (a follow-up added on applied, removed on
 * the next move, follow-ups closed on offer).
 */
export async function runAutomationBench(options: AutomationBenchOptions = {}) {
  const quick = options.quick === true;
  const contacts = options.contacts ?? (quick ? 1_000 : 10_000);
  const interactions = options.interactions ?? contacts * 5;
  const runs = options.runs ?? (quick ? 40 : 200);
  const database = await createTestDatabase('pglite');
  try {
    const h = toolHarness(database);
    const off = await addUser(database.db, `bench-rules-off-${Date.now()}@example.test`);
    const on = await addUser(database.db, `bench-rules-on-${Date.now()}@example.test`);
    const started = performance.now();
    for (const u of [off, on]) await seedWorkload(database.db, u.id, contacts, interactions);
    const seedSeconds = round((performance.now() - started) / 1000, 1);
    for (const rule of RULE_NAMES) await h.call(on.id, 'set_automation_rule', { rule, enabled: true });
    const jobsOf = async (userId: string) => ((await database.db.execute(sql`
      select id, contact_id from crm_opportunities where user_id = ${userId}::uuid and contact_id is not null order by company_name`)) as unknown as { rows: Array<{ id: string; contact_id: string }> }).rows;
    const loneOf = async (userId: string) => ((await database.db.execute(sql`
      select c.id from crm_contacts c where c.user_id = ${userId}::uuid
         and not exists (select 1 from crm_opportunities o where o.user_id = c.user_id and o.contact_id = c.id)
       order by c.email limit 500`)) as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    const jobs = { [off.id]: await jobsOf(off.id), [on.id]: await jobsOf(on.id) };
    const lone = { [off.id]: await loneOf(off.id), [on.id]: await loneOf(on.id) };
    const pick = (userId: string, i: number) => jobs[userId][(i * 7) % jobs[userId].length];
    const calls: Record<string, (userId: string, i: number) => Promise<unknown>> = {
      'log a call with a contact who has no job (nothing for the rules)': (u, i) => h.call(u, 'log_interaction', { contact: lone[u][(i * 7) % lone[u].length], interaction_type: 'call', notes: 'bench' }),
      'log an interview with a job\'s contact (rules act)': (u, i) => h.call(u, 'log_interaction', { contact: pick(u, i + 1).contact_id, interaction_type: 'meeting', subject: 'Interview with the team' }),
      'move an opportunity to the next stage (rules act)': (u, i) => h.call(u, 'update_opportunity', { opportunity: pick(u, i + 2).id, status: STAGES[i % STAGES.length] }),
    };
    const floor = await transactionFloor(database.db, off.id, runs);
    const rows: Array<Record<string, unknown>> = [];
    for (const [op, call] of Object.entries(calls)) {
      for (let i = 0; i < 5; i++) { await call(off.id, 1_000 + i); await call(on.id, 1_000 + i); }
      const samples: Record<string, number[]> = { off: [], on: [] };
      for (let i = 0; i < runs; i++) {
        for (const [label, user] of (i % 2 === 0 ? [['off', off], ['on', on]] : [['on', on], ['off', off]]) as Array<[string, typeof off]>) {
          const t0 = performance.now();
          await call(user.id, i);
          samples[label].push(performance.now() - t0);
        }
      }
      const p = (label: string, q: number) => round(percentile(samples[label], q));
      rows.push({
        op, rules_off_p50: p('off', 50), rules_off_p95: p('off', 95), rules_on_p50: p('on', 50), rules_on_p95: p('on', 95),
        added_p95_ms: round(p('on', 95) - p('off', 95)), ratio_p95: round(p('on', 95) / p('off', 95)), runs,
      });
    }
    const effects = ((await database.db.execute(sql`
      select count(*)::int as n from crm_change_sets where user_id = ${on.id}::uuid and tool_name like 'automation:%'`)) as unknown as { rows: Array<{ n: number }> }).rows[0].n;
    const figures = {
      dataset: { storage: 'pglite', users: 2, contacts_per_user: contacts, interactions_per_user: interactions, opportunities_per_user: jobs[on.id].length, quick },
      floor, operations: rows, rule_change_sets_written: effects, seed_seconds: seedSeconds, load: loadavg().map((l) => round(l, 1)),
    };
    printTable(`Automation rules: a tool call with all four rules off and on (ms, PGlite, one process; transaction floor p95 ${floor.p95} ms)`, rows);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', quick ? 'automation-quick.json' : 'automation.json'), JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : undefined; };
  await runAutomationBench({ contacts: arg('--contacts'), interactions: arg('--interactions'), runs: arg('--runs'), quick: process.argv.includes('--quick') });
}
