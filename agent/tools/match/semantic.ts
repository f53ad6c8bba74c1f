import type { ToolContext } from '../shared/context.js';
import { embedTexts } from '../shared/embed-texts.js';
import { SENTENCE_ENCODER_MAX_CHARS } from '../../embeddings/sentence-encoder-embedder.js';
import { extractRequirementLines } from './requirements.js';

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The parts of each text one vector can hold (the encoder reads 2,000 characters): a job's
 * requirements and duties first, since its opening is often about the company; a résumé as it
 * comes, since its opening is the person's headline and latest job.
 */
export function semanticTexts(resumeText: string, description: string): [string, string] {
  return [squeeze(resumeText).slice(0, SENTENCE_ENCODER_MAX_CHARS), squeeze(extractRequirementLines(description)).slice(0, SENTENCE_ENCODER_MAX_CHARS)];
}

const dot = (a: number[], b: number[]) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const norm = (a: number[]) => Math.sqrt(dot(a, a)) || 1;

/** Cosine similarity of the résumé and the job from the context's embedder, or null without one. */
export async function semanticSimilarity(ctx: Pick<ToolContext, 'embedder' | 'log'>, resumeText: string, description: string): Promise<{ similarity: number; embedder: string } | null> {
  if (!ctx.embedder) return null;
  const vectors = await embedTexts(ctx, semanticTexts(resumeText, description));
  if (!vectors) return null;
  const [a, b] = vectors;
  return { similarity: dot(a, b) / (norm(a) * norm(b)), embedder: ctx.embedder.id };
}
