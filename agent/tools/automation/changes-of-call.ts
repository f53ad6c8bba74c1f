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

/**
 * The user's switched-on rules with their stored parameters, only when the call changed a job or
 * an interaction: one statement, and nothing at all for a call the rules cannot care about.
 */
export async function enabledRulesIfWatched(ctx: ToolContext, changeId: string): Promise<Map<RuleName, Record<string, unknown>>> {
  const result = await ctx.db.execute(sql`
    select r.rule, r.params from crm_automation_rules r
     where r.user_id = ${ctx.userId} and r.enabled
       and exists (select 1 from crm_change_log l where l.change_id = ${changeId}::uuid and l.table_name in ${WATCHED})`);
  const rows = (result as unknown as { rows: Array<{ rule: string; params: Record<string, unknown> | string }> }).rows;
  const rules = new Map<RuleName, Record<string, unknown>>();
  for (const r of rows) {
    if (!(RULE_NAMES as readonly string[]).includes(r.rule)) continue;
    rules.set(r.rule as RuleName, typeof r.params === 'string' ? JSON.parse(r.params) as Record<string, unknown> : r.params);
  }
  return rules;
}

type LogRow = { table_name: string; op: 'I' | 'U' | 'D'; row_id: string; old_row: Record<string, unknown> | null; new_row: Record<string, unknown> | null };
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) as Record<string, unknown> : v as Record<string, unknown> | null);

/**
 * The call's stage moves and new interactions, from the row images the change-log triggers kept
 * (migration 0019): whatever tool wrote them (a tool, an import, a CRM sync), the rules see the
 * same facts. A row the call added and removed again counts for nothing.
 */
export async function changesOfCall(ctx: ToolContext, changeId: string): Promise<CallChanges> {
  const result = await ctx.db.execute(sql`
    select table_name, op, row_id, old_row, new_row from crm_change_log
     where change_id = ${changeId}::uuid and table_name in ${WATCHED}
     order by seq`);
  const rows = (result as unknown as { rows: LogRow[] }).rows.map((r) => ({ ...r, old_row: json(r.old_row), new_row: json(r.new_row) }));
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
