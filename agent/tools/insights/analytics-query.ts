import { sql } from 'drizzle-orm';
import type { ToolContext } from '../shared/context.js';
import { rowsOf } from '../../embeddings/vector-store.js';

/** The pipeline stages in order; rejected and withdrawn are endings, not stages. */
export const FUNNEL_STAGES = ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** What the one analytics statement hands back: counts and durations, already aggregated. */
export interface AnalyticsRows {
  /** One row per opportunity that entered the pipeline in the period. */
  opportunities: Array<{ id: string; source: string | null; referrer_id: string | null; referrer_name: string | null; reached: number; offer_days: number | null }>;
  /** One row per stage left in the period: how long each stay lasted, in days. */
  stays: Array<{ stage: string; days: number[] }>;
  /** Interactions of the period with an outcome, counted by type and by the contact's source. */
  responses: Array<{ by: 'type' | 'source'; key: string | null; judged: number; responded: number; positive: number }>;
  /** Interactions without an outcome in the period (they are said, not counted in the rates). */
  unjudged: number;
  /** Per week bucket (1-based; 0 and n+1 are outside): interactions, applications, stage moves. */
  weeks: Array<{ bucket: number; interactions: number; applications: number; moves: number }>;
}

const rank = (column: string) => sql.raw(
  `coalesce(array_position(array[${FUNNEL_STAGES.map((s) => `'${s}'`).join(',')}]::opportunity_status[], ${column}), 0)`,
);

/**
 * Every figure of the analytics in one statement (on embedded PGlite each statement has a fixed
 * cost of its own). An opportunity belongs to the period in which it entered the pipeline (its
 * application date, else when it was added); a stay, an interaction and a week to when they happened.
 * The furthest stage reached reads the stage history and the current status; a rejection means it
 * was at least applied for.
 */
export async function analyticsRows(ctx: ToolContext, from: Date | null, to: Date, weekStarts: Date[]): Promise<AnalyticsRows> {
  const user = ctx.userId;
  const fromOrNull = from ? sql`${from.toISOString()}::timestamptz` : sql`null::timestamptz`;
  const toAt = sql`${to.toISOString()}::timestamptz`;
  const tz = ctx.tz;
  const buckets = sql.raw(`array[${weekStarts.map((b) => `'${b.toISOString()}'`).join(',')}]::timestamptz[]`);
  const weekFrom = sql`greatest((${buckets})[1], ${fromOrNull})`;
  const inPeriod = (col: ReturnType<typeof sql>) => sql`(${fromOrNull} is null or ${col} >= ${fromOrNull}) and ${col} < ${toAt}`;
  const entered = sql`coalesce((o.application_date::timestamp at time zone ${tz}), o.created_at)`;
  const result = await ctx.db.execute(sql`
    with moves as (
      select c.opportunity_id, c.from_status, c.to_status, c.changed_at,
        lag(c.changed_at) over (partition by c.opportunity_id order by c.changed_at, c.id) as prev_at
      from crm_opportunity_stage_changes c where c.user_id = ${user}
    ),
    per_opp as (
      select c.opportunity_id, max(${rank('c.to_status')}) as reached,
        min(c.changed_at) filter (where c.to_status = 'offer') as offer_at,
        min(c.changed_at) filter (where c.to_status = 'applied') as applied_at
      from crm_opportunity_stage_changes c where c.user_id = ${user} group by c.opportunity_id
    ),
    opps as (
      select o.id, o.source::text as source, o.referrer_id,
        case when r.id is null then null else r.first_name || ' ' || r.last_name end as referrer_name,
        greatest(${rank('o.status')}, coalesce(p.reached, 0),
          case when o.application_date is not null or o.status = 'rejected' then 2 else 1 end) as reached,
        case when p.offer_at is null then null else
          round(extract(epoch from p.offer_at - coalesce((o.application_date::timestamp at time zone ${tz}), p.applied_at, o.created_at)) / 86400.0, 1)::float8 end as offer_days
      from crm_opportunities o
      left join per_opp p on p.opportunity_id = o.id
      left join crm_contacts r on r.id = o.referrer_id
      where o.user_id = ${user} and ${inPeriod(entered)}
    ),
    stays as (
      select m.from_status::text as stage, array_agg(round(extract(epoch from m.changed_at - m.prev_at) / 86400.0, 2)::float8) as days
      from moves m where m.from_status is not null and m.prev_at is not null and ${inPeriod(sql`m.changed_at`)}
      group by m.from_status
    ),
    -- counted per contact and type first, so the join to contacts (for their source) sees one row per pair
    per_contact as (
      select i.contact_id, i.interaction_type::text as type,
        count(*) filter (where i.outcome is null)::int as unjudged,
        count(*) filter (where i.outcome is not null)::int as judged,
        count(*) filter (where i.outcome <> 'no_response')::int as responded,
        count(*) filter (where i.outcome = 'positive')::int as positive
      from crm_interactions i where i.user_id = ${user} and ${inPeriod(sql`i.interaction_date`)}
      group by i.contact_id, i.interaction_type
    ),
    responses as (
      select case when grouping(p.type) = 0 then 'type' else 'source' end as by, coalesce(p.type, c.contact_source::text) as key,
        sum(p.judged)::int as judged, sum(p.responded)::int as responded, sum(p.positive)::int as positive
      from per_contact p join crm_contacts c on c.id = p.contact_id
      where p.judged > 0
      group by grouping sets ((p.type), (c.contact_source))
    ),
    week_rows as (
      select width_bucket(i.interaction_date, ${buckets}) as bucket, 1 as interactions, 0 as applications, 0 as moves
        from crm_interactions i where i.user_id = ${user} and i.interaction_date >= ${weekFrom} and i.interaction_date < ${toAt}
      union all
      select width_bucket(${entered}, ${buckets}), 0, 1, 0
        from crm_opportunities o where o.user_id = ${user} and ${entered} >= ${weekFrom} and ${entered} < ${toAt}
      union all
      select width_bucket(m.changed_at, ${buckets}), 0, 0, 1
        from moves m where m.from_status is not null and m.changed_at >= ${weekFrom} and m.changed_at < ${toAt}
    )
    select
      (select coalesce(json_agg(opps), '[]') from opps) as opportunities,
      (select coalesce(json_agg(stays), '[]') from stays) as stays,
      (select coalesce(json_agg(responses), '[]') from responses) as responses,
      (select coalesce(sum(unjudged), 0)::int from per_contact) as unjudged,
      (select coalesce(json_agg(w), '[]') from (select bucket, sum(interactions)::int as interactions, sum(applications)::int as applications, sum(moves)::int as moves from week_rows group by bucket) w) as weeks
  `);
  const row = rowsOf<Record<string, unknown>>(result)[0];
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    opportunities: parse(row.opportunities),
    stays: parse(row.stays),
    responses: parse(row.responses),
    unjudged: Number(row.unjudged),
    weeks: parse(row.weeks),
  };
}
