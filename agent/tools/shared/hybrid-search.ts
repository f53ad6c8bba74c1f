import { sql, type SQL } from 'drizzle-orm';
import type { KithDb } from '../../../db/types.js';
import { MAX_INDEXED_DIMENSIONS, rowsOf, uuidArray, vectorLiteral, vectorTableExists } from '../../embeddings/vector-store.js';
import { userVectorPartition } from '../../embeddings/vector-partitions.js';
import { dayOf } from './user-dates.js';
import { queryTerms, withoutTerms } from './query-expansion.js';
import { HIRING_TOPIC, topicWordsOf } from './topic-words.js';

export type SearchKind = 'interaction' | 'contact' | 'opportunity';
export const SEARCH_KINDS = ['interaction', 'contact', 'opportunity'] as const;

/**
 * How full-text and vector rankings are fused (reciprocal rank fusion, Cormack et al.): `k` flattens
 * the head of each list (larger: rank matters less), `vectorWeight` scales the vector list's share,
 * and a vector match under `relativeFloor` of the best one's similarity (or under the embedder's
 * minSimilarity) is dropped as noise. Tuned on bench/fixtures/relevance.json (bench/relevance.bench.ts).
 */
export interface FusionParams { k: number; vectorWeight: number; relativeFloor: number }
export const FUSION: FusionParams = { k: 5, vectorWeight: 0.5, relativeFloor: 0.35 };
/**
 * HNSW candidate list sizes (ef_search). In a user's own vector partition every candidate is theirs:
 * 100 found 0.970 of the exact top 10 at 100,000 notes (bench/search.bench.ts), in 3.8 ms against
 * 5.1 at 200, but at 20,000 notes (where the planner now takes the index too, migration 0082) 100
 * found 0.937-0.945, 150 0.958, 200 0.977 and 300 0.991, at the same time within the noise of a
 * loaded machine (16-19 ms p50, load 12). In the shared partition the user filter throws other
 * users' candidates away: at 2 x 100,000 notes there, 100 found 0.944 and 200 found 0.976 (the
 * target is 0.95).
 */
export const EF_SEARCH = { ownPartition: 200, shared: 200 } as const;

/** Words people wrap a search in; left out of the full-text query when something else remains. */
const QUERY_NOISE = new Set(['talk', 'talked', 'talking', 'spoke', 'speak', 'discuss', 'discussed', 'discussing', 'mention', 'mentioned',
  'mentions', 'mentioning', 'find', 'show', 'list', 'tell', 'note', 'notes', 'search', 'anyone', 'someone', 'job', 'jobs', 'people', 'person']);

export function stripQueryNoise(query: string): string {
  const kept = query.split(/\s+/).filter((w) => !QUERY_NOISE.has(w.toLowerCase().replace(/[^a-z]/g, '')));
  const cleaned = kept.join(' ').replace(/[?!]+/g, ' ').trim();
  return cleaned.length > 0 ? cleaned : query;
}

/**
 * The full-text queries: websearch_to_tsquery ('english'). A query with search syntax (quotes, -word,
 * or) is taken as written (`broad` is null). A plain question also gets a broad form, relaxed from
 * AND to OR, so that "who did I talk to about kubernetes migrations" does not require every word:
 * documents with every word come first, then those with some (kith_search_full_text, 0011).
 */
export function tsQueriesSql(query: string): { strict: SQL; broad: SQL } {
  const cleaned = stripQueryNoise(query);
  const syntax = /"|(^|\s)-\S|\sor\s/i.test(cleaned);
  const terms = syntax ? [] : queryTerms(cleaned);
  // A known term matches any of its names ("k8s" or "Kubernetes"); the other words are needed as before.
  const rest = withoutTerms(cleaned, terms);
  const named = terms.map((t) => sql`(${sql.join([t.text, ...t.alternatives].map((name) => sql`plainto_tsquery('english', ${name})`), sql` || `)})`);
  const strict = terms.length === 0
    ? sql`websearch_to_tsquery('english', ${cleaned})`
    : sql`(websearch_to_tsquery('english', ${rest}) && ${sql.join(named, sql` && `)})`;
  if (syntax) return { strict, broad: sql`null::tsquery` };
  if (terms.length === 0) return { strict, broad: sql`replace((${strict})::text, ' & ', ' | ')::tsquery` };
  // relaxed word by word, but a term's form of several words stays whole ("raised money" is not any "raised")
  return { strict, broad: sql`(replace(websearch_to_tsquery('english', ${rest})::text, ' & ', ' | ')::tsquery || ${sql.join(named, sql` || `)})` };
}

