import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { KithDb } from '../../db/types.js';

/** How far back a follow-up still counts as just due: shorter than the delivery log is kept (30 days), so none is raised twice. */
const WINDOW_DAYS = 7;

/**
 * Queues a "follow_up.due" delivery for each open follow-up whose day has come in its user's time
 * zone, for each webhook that asked for the event and existed by then. Once per follow-up, due date
 * and webhook, whichever process gets there first (the unique event_key), so every `kith serve`
 * on a database can run it; snoozing a follow-up gives it a new date, and so one more event.
 * Runs as the server (like the rest of the reminder clock): each user's rows are joined on user_id;
 * a disabled account raises nothing.
 */
export async function raiseFollowUpsDue(db: KithDb, now: Date, defaultTz: string): Promise<number> {
  const result = await db.execute(sql`
    select w.id, w.user_id, w.created_at, u.time_zone from crm_webhooks w join users u on u.id = w.user_id
     where 'follow_up.due' = any (w.events) and u.disabled_at is null`);
  const hooks = (result as unknown as { rows: Array<{ id: string; user_id: string; created_at: string | Date; time_zone: string | null }> }).rows;
  if (hooks.length === 0) return 0;
  // days in each user's zone, with luxon as the rest of the reminder clock (an unknown zone falls back to the default)
  const windows = hooks.map((w) => {
    let local = DateTime.fromJSDate(now, { zone: w.time_zone ?? defaultTz });
    if (!local.isValid) local = DateTime.fromJSDate(now, { zone: defaultTz });
    const made = DateTime.fromJSDate(new Date(w.created_at), { zone: local.zone }).toISODate()!;
    const since = local.minus({ days: WINDOW_DAYS }).toISODate()!;
    return { webhook_id: w.id, user_id: w.user_id, today: local.toISODate()!, since: made > since ? made : since };
  });
  const inserted = await db.execute(sql`
    insert into crm_webhook_deliveries (user_id, webhook_id, event, event_key, payload)
    select t.user_id, d.webhook_id, 'follow_up.due', 'follow_up:' || t.id || ':' || t.due_date,
           jsonb_build_object(
             'follow_up', jsonb_build_object('id', t.id, 'title', t.title, 'notes', t.notes, 'due_date', t.due_date,
                                             'contact_id', t.contact_id, 'opportunity_id', t.opportunity_id, 'created_at', t.created_at),
             'contact', kith_webhook_contact(t.user_id, t.contact_id))
      from jsonb_to_recordset(${JSON.stringify(windows)}::jsonb) as d(webhook_id uuid, user_id uuid, today date, since date)
      join crm_tasks t on t.user_id = d.user_id and t.status = 'open' and t.kind = 'follow_up' and t.due_date between d.since and d.today
    on conflict (webhook_id, event_key) where event_key is not null do nothing
    returning id`);
  return (inserted as unknown as { rows: unknown[] }).rows.length;
}
