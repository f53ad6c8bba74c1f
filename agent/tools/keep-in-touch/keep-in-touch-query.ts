import { sql } from 'drizzle-orm';
import type { ToolContext } from '../shared/context.js';
import { rowsOf } from '../../embeddings/vector-store.js';

/** One contact under a cadence: when they were last in touch and when next. */
export interface CadenceStatus {
  contact_id: string;
  name: string;
  company: string | null;
  every_days: number;
  /** The tag whose cadence applies, or null when the contact has its own. */
  via_tag: string | null;
  last_touch: string | null;
  next_date: string;
  days_overdue: number;
}

/**
 * Every contact with a cadence (their own, else the shortest of their tags'), in one statement.
 * The last touch is the newest interaction's day in the user's zone or last_contact_date when later;
 * never in touch counts from the day the contact was added. An interaction written anywhere moves it.
 */
export async function cadenceStatuses(ctx: ToolContext, today: string, contactId?: string): Promise<CadenceStatus[]> {
  const only = contactId ? sql`and c.id = ${contactId}` : sql``;
  const rows = rowsOf<CadenceStatus>(await ctx.db.execute(sql`
    with cad as (select contact_id, tag, every_days from crm_keep_in_touch where user_id = ${ctx.userId}),
    tagged as (select coalesce(array_agg(tag), '{}') as tags from cad where tag is not null),
    targets as (
      select c.id, c.first_name, c.last_name, c.company, c.last_contact_date, c.created_at,
        own.every_days as own_days, t.tag as via_tag, t.every_days as tag_days
      from crm_contacts c
      left join cad own on own.contact_id = c.id
      left join lateral (select k.tag, k.every_days from cad k where k.tag = any(c.tags) order by k.every_days, k.tag limit 1) t on true
      where c.user_id = ${ctx.userId} ${only}
        and (own.contact_id is not null or c.tags && (select tags from tagged))
    ),
    touched as (
      select t.*, coalesce(t.own_days, t.tag_days) as every_days,
        greatest(t.last_contact_date,
          (select (max(i.interaction_date) at time zone ${ctx.tz})::date from crm_interactions i where i.contact_id = t.id)) as last_touch
      from targets t
    )
    select id as contact_id, first_name || ' ' || last_name as name, company, every_days,
      case when own_days is null then via_tag end as via_tag,
      to_char(last_touch, 'YYYY-MM-DD') as last_touch,
      to_char(coalesce(last_touch, (created_at at time zone ${ctx.tz})::date) + every_days, 'YYYY-MM-DD') as next_date,
      (${today}::date - (coalesce(last_touch, (created_at at time zone ${ctx.tz})::date) + every_days))::int as days_overdue
    from touched order by days_overdue desc, name
  `));
  return rows;
}