/** The query whose words snippets highlight: every word that can match. */
function highlightQuerySql(query: string): SQL {
  const { strict, broad } = tsQueriesSql(query);
  return sql`coalesce(${broad}, ${strict})`;
}

/** The kinds to keep, or undefined when that is every kind (no filter). */
const narrowedKinds = (kinds?: readonly SearchKind[]): readonly SearchKind[] | undefined =>
  kinds && kinds.length > 0 && kinds.length < SEARCH_KINDS.length ? kinds : undefined;

const kindFilter = (column: SQL, kinds?: readonly SearchKind[]): SQL => {
  const kept = narrowedKinds(kinds);
  return kept ? sql`and ${column} in (${sql.join(kept.map((k) => sql`${k}`), sql`, `)})` : sql``;
};

export interface Candidate { documentId: string; score: number }

/** Narrowing of a search beyond kinds: a contact, a company, a period (`until` exclusive). */
export interface SearchFilters { contactId?: string; company?: string; since?: Date; until?: Date }

const hasFilters = (f: SearchFilters) => !!(f.contactId || f.company || f.since || f.until);

/**
 * The ids of the user's documents that pass the filters, or null when there is no filter. A
 * document's date is its interaction's date; contact notes and jobs count by their last change.
 * A company matches the contact's company or the job's company (case-insensitive, a part of it).
 * The candidate searches then look only at these documents, so a narrow filter never comes back
 * empty because its matches were ranked below the first few dozen of everyone's.
 */
