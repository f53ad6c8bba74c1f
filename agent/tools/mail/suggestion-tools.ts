import { z } from 'zod';
import { and, asc, eq } from 'drizzle-orm';
import { crmApprovals } from '../../../db/schema/index.js';
import { defineTool, type AnyTool } from '../define-tool.js';
import { RecordId } from '../shared/schemas.js';
import { NotFoundError } from '../shared/errors.js';
import { updateInteraction } from '../interactions.js';
import { updateOpportunity } from '../opportunities.js';

/** The calls a suggestion may make: nothing else can be stored as one and run on acceptance. */
const SUGGESTABLE: Record<string, AnyTool> = { update_interaction: updateInteraction, update_opportunity: updateOpportunity };

const Suggestion = z.object({
  id: z.string(),
  summary: z.string(),
  reason: z.string().nullable(),
  tool_name: z.string(),
  input: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  status: z.enum(['pending', 'approved', 'denied']),
});

type Row = typeof crmApprovals.$inferSelect;
const suggestionRecord = (r: Row): z.infer<typeof Suggestion> => ({
  id: r.id, summary: r.summary, reason: r.reason, tool_name: r.toolName, input: r.input as Record<string, unknown>, created_at: r.createdAt.toISOString(), status: r.status,
});

export const listSuggestions = defineTool({
  name: 'list_suggestions',
  title: 'List suggestions from mail',
  description: 'What Kith suggests from the user\'s mail and waits for them to confirm: a reply\'s outcome (positive, negative, no response after some days) and an opportunity\'s next stage from a recruiter\'s reply. Answer each with answer_suggestion.',
  input: z.object({ limit: z.number().int().min(1).max(200).optional() }),
  output: z.object({ suggestions: z.array(Suggestion) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const rows = await ctx.db.select().from(crmApprovals).where(and(
      eq(crmApprovals.userId, ctx.userId), eq(crmApprovals.origin, 'suggestion'), eq(crmApprovals.status, 'pending'),
    )).orderBy(asc(crmApprovals.createdAt), asc(crmApprovals.id)).limit(input.limit ?? 50);
    return { suggestions: rows.map(suggestionRecord) };
  },
});

export const answerSuggestion = defineTool({
  name: 'answer_suggestion',
  title: 'Accept or decline a suggestion',
  description: 'Accept (the suggested change is made: the outcome set, the opportunity moved) or decline one suggestion of list_suggestions, by its id. Answered once: a second answer changes nothing.',
  input: z.object({ suggestion_id: RecordId, accept: z.boolean() }),
  output: z.object({ suggestion: Suggestion, applied: z.unknown().nullable(), message: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    // one answer wins, as for a confirmation: the row moves from pending exactly once
    const [row] = await ctx.db.update(crmApprovals).set({ status: input.accept ? 'approved' : 'denied', resolvedAt: ctx.now }).where(and(
      eq(crmApprovals.userId, ctx.userId), eq(crmApprovals.id, input.suggestion_id), eq(crmApprovals.origin, 'suggestion'), eq(crmApprovals.status, 'pending'),
    )).returning();
    if (!row) {
      const [answered] = await ctx.db.select().from(crmApprovals).where(and(eq(crmApprovals.userId, ctx.userId), eq(crmApprovals.id, input.suggestion_id), eq(crmApprovals.origin, 'suggestion')));
      if (!answered) throw new NotFoundError(`No suggestion with id ${input.suggestion_id}.`, { suggestion_id: input.suggestion_id });
      return { suggestion: suggestionRecord(answered), applied: null, message: 'That suggestion was already answered; nothing was changed.' };
    }
    if (!input.accept) return { suggestion: suggestionRecord(row), applied: null, message: 'Declined; nothing was changed.' };
    const tool = SUGGESTABLE[row.toolName];
    if (!tool) throw new NotFoundError(`The suggestion names no known change (${row.toolName}).`);
    const applied = await tool.run(ctx, tool.input.parse(row.input));
    return { suggestion: suggestionRecord(row), applied, message: `Accepted: ${row.summary.replace(/\?$/, '')}.` };
  },
});

export const suggestionTools = [listSuggestions, answerSuggestion];
