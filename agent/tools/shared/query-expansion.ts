import { defaultSkillMatcher } from './find-skills.js';

/** A term of a search query that the skill vocabulary knows, with the other ways people write it. */
export interface QueryTerm { text: string; start: number; end: number; alternatives: string[] }

/** Enough of a term's synonyms to find it written out, not so many that the query matches noise. */
const MAX_ALTERNATIVES = 8;

/**
 * The query's known terms (technologies, tools, methods, roles, with their abbreviations: the
 * vocabulary of agent/tools/shared/skill-vocabulary.ts) and, for each, its other names: "k8s" is
 * also "Kubernetes", "GCP" is "Google Cloud". Search looks for any of them, so a note that spells
 * a thing out is found by its abbreviation and the other way round.
 */
export function queryTerms(query: string): QueryTerm[] {
  const matcher = defaultSkillMatcher();
  const bySpan = new Map<string, QueryTerm>();
  for (const hit of matcher.find(query)) {
    const entry = matcher.entry(hit.skill);
    if (!entry) continue;
    const text = query.slice(hit.start, hit.end);
    const key = `${hit.start}:${hit.end}`;
    const term = bySpan.get(key) ?? { text, start: hit.start, end: hit.end, alternatives: [] };
    for (const name of [entry.name, ...entry.aliases.map((a) => a.replace(/^=/, ''))]) {
      if (name.toLowerCase() !== text.toLowerCase() && !term.alternatives.some((a) => a.toLowerCase() === name.toLowerCase())) term.alternatives.push(name);
    }
    term.alternatives = term.alternatives.slice(0, MAX_ALTERNATIVES);
    bySpan.set(key, term);
  }
  return [...bySpan.values()].sort((a, b) => a.start - b.start);
}

/** The query without its known terms (what full-text search still needs every word of). */
export function withoutTerms(query: string, terms: QueryTerm[]): string {
  let rest = query;
  for (const t of [...terms].sort((a, b) => b.start - a.start)) rest = `${rest.slice(0, t.start)} ${rest.slice(t.end)}`;
  return rest.replace(/\s+/g, ' ').trim();
}

/** The text the sentence encoder embeds for a query: the query, then the canonical names of its terms. */
export function queryForEmbedding(query: string): string {
  const names = [...new Set(queryTerms(query).map((t) => t.alternatives[0]).filter(Boolean))];
  return names.length > 0 ? `${query} (${names.join(', ')})` : query;
}