export async function filteredDocuments(db: KithDb, userId: string, kinds: readonly SearchKind[] | undefined, filters: SearchFilters): Promise<string[] | null> {
  if (!hasFilters(filters)) return null;
  const company = filters.company ? `%${filters.company.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null;
  const rows = rowsOf<{ id: string }>(await db.execute(sql`
    select d.id from search_documents d
    left join crm_interactions i on d.source_kind = 'interaction' and i.id = d.source_id
    left join crm_contacts c on c.id = d.contact_id
    left join crm_opportunities o on o.id = d.opportunity_id
    where d.user_id = ${userId} ${kindFilter(sql`d.source_kind`, kinds)}
      ${filters.contactId ? sql`and d.contact_id = ${filters.contactId}` : sql``}
      ${company ? sql`and (c.company ilike ${company} or o.company_name ilike ${company})` : sql``}
      ${filters.since ? sql`and coalesce(i.interaction_date, d.updated_at) >= ${filters.since.toISOString()}::timestamptz` : sql``}
      ${filters.until ? sql`and coalesce(i.interaction_date, d.updated_at) < ${filters.until.toISOString()}::timestamptz` : sql``}`));
  return rows.map((r) => r.id);
}

/**
 * Documents matching the words, best first: those with every word, then those with some. Through
 * kith_search_full_text (migrations 0010, 0011), which reads the (user, tsv) GIN index for the
 * transaction's user: under row-level security a plain query could not use it and read every document.
 */
export async function fullTextCandidates(
  db: KithDb, userId: string, query: string, kinds: readonly SearchKind[] | undefined, n: number, options: { within?: string[] } = {},
): Promise<Candidate[]> {
  if (options.within) return fullTextWithin(db, query, options.within, n);
  const kept = narrowedKinds(kinds);
  const kindList = kept ? sql`array[${sql.join(kept.map((k) => sql`${k}`), sql`, `)}]::text[]` : sql`null::text[]`;
  const { strict, broad } = tsQueriesSql(query);
  const rows = rowsOf<{ id: string; rank: number }>(await db.execute(sql`
    select f.document_id as id, f.rank from kith_search_full_text(${userId}::uuid, ${strict}, ${broad}, ${kindList}, ${n}::int) f`));
  return rows.map((r) => ({ documentId: r.id, score: Number(r.rank) }));
}

/** As kith_search_full_text, among given documents (by primary key): every word first, then some. */
async function fullTextWithin(db: KithDb, query: string, within: string[], n: number): Promise<Candidate[]> {
  if (within.length === 0) return [];
  const { strict, broad } = tsQueriesSql(query);
  const rows = rowsOf<{ id: string; all_words: boolean; rank: number }>(await db.execute(sql`
    with q as (select ${strict} as strict, coalesce(${broad}, ${strict}) as broad)
    select d.id, d.tsv @@ q.strict as all_words, ts_rank(d.tsv, q.broad) as rank
    from search_documents d, q
    where d.id = any(${uuidArray(within)}::uuid[]) and d.tsv @@ q.broad
    order by 2 desc, 3 desc, 1 limit ${n}`));
  return rows.map((r) => ({ documentId: r.id, score: Number(r.rank) }));
}

/**
 * Nearest documents by cosine distance through the HNSW index of the vector's size in the user's
 * vector partition (an exact scan for sizes above 2000). pgvector 0.8 iterative scans keep the
 * index scan going until enough rows pass the user, model and kind filters, so another user's rows
 * cannot starve the results; relaxed order is re-sorted here. Score: cosine similarity. `exact` scans every vector of the user
 * instead (an expression no index serves; planner settings did not keep PGlite's PostgreSQL 18 off
 * the index): what the index's recall is measured against. The index scan orders by the selected
 * distance, so that the query vector is sent and parsed once, not twice (p50 36 against 47 ms, interleaved, load 12).
 */
export async function vectorCandidates(
  db: KithDb, userId: string, model: string, vector: number[], kinds: readonly SearchKind[] | undefined, n: number,
  options: { efSearch?: number; prepared?: boolean; exact?: boolean; within?: string[] } = {},
): Promise<Candidate[]> {
  const dims = vector.length;
  if (!Number.isInteger(dims) || dims <= 0) return [];
  if (options.within?.length === 0) return [];
  // among given documents: an exact scan of them (the index would walk past everything else)
  const exact = options.exact || !!options.within;
  const within = options.within ? sql`and e.document_id = any(${uuidArray(options.within)}::uuid[])` : sql``;
  const cast = dims <= MAX_INDEXED_DIMENSIONS ? `::vector(${dims})` : '::vector';
  const column = sql.raw(`(e.embedding${cast})`);
  const q = sql`${vectorLiteral(vector)}${sql.raw(cast)}`;
  if (!options.prepared) await setHnswScan(db, userId, options.efSearch);
  const rows = rowsOf<{ id: string; distance: number }>(await db.execute(sql`
    with nn as materialized (
      select e.document_id as id, ${column} <=> ${q} as distance
      from embeddings e
      where e.dimensions = ${sql.raw(String(dims))} and e.model = ${model} and e.user_id = ${userId} ${kindFilter(sql`e.source_kind`, kinds)} ${within}
      order by ${exact ? sql`(${column} <=> ${q}) + 0` : sql`distance`}
      limit ${n})
    select id, distance from nn order by distance, id`));
  return rows.map((r) => ({ documentId: r.id, score: 1 - Number(r.distance) }));
}

function hnswScanSettings(userId: string, efSearch?: number): SQL {
  const ef = efSearch !== undefined
    ? sql`${String(efSearch)}`
    : sql`case when to_regclass(${userVectorPartition(userId)}) is not null then ${String(EF_SEARCH.ownPartition)} else ${String(EF_SEARCH.shared)} end`;
  return sql`set_config('hnsw.iterative_scan', 'relaxed_order', true) || set_config('hnsw.ef_search', ${ef}, true)`;
}

async function setHnswScan(db: KithDb, userId: string, efSearch?: number): Promise<void> {
  await db.execute(sql`select ${hnswScanSettings(userId, efSearch)}`);
}

/**
 * Whether vectors can be searched in this database (pgvector and the embeddings table are there)
 * and, when they can, this transaction's HNSW scans set up for vectorCandidates(…, { prepared:
 * true }): one round trip for both, each of which is a fixed cost on PGlite.
 */
export async function prepareVectorSearch(db: KithDb, userId: string): Promise<boolean> {
  const [row] = rowsOf<{ ok: boolean }>(await db.execute(sql`
    select ok, case when ok then ${hnswScanSettings(userId)} end as settings
    from (select ${vectorTableExists} as ok) v`));
  return !!row?.ok;
}

/**
 * Reciprocal rank fusion: each list adds weight / (k + rank) for the documents it holds. Equal scores
 * keep the order of the earlier list (full-text first: a word match is the stronger evidence).
 */
export function reciprocalRankFusion(lists: Candidate[][], k = FUSION.k, weights: number[] = []): Candidate[] {
  const scores = new Map<string, { score: number; first: number }>();
  lists.forEach((list, l) => list.forEach((c, i) => {
    const entry = scores.get(c.documentId) ?? { score: 0, first: l * 1e6 + i };
    entry.score += (weights[l] ?? 1) / (k + i + 1);
    scores.set(c.documentId, entry);
  }));
  return [...scores.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)
    .map(([documentId, e]) => ({ documentId, score: e.score }));
}

/** Vector matches close enough to the best one (and to the embedder's floor) to be about the query. */
export function aboveFloor(nearest: Candidate[], minSimilarity: number, relativeFloor = FUSION.relativeFloor): Candidate[] {
  const floor = Math.max(minSimilarity, (nearest[0]?.score ?? 0) * relativeFloor);
  return nearest.filter((c) => c.score >= floor);
}

/** Full-text and vector candidates fused into one ranking. */
export function fuseRankings(fullText: Candidate[], nearest: Candidate[] | null, params: FusionParams = FUSION): Candidate[] {
  return nearest ? reciprocalRankFusion([fullText, nearest], params.k, [1, params.vectorWeight]) : reciprocalRankFusion([fullText], params.k);
}

/** The -word and -"phrase" parts of a query, which the vector side must honour too. */
export function negatedTerms(query: string): string[] {
  return [...query.matchAll(/(?:^|\s)-("[^"]+"|[^\s"]+)/g)].map((m) => m[1]);
}

/** The query without its -word parts (what is embedded). */
export function positivePart(query: string): string {
  return query.replace(/(?:^|\s)-("[^"]+"|[^\s"]+)/g, ' ').trim() || query;
}

/** Of these documents, those that contain a negated word or phrase. */
export async function documentsMatchingAny(db: KithDb, documentIds: string[], terms: string[]): Promise<Set<string>> {
  if (documentIds.length === 0 || terms.length === 0) return new Set();
  const rows = rowsOf<{ id: string }>(await db.execute(sql`
    select id from search_documents
    where id in (${sql.join(documentIds.map((id) => sql`${id}::uuid`), sql`, `)})
      and tsv @@ websearch_to_tsquery('english', ${terms.join(' or ')})`));
  return new Set(rows.map((r) => r.id));
}

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  snippet: string;
  score: number;
  contact: { id: string; name: string } | null;
  opportunity: { id: string; company_name: string; job_title: string | null } | null;
  relevance?: Relevance;
}

const TYPE_LABELS: Record<string, string> = {
  email: 'Email', call: 'Call', meeting: 'Meeting', linkedin_message: 'LinkedIn message', coffee_chat: 'Coffee chat',
};

/** Matched words are wrapped in « and » in snippets. */
export const HIGHLIGHT_OPEN = '«';
export const HIGHLIGHT_CLOSE = '»';

/** The records behind fused documents, with a highlighted snippet, in the fused order (kith_search_hits, 0015). */
export async function loadHits(db: KithDb, query: string, ranked: Candidate[], tz: string, labels?: Map<string, Relevance>): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const rows = rowsOf<{
    id: string; source_kind: SearchKind; source_id: string; title: string; snippet: string;
    contact_id: string | null; first_name: string | null; last_name: string | null; company: string | null;
    opportunity_id: string | null; company_name: string | null; job_title: string | null;
    interaction_type: string | null; interaction_date: string | Date | null; subject: string | null;
  }>(await db.execute(sql`
    select * from kith_search_hits(${uuidArray(ranked.map((r) => r.documentId))}::uuid[], ${highlightQuerySql(query)})`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits: SearchHit[] = [];
  for (const r of ranked) {
    const row = byId.get(r.documentId);
    if (!row) continue;
    const name = row.contact_id ? `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim() : null;
    let title = row.title;
    if (row.source_kind === 'interaction') {
      const label = TYPE_LABELS[row.interaction_type ?? ''] ?? 'Interaction';
      const what = `${label}${name ? ` with ${name}` : ''}${row.interaction_date ? ` on ${dayOf(new Date(row.interaction_date), tz)}` : ''}`;
      title = row.subject?.trim() ? `${row.subject.trim()} (${what})` : what;
    } else if (row.source_kind === 'contact') {
      title = `${name ?? row.title}${row.company ? ` (${row.company})` : ''}`;
    } else {
      title = row.job_title ? `${row.job_title} at ${row.company_name}` : (row.company_name ?? row.title);
    }
    hits.push({
      kind: row.source_kind,
      id: row.source_id,
      title,
      snippet: row.snippet,
      score: Math.round(r.score * 1e6) / 1e6,
      contact: row.contact_id ? { id: row.contact_id, name: name ?? '' } : null,
      opportunity: row.opportunity_id ? { id: row.opportunity_id, company_name: row.company_name ?? '', job_title: row.job_title } : null,
      ...(labels?.has(r.documentId) ? { relevance: labels.get(r.documentId) } : {}),
    });
  }
  return hits;
}

