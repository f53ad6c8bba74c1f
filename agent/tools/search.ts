import { z } from 'zod';
import { rankAnswers } from './shared/answer-ranking.js';
import { defineTool } from './define-tool.js';
import { queryForEmbedding } from './shared/query-expansion.js';
import {
  RELEVANCES, SEARCH_KINDS, aboveFloor, documentsMatchingAny, filteredDocuments, fullTextCandidates, fuseRankings, labelRelevance, loadHits,
  negatedTerms, positivePart, prepareVectorSearch, topicCoverage, topicGroups, vectorCandidates, type Candidate, type Relevance,
} from './shared/hybrid-search.js';
import type { ToolContext } from './shared/context.js';
import { embeddingBacklog } from '../embeddings/vector-store.js';
import { CompanyName, ContactRef, DayString } from './shared/schemas.js';
import { resolveContact } from './shared/resolve-contact.js';
import { addDays, startOfDay } from './shared/user-dates.js';
import { InvalidInputError } from './shared/errors.js';
import { embedTexts } from './shared/embed-texts.js';

export const SearchInput = z.object({
  query: z.string().trim().min(1).max(500)
    .describe('What to look for, in words: a topic, technology, company or phrase, e.g. "Kubernetes", "fundraising", "Rust". Quotes, -word and "or" work as in a web search.'),
  question: z.string().trim().min(1).max(1000).optional()
    .describe('The user\'s question in their own words, when there is one (e.g. "which founder just raised money?"): each result is then labelled by whether it answers it (`relevance`).'),
  kinds: z.array(z.enum(SEARCH_KINDS)).min(1).optional()
    .describe('Limit to interaction notes ("interaction"), contact notes ("contact") or job opportunities ("opportunity"); all by default.'),
  contact: ContactRef.optional().describe('Only notes about this contact (their contact notes, interactions and linked jobs): id, email or name'),
  company: CompanyName.optional().describe('Only notes about people at this company and jobs there (case-insensitive; part of the name is enough)'),
  from: DayString.optional().describe('Only from this day on (YYYY-MM-DD, inclusive): interactions by their date, contact notes and jobs by their last change'),
  to: DayString.optional().describe('Only up to this day (YYYY-MM-DD, inclusive), dated as for `from`'),
  limit: z.number().int().min(1).max(50).optional().describe('How many results, best first (default 10).'),
});

const SearchResult = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string().describe('The id of the interaction, contact or opportunity'),
  title: z.string(),
  snippet: z.string().describe('An excerpt of the matching text; the matched words are wrapped in « and »'),
  score: z.number().describe('Relevance, higher is better: reciprocal rank fusion of full-text and vector ranks; with `question` and vectors, the similarity in meaning to the question plus the share of its topic the text has'),
  contact: z.object({ id: z.string(), name: z.string() }).nullable(),
  opportunity: z.object({ id: z.string(), company_name: z.string(), job_title: z.string().nullable() }).nullable(),
  relevance: z.enum(RELEVANCES).optional()
    .describe('With `question`: answer (the text covers what was asked), mention (part of it), weak (found by meaning or a passing word only; not an answer)'),
});

export const SearchOutput = z.object({
  mode: z.enum(['hybrid', 'full_text']).describe('hybrid: words and meaning; full_text: words only (no embeddings available)'),
  results: z.array(SearchResult),
});

/** With a question, this many of the fused hits (at least `limit`) are judged against it and re-ranked. */
const ANSWER_POOL = 20;

async function embedQuery(ctx: ToolContext, query: string): Promise<number[] | null> {
  const vectors = await embedTexts(ctx, [query]);
  return vectors?.[0] ?? null;
}

