import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { OpportunityRef, ResumeRef } from '../shared/schemas.js';
import { resolveOpportunity, opportunityLabel } from '../shared/resolve-opportunity.js';
import { InvalidInputError, NotFoundError } from '../shared/errors.js';
import { recordActivity } from '../shared/record-activity.js';
import { resolveResume, resumeForOpportunity } from '../resumes/resolve-resume.js';
import type { ToolContext } from '../shared/context.js';
import { matchOf, rescoreOpportunity } from './rescore.js';
import { defaultSkillMatcher } from '../shared/find-skills.js';
import { extractRequirements } from './requirements.js';
import { missingPhrases } from './phrases.js';

const RequirementResult = z.object({
  skill: z.string(),
  alternatives: z.array(z.string()).optional(),
  section: z.enum(['required', 'duties', 'general', 'preferred']),
  weight: z.number(),
  mentions: z.number(),
});

export const MatchExplanationSchema = z.object({
  score: z.number().describe('0..1'),
  skills: z.object({ score: z.number().nullable(), found: z.array(RequirementResult), missing: z.array(RequirementResult) }),
  semantic: z.object({ similarity: z.number(), score: z.number(), embedder: z.string() }).nullable(),
  seniority: z.object({ score: z.number().nullable(), job_years: z.number().nullable(), resume_years: z.number().nullable(), job_level: z.string().nullable(), resume_level: z.string().nullable() }),
  confidence: z.enum(['low', 'medium', 'high']),
  based_on: z.string(),
  summary: z.string(),
  resume: z.object({ id: z.string(), name: z.string() }),
  computed_at: z.string(),
});

async function opportunityAndResume(ctx: ToolContext, input: { opportunity: string; resume?: string }) {
  const o = await resolveOpportunity(ctx, input.opportunity);
  if (!o.jobDescription?.trim()) throw new InvalidInputError('opportunity', `opportunity: ${opportunityLabel(o)} has no job description to match; add one with update_opportunity (job_description).`);
  const resume = input.resume ? await resolveResume(ctx, input.resume) : await resumeForOpportunity(ctx, o.resumeId);
  if (!resume) throw new NotFoundError('There is no résumé yet: add one with add_resume (pasted text, or a PDF or DOCX file).', { field: 'resume' });
  return { o, resume };
}

export const scoreOpportunity = defineTool({
  name: 'score_opportunity',
  title: 'Score how well a résumé matches a job',
  description:
    'Compute the match score (0..1) of an opportunity\'s job description against a résumé (the one the opportunity names, else the latest; ' +
    'or `resume`) and store it as the opportunity\'s match_score. Explained: the skills and requirements of the description found in the ' +
    'résumé and those missing (from a skill vocabulary with synonyms: k8s is Kubernetes, JS is JavaScript), the semantic similarity of the ' +
    'two texts, and experience. Use for "how well do I match the Stripe job?". Scores are also recomputed whenever the description or the résumé changes.',
  input: z.object({ opportunity: OpportunityRef, resume: ResumeRef.optional().describe('Score against this résumé instead of the opportunity\'s own or the latest') }),
  output: z.object({ opportunity_id: z.string(), opportunity: z.string(), match: MatchExplanationSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const { o, resume } = await opportunityAndResume(ctx, input);
    const scored = (await rescoreOpportunity(ctx, o, resume))!;
    await recordActivity(ctx, { type: 'opportunity_updated', description: `Scored ${opportunityLabel(o)} against "${resume.name}": ${Math.round(scored.match.score * 100)}%`, opportunityId: o.id, contactId: o.contactId });
    return { opportunity_id: o.id, opportunity: opportunityLabel(o), match: scored.match };
  },
});

const Mention = z.object({ excerpt: z.string(), start: z.number(), end: z.number(), section: z.enum(['required', 'duties', 'general', 'preferred']) });

export const tailorResume = defineTool({
  name: 'tailor_resume',
  title: 'What to add to a résumé for a job',
  description:
    'The keywords and phrases of an opportunity\'s job description that the résumé lacks, ranked by how much the job asks for them ' +
    '(requirements before nice-to-haves, repeated mentions first), each with where it appears in the description, so the user can add ' +
    'what is true of them. Reads the opportunity\'s résumé (or the latest, or `resume`); changes nothing.',
  input: z.object({ opportunity: OpportunityRef, resume: ResumeRef.optional(), limit: z.number().int().min(1).max(50).optional().describe('How many keywords (default 15)') }),
  output: z.object({
    opportunity_id: z.string(),
    opportunity: z.string(),
    resume: z.object({ id: z.string(), name: z.string() }),
    score: z.number(),
    summary: z.string(),
    keywords: z.array(z.object({
      rank: z.number(), keyword: z.string(), alternatives: z.array(z.string()).optional(), section: Mention.shape.section, weight: z.number(),
      mentions: z.array(Mention), suggestion: z.string(),
    })),
    phrases: z.array(z.object({ phrase: z.string(), count: z.number(), excerpt: z.string() })),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const { o, resume } = await opportunityAndResume(ctx, input);
    const match = await matchOf(ctx, o, resume);
    const job = extractRequirements(o.jobDescription!, defaultSkillMatcher(), o.jobTitle);
    const missing = new Set(match.skills.missing.map((m) => (m.alternatives ?? [m.skill]).join('|')));
    const where = { required: 'the requirements', duties: 'the responsibilities', general: 'the description', preferred: 'the nice-to-haves' } as const;
    const keywords = job.requirements.filter((r) => missing.has(r.skills.join('|'))).slice(0, input.limit ?? 15).map((r, i) => ({
      rank: i + 1,
      keyword: r.skills[0],
      ...(r.skills.length > 1 ? { alternatives: r.skills } : {}),
      section: r.section,
      weight: Math.round(r.weight * 100) / 100,
      mentions: r.mentions.slice(0, 5),
      suggestion: `${r.skills.length > 1 ? `One of ${r.skills.join(', ')}` : r.skills[0]}: asked for in ${where[r.section]}${r.mentions.length > 1 ? ` (${r.mentions.length} mentions)` : ''}; add it where your experience shows it, if it is true of you.`,
    }));
    return {
      opportunity_id: o.id, opportunity: opportunityLabel(o), resume: match.resume, score: match.score, summary: match.summary,
      keywords, phrases: missingPhrases(o.jobDescription!, resume.contentText, 8),
    };
  },
});

export const matchTools = [scoreOpportunity, tailorResume];