/**
 * How a hit stands to the question asked: `answer` (its text covers the question's topic, or most
 * of it and more than any other hit does), `mention` (some of the topic, less than the answer), or
 * `weak` (none of the topic's words or their other forms: found by meaning alone, or by a word the
 * question only wraps the topic in).
 */
export type Relevance = 'answer' | 'mention' | 'weak';
export const RELEVANCES = ['answer', 'mention', 'weak'] as const;

/** One part of a question's topic: a word, or a known term with its other forms ("k8s", "Kubernetes"). */
export interface TopicGroup {
  text: string;
  forms: string[];
  /** a job opening is this by being one ("hiring") */
  byJobs?: boolean;
  /** a known term (a skill or a topic of topic-words.ts), not a plain word of the question */
  term?: boolean;
}

/**
 * A question's topic, in parts: its known terms (skills and the CRM's topics, each with every form
 * it is written in, one part per entry) and its other content words (question words, the CRM's own
 * nouns and light verbs left out: topic-words.ts). "which founder recently got money from
 * investors?" is founder, and funding (money, investors, Series A, seed round, …).
 */
export function topicGroups(question: string): TopicGroup[] {
  const terms = queryTerms(question);
  const groups: TopicGroup[] = [];
  const seen = new Set<string>();
  const add = (g: TopicGroup) => {
    const key = [...new Set(g.forms.map((f) => f.toLowerCase()))].sort().join('|');
    if (seen.has(key)) return;
    seen.add(key);
    groups.push(g);
  };
  for (const t of terms) {
    const forms = [t.text, ...t.alternatives];
    add({ text: t.text, forms, term: true, ...(forms.some((f) => f.toLowerCase() === HIRING_TOPIC) ? { byJobs: true } : {}) });
  }
  for (const w of topicWordsOf(withoutTerms(question, terms))) add({ text: w, forms: [w] });
  return groups;
}

