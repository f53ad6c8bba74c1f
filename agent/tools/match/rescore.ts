import { and, eq, inArray, isNull } from 'drizzle-orm';
import { crmOpportunities } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { ACTIVE_STATUSES } from '../shared/resolve-opportunity.js';
import { resumeForOpportunity, type ResumeRow } from '../resumes/resolve-resume.js';
import { defaultSkillMatcher } from '../shared/find-skills.js';
import { computeMatch, type MatchExplanation } from './match-score.js';
import { semanticSimilarity } from './semantic.js';

type OpportunityRow = typeof crmOpportunities.$inferSelect;

export interface StoredMatch extends MatchExplanation {
  resume: { id: string; name: string };
  computed_at: string;
}

/** The match of one opportunity with one résumé, explained (nothing written). */
export async function matchOf(ctx: ToolContext, o: OpportunityRow, resume: ResumeRow): Promise<StoredMatch> {
  const description = o.jobDescription ?? '';
  const semantic = await semanticSimilarity(ctx, resume.contentText, description);
  const explanation = computeMatch({ resumeText: resume.contentText, description, title: o.jobTitle, now: ctx.now, semantic }, defaultSkillMatcher());
  return { ...explanation, resume: { id: resume.id, name: resume.name }, computed_at: ctx.now.toISOString() };
}

/**
 * Recomputes and stores an opportunity's match score, when it has a description and the user a
 * résumé: the opportunity's own, else the latest (or `resume` when given). Without either, the
 * stored score stays as it is and null is returned.
 */
export async function rescoreOpportunity(ctx: ToolContext, o: OpportunityRow, resume?: ResumeRow): Promise<{ row: OpportunityRow; match: StoredMatch } | null> {
  if (!o.jobDescription?.trim()) return null;
  const cv = resume ?? (await resumeForOpportunity(ctx, o.resumeId));
  if (!cv) return null;
  const match = await matchOf(ctx, o, cv);
  const [row] = await ctx.db.update(crmOpportunities)
    .set({ matchScore: match.score, matchDetails: match as unknown as Record<string, unknown> })
    .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.id, o.id))).returning();
  return { row, match };
}

/**
 * After the latest résumé changed: the active opportunities that name no résumé of their own (or
 * name `resumeId`) are scored again. Closed ones keep the score they had when they were decided.
 */
export async function rescoreAfterResumeChange(ctx: ToolContext, resumeId?: string): Promise<number> {
  const rows = await ctx.db.select().from(crmOpportunities).where(and(
    eq(crmOpportunities.userId, ctx.userId),
    inArray(crmOpportunities.status, [...ACTIVE_STATUSES]),
    resumeId ? eq(crmOpportunities.resumeId, resumeId) : isNull(crmOpportunities.resumeId),
  ));
  let n = 0;
  for (const o of rows) if (await rescoreOpportunity(ctx, o)) n++;
  return n;
}
