import { sql } from 'drizzle-orm';
import type { KithDb } from './types.js';

/** How long a change can be undone; older change sets and their row images are purged. */
export const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Closes a tool call's transaction: when its change-log triggers logged rows under `changeId`, the
 * call becomes a change set (summarised by the activities it recorded), and the user's change
 * sets older than the undo window go, with their row images. One statement. True when a set was
 * recorded. `causedBy`: an automation rule's effect names the call it reacted to.
 */
export async function recordChangeSet(
  tx: KithDb,
  set: { changeId: string; userId: string; toolName: string; at: Date; causedBy?: string },
): Promise<boolean> {
  const cutoff = new Date(set.at.getTime() - UNDO_WINDOW_MS);
  const result = await tx.execute(sql`
    with expired as (
      delete from crm_change_sets where user_id = ${set.userId} and created_at < ${cutoff.toISOString()}::timestamptz returning id
    ), purged as (
      delete from crm_change_log where change_id in (select id from expired)
    )
    insert into crm_change_sets (id, user_id, tool_name, summary, created_at, caused_by)
    select ${set.changeId}::uuid, ${set.userId}::uuid, ${set.toolName},
           coalesce((select string_agg(l.new_row ->> 'description', '; ' order by l.seq)
                       from crm_change_log l
                      where l.change_id = ${set.changeId}::uuid and l.table_name = 'crm_activities' and l.op = 'I'), ''),
           ${set.at.toISOString()}::timestamptz, ${set.causedBy ?? null}::uuid
     where exists (select 1 from crm_change_log where change_id = ${set.changeId}::uuid)
    returning id`);
  return ((result as unknown as { rows: unknown[] }).rows.length) > 0;
}

/** Installs the change-log triggers on undoable tables added after migration 0019 (start-up). */
export async function trackNewTables(db: KithDb, tables: string[]): Promise<void> {
  for (const table of tables) await db.execute(sql`select kith_track_changes(${table}::regclass)`);
}