/** Which parts of the topic each document has (null: a part no text can have, e.g. a stop word alone). */
export async function topicCoverage(db: KithDb, documentIds: string[], groups: TopicGroup[]): Promise<Map<string, Array<boolean | null>>> {
  if (documentIds.length === 0 || groups.length === 0) return new Map();
  const escape = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tests = groups.map((g) => {
    const job = g.byJobs ? sql`when d.source_kind = 'opportunity' then true ` : sql``;
    // a form of one word by its stem ("raising" is "raise"); one of several words as written, a plural allowed
    // ("moving to" is not any "moved", "will be in" is not nothing)
    const words = g.forms.filter((f) => !f.includes(' '));
    const phrases = g.forms.filter((f) => f.includes(' '));
    const q = words.length > 0 ? sql`(${sql.join(words.map((f) => sql`plainto_tsquery('english', ${f})`), sql` || `)})` : sql`''::tsquery`;
    const phrase = phrases.length > 0
      ? sql` or (d.title || ' ' || d.content) ~* ${`\\m(?:${phrases.map(escape).join('|')})(?:s|es)?\\M`}`
      : sql``;
    return phrases.length > 0
      ? sql`case ${job}when true then ((numnode(${q}) > 0 and d.tsv @@ ${q})${phrase}) end`
      : sql`case ${job}when numnode(${q}) = 0 then null else d.tsv @@ ${q} end`;
  });
  const rows = rowsOf<{ id: string; covered: Array<boolean | null> | string }>(await db.execute(sql`
    select d.id, array[${sql.join(tests, sql`, `)}]::boolean[] as covered from search_documents d where d.id = any(${uuidArray(documentIds)}::uuid[])`));
  const parse = (v: Array<boolean | null> | string): Array<boolean | null> =>
    Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').map((x) => (x === 't' ? true : x === 'f' ? false : null));
  return new Map(rows.map((r) => [r.id, parse(r.covered)]));
}

