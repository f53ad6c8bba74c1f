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

/** Being in touch with a contact at a moment: an interaction added, or one that moved later (an e-mail thread that got a message). */
export interface Touch { contactId: string; at: Date }

/**
 * What the rules react to in one change (a tool call, or a background sync's batch), read from its
 * own change log. `interactions` are those it added (what "an interview logged" means);
 * `touches` are every contact it was in touch with: the added interactions and those it moved to
 * a later date, as a mail sync does when a reply joins a thread Kith already logged.
 */
export interface CallChanges { stageMoves: StageMove[]; interactions: NewInteraction[]; touches: Touch[] }

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
 * Stage moves as each job's first old and last new status; interactions added and not removed
 * again in the same change; and touches: those added, and those whose date moved later (each at
 * its new date).
 */
function changesOf(rows: LogRow[]): CallChanges {
  const jobs = new Map<string, { from: string | null; to: string | null }>();
  const interactions = new Map<string, NewInteraction>();
  const later = new Map<string, Touch>();
  const updated = new Map<string, Date>();
  for (const r of rows) {
    if (r.table_name === 'crm_opportunities') {
      const seen = jobs.get(r.row_id);
      const before = r.op === 'I' ? null : (r.old_row?.status as string);
      const after = r.op === 'D' ? null : (r.new_row?.status as string);
      jobs.set(r.row_id, { from: seen ? seen.from : before, to: after });
    } else if (r.op === 'I' || (r.op === 'U' && interactions.has(r.row_id))) {
      interactions.set(r.row_id, interactionOf(r.row_id, r.new_row!));
    } else if (r.op === 'D') {
      interactions.delete(r.row_id);
      later.delete(r.row_id);
    } else {
      // Against its date before the change: a row written twice in one batch counts once, at its last date.
      const before = updated.get(r.row_id) ?? new Date(r.old_row!.interaction_date as string);
      updated.set(r.row_id, before);
      const at = new Date(r.new_row!.interaction_date as string);
      if (at > before) later.set(r.row_id, { contactId: r.new_row!.contact_id as string, at });
      else later.delete(r.row_id);
    }
  }
  const stageMoves = [...jobs].filter(([, m]) => m.to !== null && m.to !== m.from).map(([opportunityId, m]) => ({ opportunityId, from: m.from, to: m.to! }));
  const added = [...interactions.values()];
  return { stageMoves, interactions: added, touches: [...added.map((i) => ({ contactId: i.contactId, at: i.at })), ...later.values()] };
}
