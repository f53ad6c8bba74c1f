/**
 * Relevance benchmark: does search find the right note when the question shares no word with it?
 *   node --import tsx bench/relevance.bench.ts [--tune]
 * On bench/fixtures/relevance.json (one user, PGlite), for the no-overlap and the word-overlap
 * query sets, top-1 and MRR@10 of: full-text alone, the lexical embedder's vectors alone, the
 * sentence encoder's vectors alone, hybrid with the lexical embedder, and hybrid with the sentence
 * encoder (the `search` tool's own fusion), side by side. --tune also searches the fusion parameters
 * (reciprocal rank fusion k and vector weight, similarity floors) on the same set and prints the best.
 * Writes bench/results/relevance.json. Part of the `search` suite of `npm run bench`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser } from '../test-support/test-database.js';
import { packageRoot } from '../db/package-root.js';
import { withUser } from '../db/with-user.js';
import { runTool, type ToolRuntime } from '../agent/tools/run-tool.js';
import { importData } from '../agent/tools/transfer.js';
import { search } from '../agent/tools/search.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import {
  FUSION, aboveFloor, fullTextCandidates, fuseRankings, vectorCandidates, type Candidate, type FusionParams,
} from '../agent/tools/shared/hybrid-search.js';
import type { Embedder } from '../agent/embeddings/embedder.js';
import { contentStems, createOfflineEmbedder } from '../agent/embeddings/offline-embedder.js';
import { createSentenceEncoder } from '../agent/embeddings/sentence-encoder.js';
import { createSentenceEncoderEmbedder } from '../agent/embeddings/sentence-encoder-embedder.js';
import { createEmbeddingWorker, reindexEmbeddings } from '../agent/embeddings/worker.js';
import { printTable, round } from './stats.js';

interface Fixture {
  contacts: Array<{ key: string; first_name: string; last_name: string; company: string; notes: string }>;
  interactions: Array<{ key: string; contact: string; type: string; date: string; subject: string | null; notes: string }>;
  opportunities: Array<{ key: string; company_name: string; job_title: string; job_description: string }>;
  queries: Record<RelevanceSet, Array<{ query: string; relevant: string[] }>>;
}

/** The query sets: the tuned ones of relevance.json, and the held-out abbreviations (relevance-abbreviations.json). */
export type RelevanceSet = 'no_overlap' | 'overlap' | 'abbreviations';

export interface Score { top1: number; mrr: number; queries: number }
export type Method = 'full_text' | 'lexical_vectors' | 'encoder_vectors' | 'hybrid_lexical' | 'hybrid_encoder';
export interface RelevanceBenchResult {
  sets: Record<RelevanceSet, Record<Method, Score>>;
  fusion: FusionParams;
  min_similarity: { lexical: number; encoder: number };
  tuned?: { params: FusionParams & { minSimilarity: number }; no_overlap: Score; overlap: Score };
}

const ZERO = '00000000-0000-4000-8000-';
const uuidOf = (i: number) => ZERO + String(i + 1).padStart(12, '0');

export function loadRelevanceFixture(): Fixture {
  const read = <T>(name: string) => JSON.parse(readFileSync(join(packageRoot(), 'bench', 'fixtures', name), 'utf8')) as T;
  const f = read<Omit<Fixture, 'queries'> & { queries: Omit<Fixture['queries'], 'abbreviations'> }>('relevance.json');
  // The abbreviation notes join the same corpus, so every other note stays a distractor.
  const abbreviations = read<{ interactions: Fixture['interactions']; queries: Fixture['queries']['abbreviations'] }>('relevance-abbreviations.json');
  return { ...f, interactions: [...f.interactions, ...abbreviations.interactions], queries: { ...f.queries, abbreviations: abbreviations.queries } };
}

/** The text each note is searched by, as the search triggers index it (for the no-overlap check). */
function indexedText(f: Fixture, key: string): string {
  const c = f.contacts.find((x) => x.key === key);
  if (c) return `${c.first_name} ${c.last_name} ${c.company} ${c.notes}`;
  const i = f.interactions.find((x) => x.key === key);
  if (i) return `${i.subject ?? ''} ${i.notes}`;
  const o = f.opportunities.find((x) => x.key === key)!;
  return `${o.job_title} ${o.company_name} ${o.job_description}`;
}

