import type { SkillMatcher } from '../shared/find-skills.js';
import { extractRequirements, resumeLevel, resumeYears, type Requirement, type Section } from './requirements.js';
import { SENIORITY_RANK } from '../shared/skill-vocabulary.js';

/**
 * How the parts of the score are weighed. Chosen before the quality set was scored (not tuned on
 * it): the skills asked for carry most, the meaning of the whole texts catches what the vocabulary
 * lacks, and seniority nudges. A missing part's weight goes to the others.
 */
export const MATCH_WEIGHTS = { skills: 0.6, semantic: 0.3, seniority: 0.1 } as const;

/** Cosines of the sentence encoder between a résumé and a job: unrelated texts sit near the low end. */
export const SEMANTIC_RANGE = { low: 0.2, high: 0.7 } as const;

export interface RequirementResult {
  skill: string;
  alternatives?: string[];
  section: Section;
  weight: number;
  mentions: number;
}

export interface MatchExplanation {
  score: number;
  skills: {
    score: number | null;
    found: RequirementResult[];
    missing: RequirementResult[];
  };
  semantic: { similarity: number; score: number; embedder: string } | null;
  seniority: { score: number | null; job_years: number | null; resume_years: number | null; job_level: string | null; resume_level: string | null };
  confidence: 'low' | 'medium' | 'high';
  based_on: string;
  summary: string;
}

export interface MatchInput {
  resumeText: string;
  description: string;
  title?: string | null;
  now: Date;
  /** Cosine similarity of the two texts' vectors, with the embedder that gave it; null without one. */
  semantic: { similarity: number; embedder: string } | null;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

function resultOf(r: Requirement, found?: string): RequirementResult {
  return {
    skill: found ?? r.skills[0],
    ...(r.skills.length > 1 ? { alternatives: r.skills } : {}),
    section: r.section,
    weight: round(r.weight),
    mentions: r.mentions.length,
  };
}

function seniorityFit(jobYears: number | null, cvYears: number | null, jobLevel: string | null, cvLevel: string | null): number | null {
  const parts: number[] = [];
  if (jobYears !== null && cvYears !== null) parts.push(cvYears >= jobYears ? 1 : clamp01(cvYears / jobYears));
  const j = jobLevel ? SENIORITY_RANK[jobLevel] : undefined;
  const c = cvLevel ? SENIORITY_RANK[cvLevel] : undefined;
  if (j !== undefined && c !== undefined) parts.push(c >= j ? 1 : clamp01(1 - 0.3 * (j - c)));
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null;
}

/** The match of a résumé to a job description, 0..1, with what it is made of. Pure: no I/O. */
export function computeMatch(input: MatchInput, matcher: SkillMatcher): MatchExplanation {
  const job = extractRequirements(input.description, matcher, input.title);
  const has = matcher.withImplied(matcher.find(input.resumeText).map((h) => h.skill));
  const found: RequirementResult[] = [];
  const missing: RequirementResult[] = [];
  let got = 0;
  let total = 0;
  for (const r of job.requirements) {
    total += r.weight;
    const hit = r.skills.find((s) => has.has(s));
    if (hit) { got += r.weight; found.push(resultOf(r, hit)); } else missing.push(resultOf(r));
  }
  const skills = total > 0 ? got / total : null;
  const semantic = input.semantic
    ? { similarity: round(input.semantic.similarity, 3), score: round(clamp01((input.semantic.similarity - SEMANTIC_RANGE.low) / (SEMANTIC_RANGE.high - SEMANTIC_RANGE.low)), 3), embedder: input.semantic.embedder }
    : null;
  const cvYears = resumeYears(input.resumeText, input.now);
  const cvLevel = resumeLevel(input.resumeText, matcher);
  const seniority = seniorityFit(job.years, cvYears, job.level, cvLevel);

  const parts: Array<[number, number]> = [];
  if (skills !== null) parts.push([MATCH_WEIGHTS.skills, skills]);
  if (semantic) parts.push([MATCH_WEIGHTS.semantic, semantic.score]);
  if (seniority !== null) parts.push([MATCH_WEIGHTS.seniority, seniority]);
  const weight = parts.reduce((a, [w]) => a + w, 0);
  const score = weight > 0 ? round(parts.reduce((a, [w, v]) => a + w * v, 0) / weight, 3) : 0;

  const n = job.requirements.length;
  const confidence: MatchExplanation['confidence'] = n >= 6 && semantic ? 'high' : n >= 3 ? 'medium' : 'low';
  const basis = [
    n === 0 ? 'no skill of the vocabulary found in the description' : `${n} requirement${n === 1 ? '' : 's'} read from the description`,
    semantic ? `semantic similarity from ${semantic.embedder}` : 'no semantic similarity (no embedder)',
    seniority !== null ? 'experience and seniority' : null,
  ].filter(Boolean).join('; ');
  const top = (list: RequirementResult[]) => list.slice(0, 5).map((r) => r.alternatives ? r.alternatives.join(' or ') : r.skill).join(', ');
  const summary = [
    `Match ${Math.round(score * 100)}%`,
    n > 0 ? `${found.length} of ${n} requirements found${found.length ? ` (${top(found)})` : ''}` : 'no known skills in the description',
    missing.length ? `missing ${top(missing)}` : null,
    semantic ? `semantic similarity ${semantic.similarity.toFixed(2)}` : null,
  ].filter(Boolean).join('; ') + (confidence === 'low' ? '. Low confidence: few requirements could be read.' : '.');
  return {
    score,
    skills: { score: skills === null ? null : round(skills, 3), found, missing },
    semantic,
    seniority: { score: seniority === null ? null : round(seniority, 3), job_years: job.years, resume_years: cvYears, job_level: job.level, resume_level: cvLevel },
    confidence,
    based_on: basis,
    summary,
  };
}