/** A vector match this close, and clearly closer than the next, answers a question no note shares a word with. */
export const VECTOR_ANSWER = { minSimilarity: 0.4, margin: 0.05 } as const;

/**
 * The labels of ranked hits (best first): the share of the topic's parts each covers decides; among
 * hits covering the same share, the closest by meaning (then the first ranked) leads. The best
 * covered is the answer when it covers at least half of the topic, or when it is also the closest
 * by meaning; others that cover all of it are answers too, those covering less are mentions, and
 * none is weak. When no hit shares a part, the closest by meaning is the answer only when it is
 * close (VECTOR_ANSWER); the rest are weak.
 */
export function labelRelevance(
  ranked: Array<{ documentId: string; covered?: Array<boolean | null>; similarity?: number | null }>,
): Map<string, Relevance> {
  const labels = new Map<string, Relevance>();
  if (ranked.length === 0) return labels;
  const parts = Math.max(0, ...ranked.map((r) => r.covered?.length ?? 0));
  const meaningful = Array.from({ length: parts }, (_, i) => ranked.some((r) => r.covered?.[i] !== null && r.covered?.[i] !== undefined));
  const counted = meaningful.filter(Boolean).length;
  const share = (r: (typeof ranked)[number]) => (counted === 0 ? 0 : (r.covered ?? []).filter((c, i) => meaningful[i] && c === true).length / counted);
  const shares = ranked.map(share);
  const best = Math.max(...shares);
  const byMeaning = [...ranked].filter((r) => typeof r.similarity === 'number').sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0));
  const closest = byMeaning[0];
  if (best > 0) {
    // equal in words, meaning decides: the closest by meaning of the best covered, else the first ranked
    const tied = ranked.map((r, i) => ({ r, i })).filter(({ i }) => shares[i] === best);
    const nearestTied = tied.filter(({ r }) => typeof r.similarity === 'number').sort((a, b) => (b.r.similarity ?? 0) - (a.r.similarity ?? 0))[0];
    const first = (nearestTied ?? tied[0]).i;
    ranked.forEach((r, i) => {
      const s = shares[i];
      if (s === 0) labels.set(r.documentId, 'weak');
      else if (i === first) labels.set(r.documentId, best >= 0.5 || closest?.documentId === r.documentId ? 'answer' : 'mention');
      else labels.set(r.documentId, s === best && best === 1 ? 'answer' : 'mention');
    });
    return labels;
  }
  const second = byMeaning[1]?.similarity ?? 0;
  const sure = !!closest && (closest.similarity ?? 0) >= VECTOR_ANSWER.minSimilarity && (closest.similarity ?? 0) - second >= VECTOR_ANSWER.margin;
  for (const r of ranked) labels.set(r.documentId, sure && r.documentId === closest.documentId ? 'answer' : 'weak');
  return labels;
}