/** Fails when a no-overlap query shares a content word (stem) with one of its notes: the set would lie. */
export function checkNoOverlap(f: Fixture): void {
  for (const q of f.queries.no_overlap) {
    const qs = contentStems(q.query);
    for (const key of q.relevant) {
      const shared = [...contentStems(indexedText(f, key))].filter((s) => qs.has(s));
      if (shared.length > 0) throw new Error(`relevance set: "${q.query}" shares ${shared.join(', ')} with ${key}`);
    }
  }
}

function score(rankings: string[][], relevant: string[][]): Score {
  let top1 = 0;
  let mrr = 0;
  rankings.forEach((ranked, i) => {
    const rank = ranked.slice(0, 10).findIndex((k) => relevant[i].includes(k));
    if (rank === 0) top1++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  });
  return { top1, mrr: round(mrr / rankings.length, 3), queries: rankings.length };
}

export async function runRelevanceBench(options: { tune?: boolean; write?: boolean } = {}): Promise<RelevanceBenchResult> {
  const f = loadRelevanceFixture();
  checkNoOverlap(f);
  const database = await createTestDatabase('pglite');
  const encoder = createSentenceEncoder();
  try {
    const lexical = createOfflineEmbedder();
    const neural = createSentenceEncoderEmbedder(encoder);
    const user = await createTestUser(database, 'relevance');
    const ids = new Map<string, string>();
    let n = 0;
    for (const x of [...f.contacts, ...f.interactions, ...f.opportunities]) ids.set(x.key, uuidOf(n++));
    const data = {
      contacts: f.contacts.map((c) => ({ id: ids.get(c.key), first_name: c.first_name, last_name: c.last_name, company: c.company, notes: c.notes })),
      interactions: f.interactions.map((i) => ({
        id: ids.get(i.key), contact_id: ids.get(i.contact), interaction_type: i.type, interaction_date: i.date, subject: i.subject, notes: i.notes,
      })),
      opportunities: f.opportunities.map((o) => ({ id: ids.get(o.key), company_name: o.company_name, job_title: o.job_title, job_description: o.job_description })),
    };
    const runtime = (embedder?: Embedder): ToolRuntime => ({ db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder });
    await runTool(runtime(), user.id, importData, { data });
    await createEmbeddingWorker({ db: database.db, embedder: lexical, log: silentLogger }).runOnce();
    await reindexEmbeddings({ db: database.db, embedder: neural });
    const keyOfSource = new Map([...ids].map(([k, v]) => [v, k]));
    const docRows = (await database.db.execute(sql`select id, source_id from search_documents`)) as unknown as { rows: Array<{ id: string; source_id: string }> };
    const keyOfDoc = new Map(docRows.rows.map((r) => [r.id, keyOfSource.get(r.source_id)!]));
    const keys = (c: Candidate[]) => c.map((x) => keyOfDoc.get(x.documentId)!);

    // the candidate lists of every query, once; fusion variants are computed from them
    const sets = ['no_overlap', 'overlap', 'abbreviations'] as const;
    type Lists = { query: string; relevant: string[]; fullText: Candidate[]; lexical: Candidate[]; encoder: Candidate[]; tool: string[]; toolLexical: string[] };
    const lists: Record<(typeof sets)[number], Lists[]> = { no_overlap: [], overlap: [], abbreviations: [] };
    for (const set of sets) {
      for (const q of f.queries[set]) {
        const [lv] = await lexical.embed([q.query]);
        const [ev] = await neural.embed([q.query]);
        const [fullText, lex, enc] = await withUser(database.db, user.id, async (tx) => [
          await fullTextCandidates(tx, user.id, q.query, undefined, 40),
          await vectorCandidates(tx, user.id, lexical.id, lv, undefined, 40, { exact: true }),
          await vectorCandidates(tx, user.id, neural.id, ev, undefined, 40, { exact: true }),
        ]);
        const viaTool = async (embedder: Embedder) => (await runTool(runtime(embedder), user.id, search, { query: q.query, limit: 10 })).results.map((r) => keyOfSource.get(r.id)!);
        lists[set].push({ ...q, fullText, lexical: lex, encoder: enc, tool: await viaTool(neural), toolLexical: await viaTool(lexical) });
      }
    }
    const relevant = (set: (typeof sets)[number]) => lists[set].map((l) => l.relevant);
    const measure = (set: (typeof sets)[number], rank: (l: Lists) => string[]) => score(lists[set].map(rank), relevant(set));
    const result: RelevanceBenchResult = {
      sets: { no_overlap: {} as Record<Method, Score>, overlap: {} as Record<Method, Score>, abbreviations: {} as Record<Method, Score> },
      fusion: FUSION,
      min_similarity: { lexical: lexical.minSimilarity ?? 0, encoder: neural.minSimilarity ?? 0 },
    };
    for (const set of sets) {
      result.sets[set] = {
        full_text: measure(set, (l) => keys(l.fullText)),
        lexical_vectors: measure(set, (l) => keys(l.lexical)),
        encoder_vectors: measure(set, (l) => keys(l.encoder)),
        hybrid_lexical: measure(set, (l) => l.toolLexical),
        hybrid_encoder: measure(set, (l) => l.tool),
      };
    }

    if (options.tune) {
      // every combination, on both sets; the best no-overlap MRR that loses nothing on the overlap set
      // against full-text alone and against hybrid with the lexical embedder
      const floorOverlap = Math.max(result.sets.overlap.full_text.mrr, result.sets.overlap.hybrid_lexical.mrr);
      let best: RelevanceBenchResult['tuned'] | undefined;
      for (const k of [5, 10, 20, 30, 60]) {
        for (const vectorWeight of [0.5, 0.75, 1, 1.25, 1.5, 2]) {
          for (const relativeFloor of [0, 0.35, 0.5, 0.6, 0.7, 0.8]) {
            // not under 0.25: unrelated texts sit at 0.1-0.3 with this encoder, and the set has no query
            // that nothing matches to show what a lower floor costs (vector noise in every answer)
            for (const minSimilarity of [0.25, 0.3, 0.35, 0.4]) {
              const params = { k, vectorWeight, relativeFloor };
              const rank = (l: Lists) => keys(fuseRankings(l.fullText, aboveFloor(l.encoder, minSimilarity, relativeFloor), params));
              const no = measure('no_overlap', rank);
              const ov = measure('overlap', rank);
              if (ov.mrr < floorOverlap) continue;
              if (!best || no.mrr > best.no_overlap.mrr || (no.mrr === best.no_overlap.mrr && ov.mrr > best.overlap.mrr)) {
                best = { params: { ...params, minSimilarity }, no_overlap: no, overlap: ov };
              }
            }
          }
        }
      }
      result.tuned = best;
    }

    for (const set of sets) {
      const rows = Object.entries(result.sets[set]).map(([method, s]) => ({ method, top1: `${s.top1}/${s.queries}`, mrr: s.mrr }));
      printTable(`relevance, ${set === 'no_overlap' ? 'no word shared with the right note' : set === 'abbreviations' ? 'held-out abbreviations' : 'words shared'} (${lists[set].length} queries; fusion k=${FUSION.k}, vector weight ${FUSION.vectorWeight}, floors ${neural.minSimilarity} / ${FUSION.relativeFloor} of best)`, rows);
    }
    if (result.tuned) process.stdout.write(`best fusion on this set: ${JSON.stringify(result.tuned)}\n`);
    if (process.env.KITH_BENCH_VERBOSE) {
      for (const l of [...lists.no_overlap, ...lists.overlap, ...lists.abbreviations]) process.stdout.write(`${l.query.padEnd(34)} want ${l.relevant.join(',').padEnd(24)} hybrid ${l.tool.slice(0, 3).join(',')}  ft ${keys(l.fullText).slice(0, 3).join(',')}  vectors ${keys(l.encoder).slice(0, 3).join(',')} (${l.encoder.slice(0, 3).map((c) => round(c.score, 2)).join(',')})\n`);
    }
    if (options.write !== false) {
      const dir = join(packageRoot(), 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'relevance.json'), JSON.stringify({ ...result, measured_at: new Date().toISOString() }, null, 2) + '\n');
    }
    return result;
  } finally {
    await encoder.close();
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runRelevanceBench({ tune: process.argv.includes('--tune') });
}