export const search = defineTool({
  name: 'search',
  title: 'Search notes and job descriptions',
  description:
    'Search everything the user wrote down, by topic: notes and subjects of interactions (calls, meetings, emails, coffee chats, ' +
    'LinkedIn messages), notes on contacts, and job opportunities (title, company, job description). Use it to answer questions like ' +
    '"who did I talk to about Kubernetes?", "find my notes about fundraising", "which jobs mention Rust?", "who knows about ' +
    'design systems?", "what did we say about the reorg?". Pass the topic as `query` (e.g. "Kubernetes"); set `kinds` to ' +
    '["interaction", "contact"] for who-did-I-talk-to questions or ["opportunity"] for questions about jobs; narrow with `contact`, ' +
    '`company` and `from`/`to` (days) when the question names a person, a company or a period; pass the user\'s words as `question` ' +
    'to have each result labelled answer, mention or weak, and answer with the answers only. It matches words, ' +
    'word forms and meaning (hybrid full-text and semantic search: "UI kit" finds "component library"). Each result names its contact (id, name) or ' +
    'opportunity, and a snippet with the matched words wrapped in «». To look a person up by name, email or company, use ' +
    'find_contacts instead.',
  input: SearchInput,
  output: SearchOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const limit = input.limit ?? 10;
    const depth = Math.max(40, limit * 3);
    const kinds = input.kinds;
    const embedder = ctx.embedder;
    if (input.from && input.to && input.from > input.to) throw new InvalidInputError('to', `to (${input.to}) is before from (${input.from}).`);
    // The query's embedding starts first and is awaited last: the sentence encoder works on its own
    // thread while this one runs the contact, filter and full-text queries, instead of after them.
    // (The lexical embedder takes microseconds; a provider is bounded by a timeout; a failure is a
    // null vector, never a rejection.)
    const embedding = embedder && (await prepareVectorSearch(ctx.db, ctx.userId)) ? embedQuery(ctx, queryForEmbedding(input.question ?? positivePart(input.query))) : null;
    const contact = input.contact ? await resolveContact(ctx, input.contact) : undefined;
    const within = await filteredDocuments(ctx.db, ctx.userId, kinds, {
      contactId: contact?.id,
      company: input.company,
      since: input.from ? startOfDay(input.from, ctx.tz) : undefined,
      until: input.to ? startOfDay(addDays(input.to, 1), ctx.tz) : undefined,
    }) ?? undefined;
    const fullText = await fullTextCandidates(ctx.db, ctx.userId, input.query, kinds, depth, { within });
    const vector = embedding ? await embedding : null;
    let nearest: Candidate[] | null = null;
    if (vector && embedder) {
      // vector search always returns neighbours: keep those close enough to be about the query
      nearest = aboveFloor(await vectorCandidates(ctx.db, ctx.userId, embedder.id, vector, kinds, depth, { prepared: true, within }), embedder.minSimilarity ?? 0);
      const negated = negatedTerms(input.query);
      if (negated.length > 0) {
        const excluded = await documentsMatchingAny(ctx.db, nearest.map((c) => c.documentId), negated);
        nearest = nearest.filter((c) => !excluded.has(c.documentId));
      }
    }
    let ranked = fuseRankings(fullText, nearest);
    let labels: Map<string, Relevance> | undefined;
    if (input.question) {
      const groups = topicGroups(input.question);
      if (vector && embedder) {
        // with the question's vector: the encoder judges each of the first hits (those the vector
        // search left out get their similarity by an exact scan of just them), then re-ranks them
        const pool = ranked.slice(0, Math.max(limit, ANSWER_POOL));
        const ids = pool.map((c) => c.documentId);
        const similarity = new Map((nearest ?? []).map((c) => [c.documentId, c.score]));
        const unscored = ids.filter((id) => !similarity.has(id));
        if (unscored.length > 0) {
          for (const c of await vectorCandidates(ctx.db, ctx.userId, embedder.id, vector, kinds, unscored.length, { prepared: true, within: unscored })) similarity.set(c.documentId, c.score);
        }
        const coverage = await topicCoverage(ctx.db, ids, groups);
        const answers = rankAnswers(pool.map((c) => ({ documentId: c.documentId, covered: coverage.get(c.documentId), similarity: similarity.get(c.documentId) ?? 0 })), groups);
        ranked = answers.map((a) => ({ documentId: a.documentId, score: a.score }));
        labels = new Map(answers.map((a) => [a.documentId, a.relevance]));
      } else {
        ranked = ranked.slice(0, limit);
        const ids = ranked.map((c) => c.documentId);
        const coverage = await topicCoverage(ctx.db, ids, groups);
        labels = labelRelevance(ranked.map((c) => ({ documentId: c.documentId, covered: coverage.get(c.documentId), similarity: null })));
      }
    }
    const fused = ranked.slice(0, limit);
    return {
      mode: vector ? 'hybrid' as const : 'full_text' as const,
      results: await loadHits(ctx.db, input.query, fused, ctx.tz, labels),
    };
  },
});

export const SearchStatusOutput = z.object({
  mode: z.enum(['hybrid', 'full_text']).describe('hybrid: words and meaning; full_text: words only (no vectors can be stored)'),
  embedder: z.string().nullable().describe('The embedding model, e.g. "offline:use-lite-512"'),
  documents: z.number().int().describe('Searchable notes, contact notes and job descriptions'),
  with_vectors: z.number().int().describe('Of those, documents with a vector of the current embedder (found by meaning)'),
  waiting: z.number().int().describe('Documents waiting for a vector (new or changed texts, or an upgrade to a new embedder)'),
  failed: z.number().int().describe('Documents the embedder gave up on (`kith reindex` retries them)'),
  progress: z.number().describe('with_vectors / documents, 0..1 (1 when there is nothing to search)'),
});

/** How much of the user's notes semantic search covers: the re-embedding after a change of embedder shows here. */
export const searchStatus = defineTool({
  name: 'search_status',
  title: 'Semantic search status',
  description:
    'How many of the user\'s notes and job descriptions can be found by meaning (have a vector of the current embedding model) ' +
    'and how many are still waiting, e.g. while notes are re-embedded after an upgrade to a new embedder. Full-text search works ' +
    'for every note meanwhile.',
  input: z.object({}),
  output: SearchStatusOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const model = ctx.embedder?.id;
    const backlog = await embeddingBacklog(ctx.db, { model });
    const vectors = backlog.vectorSearch && !!model;
    const missing = vectors ? backlog.missingForModel ?? 0 : backlog.documents;
    const withVectors = backlog.documents - missing;
    return {
      mode: vectors ? 'hybrid' as const : 'full_text' as const,
      embedder: model ?? null,
      documents: backlog.documents,
      with_vectors: withVectors,
      waiting: vectors ? Math.max(0, missing - backlog.failed) : 0,
      failed: backlog.failed,
      progress: backlog.documents === 0 ? 1 : Math.round((withVectors / backlog.documents) * 1000) / 1000,
    };
  },
});

export const searchTools = [search, searchStatus];
