import { sql } from 'drizzle-orm';
import type { ToolContext } from '../shared/context.js';
import { RULE_NAMES, type RuleName } from './rules.js';

/** A job that changed stage in the call: from its status before the call (null when the call added it) to the one after. */
export interface StageMove { opportunityId: string; from: string | null; to: string }

/** An interaction the change added, or moved to a later date (see CallChanges). */
export interface NewInteraction {
  id: string;
  contactId: string;
  type: string;
  at: Date;
  subject: string | null;
  notes: string | null;
}

/**
 * What the rules react to in one change (a tool call, or a background sync's batch), read from its
 * own change log. `interactions` are those it added and those it moved to a later date, as they
 * are after it: an e-mail thread Kith had logged that got a reply is new contact at the reply's
 * date, the same as a thread that starts with it.
 */
export interface CallChanges { stageMoves: StageMove[]; interactions: NewInteraction[] }

/** The tables whose changes rules react to. */
const WATCHED = sql`('crm_opportunities', 'crm_interactions')`;

type LogRow = { table_name: string; op: 'I' | 'U' | 'D'; row_id: string; old_row: Record<string, unknown> | null; new_row: Record<string, unknown> | null };
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The user's switched-on rules with their stored parameters, and (only when there is one) what the
 * change wrote to jobs and interactions, from the row images the change-log triggers kept (migration
 * 0019): one statement. Whatever wrote them (a tool, an import, a CRM sync, a mail or calendar
 * sync's batch), the rules see the same facts.
 */
export async function automationInputs(ctx: ToolContext, changeId: string): Promise<{ rules: Map<RuleName, Record<string, unknown>>; changes: CallChanges }> {
  const result = await ctx.db.execute(sql`
    with rules as (select rule, params from crm_automation_rules where user_id = ${ctx.userId} and enabled)
    select (select coalesce(json_agg(json_build_object('rule', rule, 'params', params)), '[]'::json) from rules) as rules,
           case when exists (select 1 from rules) then
             (select coalesce(json_agg(json_build_object('table_name', table_name, 'op', op, 'row_id', row_id, 'old_row', old_row, 'new_row', new_row) order by seq), '[]'::json)
                from crm_change_log where change_id = ${changeId}::uuid and table_name in ${WATCHED})
           else '[]'::json end as rows`);
  const [row] = (result as unknown as { rows: Array<{ rules: unknown; rows: unknown }> }).rows;
  const rules = new Map<RuleName, Record<string, unknown>>();
  for (const r of json<Array<{ rule: string; params: Record<string, unknown> }>>(row.rules)) {
    if ((RULE_NAMES as readonly string[]).includes(r.rule)) rules.set(r.rule as RuleName, r.params);
  }
  return { rules, changes: changesOf(json<LogRow[]>(row.rows)) };
}

const interactionOf = (id: string, n: Record<string, unknown>): NewInteraction => ({
  id, contactId: n.contact_id as string, type: n.interaction_type as string, at: new Date(n.interaction_date as string),
  subject: (n.subject as string | null) ?? null, notes: (n.notes as string | null) ?? null,
});

/**
 * Stage moves as each job's first old and last new status. Interactions as they are after the
 * change: those added and not removed again, and those whose date is later than before it.
 */
function changesOf(rows: LogRow[]): CallChanges {
  const jobs = new Map<string, { from: string | null; to: string | null }>();
  const interactions = new Map<string, NewInteraction>();
  /** An interaction's date before the change, for those the change found (null: it added them). */
  const before = new Map<string, Date | null>();
  for (const r of rows) {
    if (r.table_name === 'crm_opportunities') {
      const seen = jobs.get(r.row_id);
      const from = r.op === 'I' ? null : (r.old_row?.status as string);
      const after = r.op === 'D' ? null : (r.new_row?.status as string);
      jobs.set(r.row_id, { from: seen ? seen.from : from, to: after });
      continue;
    }
    if (!before.has(r.row_id)) before.set(r.row_id, r.op === 'I' ? null : new Date(r.old_row!.interaction_date as string));
    const was = before.get(r.row_id)!;
    const now = r.op === 'D' ? null : interactionOf(r.row_id, r.new_row!);
    if (now && (was === null || now.at > was)) interactions.set(r.row_id, now);
    else interactions.delete(r.row_id);
  }
  const stageMoves = [...jobs].filter(([, m]) => m.to !== null && m.to !== m.from).map(([opportunityId, m]) => ({ opportunityId, from: m.from, to: m.to! }));
  return { stageMoves, interactions: [...interactions.values()] };
}
