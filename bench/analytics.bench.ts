/**
 * Success analytics benchmark.
 *   node --import tsx bench/analytics.bench.ts [--runs 50]
 * One PGlite user with 10,000 contacts, 50,000 interactions (60% with an outcome) and 2,000
 * opportunities, each with its stage history (3 moves on average), plus a second user of the same
 * size; job_search_analytics over all time and over the last 90 days, p50/p95. Target: p95 <= 50 ms.
 * Writes bench/results/analytics.json. The `analytics` suite of `npm run bench`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { addUser } from '../accounts/users.js';
import type { KithDb } from '../db/types.js';
import { packageRoot } from '../db/package-root.js';
import { seedContacts } from './seed-contacts.js';
import { printTable, round, timeIt } from './stats.js';
import { transactionFloor, withFloor } from './floors.js';

const NOW = '2026-11-25T15:00:00Z';

/** Interactions and opportunities with stage moves spread over the year before NOW, in SQL. */
export async function seedPipelineForProfile(db: KithDb, userId: string, interactions: number, opportunities: number): Promise<void> { return seedPipeline(db, userId, interactions, opportunities); }
async function seedPipeline(db: KithDb, userId: string, interactions: number, opportunities: number): Promise<void> {
  await db.execute(sql`
    insert into crm_interactions (user_id, contact_id, interaction_type, interaction_date, outcome)
    with ids as (select array_agg(id order by id) as a, count(*)::int as n from crm_contacts where user_id = ${userId}::uuid)
    select ${userId}::uuid, ids.a[1 + g % ids.n],
      (array['email','call','meeting','linkedin_message','coffee_chat'])[1 + g % 5]::interaction_type,
      timestamptz '2026-11-25 15:00Z' - (g % 365) * interval '1 day' - (g % 9) * interval '1 hour',
      case when g % 5 < 3 then (array['positive','neutral','negative','no_response'])[1 + g % 4]::interaction_outcome end
    from generate_series(1, ${interactions}) g, ids`);
  await db.execute(sql`update crm_contacts set contact_source = (array['networking_event','linkedin','referral','cold_outreach'])[1 + abs(hashtext(id::text)) % 4]::contact_source where user_id = ${userId}::uuid`);
  await db.execute(sql`
    with ids as (select array_agg(id order by id) as a from crm_contacts where user_id = ${userId}::uuid),
    made as (
      insert into crm_opportunities (user_id, company_name, status, source, application_date, created_at, referrer_id)
      select ${userId}::uuid, 'Company ' || g,
        (array['applied','phone_screen','interview','final_round','offer','rejected','withdrawn','interested'])[1 + g % 8]::opportunity_status,
        (array['job_board','company_site','linkedin','referral','recruiter','networking','other'])[1 + g % 7]::opportunity_source,
        date '2026-11-25' - (g % 360), timestamptz '2026-11-25 15:00Z' - (g % 360) * interval '1 day',
        case when g % 7 = 3 then ids.a[1 + g % 50] end
      from generate_series(1, ${opportunities}) g, ids
      returning id, status, created_at
    )
    insert into crm_opportunity_stage_changes (user_id, opportunity_id, from_status, to_status, changed_at)
    select ${userId}::uuid, m.id, s.from_status::opportunity_status, s.to_status::opportunity_status, m.created_at + s.step * interval '6 days'
    from made m
    cross join lateral (values
      (0, null, 'applied'), (1, 'applied', 'phone_screen'), (2, 'phone_screen', 'interview'), (3, 'interview', case when m.status = 'offer' then 'offer' else 'rejected' end)
    ) as s(step, from_status, to_status)
    where s.step <= (abs(hashtext(m.id::text)) % 4)`);
}

export async function runAnalyticsBench(options: { runs?: number } = {}) {
  const database = await createTestDatabase('pglite');
  try {
    const h = toolHarness(database, { now: NOW });
    const users = [await addUser(database.db, `bench-a-${Date.now()}@example.test`), await addUser(database.db, `bench-b-${Date.now()}@example.test`)];
    const started = performance.now();
    for (const u of users) {
      await seedContacts(database.db, u.id, 10_000);
      await seedPipeline(database.db, u.id, 50_000, 2_000);
    }
    await database.db.execute(sql`analyze`);
    const seeded = round((performance.now() - started) / 1000, 1);
    const runs = options.runs ?? 50;
    const all = await timeIt(runs, () => h.call(users[0].id, 'job_search_analytics', {}));
    const recent = await timeIt(runs, () => h.call(users[0].id, 'job_search_analytics', { period: 'last_90_days' }));
    // the machine's speed this minute: an empty tool transaction, measured beside the figures
    const floor = await transactionFloor(database.db, users[0].id, runs);
    const check = await h.call(users[0].id, 'job_search_analytics', {});
    const result = {
      sizes: { contacts: 10_000, interactions: 50_000, opportunities: 2_000, users: 2, seeded_seconds: seeded },
      all_time_ms: withFloor(all, floor), last_90_days_ms: withFloor(recent, floor), transaction_floor_ms: floor, target_p95_ms: 50,
      check: { opportunities: check.opportunities, judged_interactions: check.response_rate.overall.of },
      load_average: loadavg().map((x) => round(x, 2)), cpus: cpus().length,
    };
    printTable('job_search_analytics on PGlite (10,000 contacts, 50,000 interactions, 2,000 opportunities)', [
      { period: 'all time', ...withFloor(all, floor) }, { period: 'last 90 days', ...withFloor(recent, floor) }, { period: 'floor: empty transaction', ...floor },
    ]);
    process.stdout.write(`load average ${result.load_average.join(' ')} on ${result.cpus} cores\n`);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'analytics.json'), JSON.stringify(result, null, 2));
    return result;
  } finally {
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--runs');
  await runAnalyticsBench({ runs: i >= 0 ? Number(process.argv[i + 1]) : undefined });
}
