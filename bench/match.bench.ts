/**
 * Match score benchmark.
 *   node --import tsx bench/match.bench.ts [--runs 50] [--lexical]
 * 1. Quality: every (résumé, job) pair of bench/fixtures/match-pairs.json, labelled good / partial /
 *    poor by reading before the scorer existed, scored with and without the offline sentence
 *    encoder: Spearman's correlation of the score with the label (poor 0, partial 1, good 2), the AUC
 *    of good against poor, and the mean score per label.
 * 2. Speed: one score of a 1,000-word job description (computeMatch, and the full score with the
 *    encoder, résumé vector cached as in a server): p50/p95. The target is <= 100 ms.
 * Writes bench/results/match.json. The `match` suite of `npm run bench`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../db/package-root.js';
import { computeMatch } from '../agent/tools/match/match-score.js';
import { defaultSkillMatcher } from '../agent/tools/shared/find-skills.js';
import { semanticSimilarity } from '../agent/tools/match/semantic.js';
import { auc, spearman } from '../agent/tools/insights/statistics.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { createSentenceEncoder } from '../agent/embeddings/sentence-encoder.js';
import { createSentenceEncoderEmbedder } from '../agent/embeddings/sentence-encoder-embedder.js';
import type { Embedder } from '../agent/embeddings/embedder.js';
import { printTable, round, timeIt } from './stats.js';

interface PairSet {
  resumes: Array<{ key: string; text: string }>;
  jobs: Array<{ key: string; title: string; description: string }>;
  pairs: Array<{ resume: string; job: string; label: 'good' | 'partial' | 'poor' }>;
}

const LABEL = { poor: 0, partial: 1, good: 2 } as const;
const NOW = new Date('2026-11-25T15:00:00Z');

async function quality(set: PairSet, embedder: Embedder | undefined) {
  const scores: number[] = [];
  for (const p of set.pairs) {
    const cv = set.resumes.find((r) => r.key === p.resume)!.text;
    const job = set.jobs.find((j) => j.key === p.job)!;
    const semantic = embedder ? await semanticSimilarity({ embedder, log: silentLogger }, cv, job.description) : null;
    scores.push(computeMatch({ resumeText: cv, description: job.description, title: job.title, now: NOW, semantic }, defaultSkillMatcher()).score);
  }
  const labels = set.pairs.map((p) => LABEL[p.label]);
  const gp = set.pairs.map((p, i) => [p.label, scores[i]] as const).filter(([l]) => l !== 'partial');
  const mean = (l: keyof typeof LABEL) => { const s = scores.filter((_, i) => set.pairs[i].label === l); return round(s.reduce((a, b) => a + b, 0) / s.length, 3); };
  return {
    pairs: set.pairs.length,
    spearman: round(spearman(scores, labels), 3),
    auc_good_vs_poor: round(auc(gp.map(([, s]) => s), gp.map(([l]) => l === 'good')), 3),
    auc_good_or_partial_vs_poor: round(auc(scores, set.pairs.map((p) => p.label !== 'poor')), 3),
    mean_good: mean('good'), mean_partial: mean('partial'), mean_poor: mean('poor'),
  };
}

/** A 1,000-word job description: the quality set's descriptions, repeated with numbered lines. */
function longDescription(set: PairSet): string {
  const lines: string[] = [];
  let words = 0;
  for (let i = 0; words < 1000; i++) {
    const d = set.jobs[i % set.jobs.length].description;
    lines.push(i < set.jobs.length ? d : d.replace(/\n/g, ` (${i})\n`));
    words += d.split(/\s+/).length;
  }
  return lines.join('\n').split(/\s+/).slice(0, 1000).join(' ').replace(/ - /g, '\n- ');
}

export async function runMatchBench(options: { runs?: number; lexicalOnly?: boolean } = {}) {
  const set = JSON.parse(readFileSync(join(packageRoot(), 'bench', 'fixtures', 'match-pairs.json'), 'utf8')) as PairSet;
  const encoder = options.lexicalOnly ? undefined : createSentenceEncoder();
  const embedder = encoder ? createSentenceEncoderEmbedder(encoder) : undefined;
  try {
    const lexical = await quality(set, undefined);
    const withEncoder = embedder ? await quality(set, embedder) : null;
    const description = longDescription(set);
    const cv = set.resumes[0].text;
    const runs = options.runs ?? 50;
    const scoreOnly = await timeIt(runs, async () => computeMatch({ resumeText: cv, description, title: 'Senior Backend Engineer', now: NOW, semantic: null }, defaultSkillMatcher()));
    // a new description each run (its vector is not cached); the résumé's is, as in a running server
    const full = embedder ? await timeIt(Math.min(runs, 20), async (i) => {
      const d = `Requirements: role ${i} ${Math.random()}\n${description}`;
      const semantic = await semanticSimilarity({ embedder, log: silentLogger }, cv, d);
      return computeMatch({ resumeText: cv, description: d, title: 'Senior Backend Engineer', now: NOW, semantic }, defaultSkillMatcher());
    }, 3) : null;
    const result = {
      quality: { lexical_only: lexical, with_sentence_encoder: withEncoder },
      speed: { description_words: description.split(/\s+/).length, lexical_ms: scoreOnly, with_encoder_ms: full },
      load_average: loadavg().map((x) => round(x, 2)),
      cpus: cpus().length,
    };
    printTable('Match quality (bench/fixtures/match-pairs.json)', [
      { scorer: 'skills + seniority (no encoder)', ...lexical },
      ...(withEncoder ? [{ scorer: 'with the sentence encoder (default)', ...withEncoder }] : []),
    ]);
    printTable('Match speed, 1,000-word description', [
      { what: 'computeMatch (vocabulary, requirements, seniority)', ...scoreOnly },
      ...(full ? [{ what: 'full score with the encoder (description embedded)', ...full }] : []),
    ]);
    process.stdout.write(`load average ${result.load_average.join(' ')} on ${result.cpus} cores\n`);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'match.json'), JSON.stringify(result, null, 2));
    return result;
  } finally {
    await encoder?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--runs');
  await runMatchBench({ runs: i >= 0 ? Number(process.argv[i + 1]) : undefined, lexicalOnly: process.argv.includes('--lexical') });
}
