import { z } from 'zod';
import { and, desc, eq, isNull, ne, notLike, sql } from 'drizzle-orm';
import { crmChangeSets } from '../../db/schema/index.js';
import { UNDO_WINDOW_MS } from '../../db/change-sets.js';
import { defineTool } from './define-tool.js';
import { recordActivity } from './shared/record-activity.js';
import { NotFoundError, ToolError } from './shared/errors.js';
import type { ToolContext } from './shared/context.js';
import { BACKGROUND_PREFIX } from './background-change.js';

const ChangeSetRecord = z.object({
  change_id: z.string(),
  tool: z.string(),
  summary: z.string(),
  changed_at: z.string(),
  undone: z.boolean(),
  caused_by: z.string().nullable().optional().describe('For an automation rule\'s effect: the change it reacted to (undoing that one undoes this too)'),
});

type ChangeSetRow = typeof crmChangeSets.$inferSelect;

const recordOf = (s: ChangeSetRow) => ({
  change_id: s.id,
  tool: s.toolName,
  summary: s.summary,
  changed_at: s.createdAt.toISOString(),
  undone: s.undoneAt !== null,
  caused_by: s.causedBy,
});

const windowStart = (ctx: ToolContext) => new Date(ctx.now.getTime() - UNDO_WINDOW_MS);
const HOURS = UNDO_WINDOW_MS / 3_600_000;

/** Tables as a person says them, for the answer ("2 interactions"). */
const NOUNS: Record<string, string> = {
  crm_contacts: 'contact', crm_interactions: 'interaction', crm_opportunities: 'opportunity',
  crm_opportunity_stage_changes: 'stage change', crm_activities: 'activity entry', crm_contact_insights: 'insight',
};
const nounOf = (table: string) => NOUNS[table] ?? table.replace(/^crm_/, '').replace(/_/g, ' ').replace(/s$/, '');

async function targetOf(ctx: ToolContext, changeId: string | undefined): Promise<ChangeSetRow> {
  // Row-level security hides every other user's change sets: another user's id is simply not found.
  const [target] = changeId
    ? await ctx.db.select().from(crmChangeSets).where(and(eq(crmChangeSets.userId, ctx.userId), eq(crmChangeSets.id, changeId)))
    : await ctx.db.select().from(crmChangeSets)
      // An undo is skipped: saying "undo" again goes further back (an undo's own change_id redoes).
      // So is a rule's effect: the latest change is the call it reacted to, which takes it along.
      // So is a background sync's batch: "undo that" means what the person did, not mail that arrived meanwhile.
      .where(and(
        eq(crmChangeSets.userId, ctx.userId), isNull(crmChangeSets.undoneAt), ne(crmChangeSets.toolName, 'undo'), isNull(crmChangeSets.causedBy),
        notLike(crmChangeSets.toolName, `${BACKGROUND_PREFIX}%`),
      ))
      .orderBy(desc(crmChangeSets.seq)).limit(1);
  if (!target) {
    throw new NotFoundError(changeId
      ? `There is no change ${changeId} to undo (changes can be undone for ${HOURS} hours).`
      : 'There is nothing to undo: no change in the last 24 hours is left to reverse.', changeId ? { change_id: changeId } : {});
  }
  if (target.undoneAt) throw new ToolError('conflict', `That change (${target.summary || target.toolName}) was already undone.`, { change_id: target.id });
  if (target.createdAt < windowStart(ctx)) {
    throw new ToolError('conflict', `That change (${target.summary || target.toolName}) is older than ${HOURS} hours and can no longer be undone.`, { change_id: target.id });
  }
  return target;
}

function pgErrorOf(error: unknown): { code?: string; message?: string } | undefined {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'KU409') return e;
  }
  return undefined;
}

