import { sql } from 'drizzle-orm';
import type { ToolContext } from '../shared/context.js';
import { RULE_NAMES, type RuleName } from './rules.js';

/** A job that changed stage in the call: from its status before the call (null when the call added it) to the one after. */
export interface StageMove { opportunityId: string; from: string | null; to: string }

/** An interaction the call added. */
export interface NewInteraction {
  id: string;
  contactId: string;
  type: string;
  at: Date;
  subject: string | null;
  notes: string | null;
}

/** What the rules react to in one tool call, read from the call's own change log. */
export interface CallChanges { stageMoves: StageMove[]; interactions: NewInteraction[] }

/** The tables whose changes rules react to. */
const WATCHED = sql`('crm_opportunities', 'crm_interactions')`;

type LogRow = { table_name: string; op: 'I' | 'U' | 'D'; row_id: string; old_row: Record<string, unknown> | null; new_row: Record<string, unknown> | null };
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The user's switched-on rules with their stored parameters, and (only when there is one) what the
 * call wrote to jobs and interactions, from the row images the change-log triggers kept (migration
 * 0019): one statement. Whatever tool wrote them (a tool, an import, a CRM sync), the rules see the
 * same facts.
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

/** Stage moves as each job's first old and last new status; interactions added and not removed again in the same call. */
function changesOf(rows: LogRow[]): CallChanges {
  const jobs = new Map<string, { from: string | null; to: string | null }>();
  const interactions = new Map<string, NewInteraction>();
  for (const r of rows) {
    if (r.table_name === 'crm_opportunities') {
      const seen = jobs.get(r.row_id);
      const before = r.op === 'I' ? null : (r.old_row?.status as string);
      const after = r.op === 'D' ? null : (r.new_row?.status as string);
      jobs.set(r.row_id, { from: seen ? seen.from : before, to: after });
    } else if (r.op === 'I') {
      const n = r.new_row!;
      interactions.set(r.row_id, {
        id: r.row_id, contactId: n.contact_id as string, type: n.interaction_type as string, at: new Date(n.interaction_date as string),
        subject: (n.subject as string | null) ?? null, notes: (n.notes as string | null) ?? null,
      });
    } else if (r.op === 'D') {
      interactions.delete(r.row_id);
    }
  }
  const stageMoves = [...jobs].filter(([, m]) => m.to !== null && m.to !== m.from).map(([opportunityId, m]) => ({ opportunityId, from: m.from, to: m.to! }));
  return { stageMoves, interactions: [...interactions.values()] };
}