/** Reverses one change set's rows (kith_undo_change); a later change to the same rows is a conflict naming `asked`. */
async function undoOne(ctx: ToolContext, set: ChangeSetRow, asked: ChangeSetRow): Promise<Record<string, number>> {
  try {
    const result = await ctx.db.execute(sql`select kith_undo_change(${set.id}::uuid) as restored`);
    const [row] = (result as unknown as { rows: Array<{ restored: Record<string, number> | string }> }).rows;
    return typeof row.restored === 'string' ? JSON.parse(row.restored) as Record<string, number> : row.restored;
  } catch (error) {
    const conflict = pgErrorOf(error);
    if (!conflict) throw error;
    throw new ToolError('conflict',
      `Cannot undo "${asked.summary || asked.toolName}": a later change touched the same records (${conflict.message}). Undo that one first.`,
      { change_id: asked.id });
  }
}

export const undoChange = defineTool({
  name: 'undo',
  title: 'Undo a change',
  description:
    'Undo the latest change made through Kith (for "undo that", "undo", "take that back"), or the change named by change_id ' +
    '(every changing tool result carries one). Puts back exactly what the change touched: a deleted contact returns with their ' +
    'interactions, insights and the links of their opportunities; an update gets its previous values; an added record goes. ' +
    `Possible for ${HOURS} hours, and only while no later change touched the same records. Saying undo again undoes the change ` +
    'before; undoing an undo by its change_id redoes the change.',
  input: z.object({
    change_id: z.string().uuid().optional().describe('The change to undo; the latest one when omitted'),
  }),
  output: z.object({
    status: z.literal('undone'),
    undone: ChangeSetRecord,
    restored: z.record(z.string(), z.number()).describe('Rows reverted per table (re-inserted, given their old values, or removed)'),
    summary: z.string(),
    change_id: z.string().optional().describe('This undo\'s own change: undoing it redoes the change'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const target = await targetOf(ctx, input.change_id);
    // What automation rules did in reaction to the change goes first, newest first: the change is then as it left things.
    const caused = await ctx.db.select().from(crmChangeSets)
      .where(and(eq(crmChangeSets.userId, ctx.userId), eq(crmChangeSets.causedBy, target.id), isNull(crmChangeSets.undoneAt)))
      .orderBy(desc(crmChangeSets.seq));
    const restored: Record<string, number> = {};
    for (const set of [...caused, target]) {
      for (const [table, n] of Object.entries(await undoOne(ctx, set, target))) restored[table] = (restored[table] ?? 0) + n;
      await ctx.db.update(crmChangeSets).set({ undoneAt: ctx.now, undoneBy: ctx.changeId ?? null }).where(eq(crmChangeSets.id, set.id));
    }
    // Undoing an undo re-applies the change it reversed: that change can be undone again.
    await ctx.db.update(crmChangeSets).set({ undoneAt: null, undoneBy: null }).where(eq(crmChangeSets.undoneBy, target.id));
    const what = target.summary || target.toolName.replace(/_/g, ' ');
    const counts = Object.entries(restored).map(([t, n]) => `${n} ${nounOf(t)}${n === 1 ? '' : t === 'crm_activities' ? '' : 's'}`);
    const summary = `Undid: ${what}${counts.length ? ` (${counts.join(', ')} reverted)` : ''}.`;
    await recordActivity(ctx, { type: 'change_undone', description: `Undid: ${what}` });
    return { status: 'undone' as const, undone: recordOf(target), restored, summary, change_id: ctx.changeId };
  },
});

export const listChanges = defineTool({
  name: 'list_changes',
  title: 'List recent changes',
  description:
    `The user's changes of the last ${HOURS} hours that undo can reverse, newest first, each with its change_id, the tool that ` +
    'made it, what it did and whether it was undone. Use it to find the change_id for undo when the latest change is not the one meant.',
  input: z.object({ limit: z.number().int().min(1).max(100).optional() }),
  output: z.object({ changes: z.array(ChangeSetRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const rows = await ctx.db.select().from(crmChangeSets)
      .where(and(eq(crmChangeSets.userId, ctx.userId), sql`${crmChangeSets.createdAt} >= ${windowStart(ctx).toISOString()}::timestamptz`))
      .orderBy(desc(crmChangeSets.seq)).limit(input.limit ?? 20);
    return { changes: rows.map(recordOf) };
  },
});

export const undoTools = [undoChange, listChanges];
