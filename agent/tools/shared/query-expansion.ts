import { createSkillMatcher, defaultSkillMatcher, type SkillMatcher } from './find-skills.js';
import { TOPIC_WORDS, topicWordsOf } from './topic-words.js';

/** A term of a search query that the skill vocabulary knows, with the other ways people write it. */
export interface QueryTerm { text: string; start: number; end: number; alternatives: string[] }

/** Enough of a term's synonyms to find it written out, not so many that the query matches noise. */
const MAX_ALTERNATIVES = 8;
/** A topic of the CRM's lexicon keeps all its forms: each is a way people say that one thing. */
const MAX_TOPIC_ALTERNATIVES = 40;

let topics: SkillMatcher | undefined;
const topicMatcher = (): SkillMatcher => (topics ??= createSkillMatcher(TOPIC_WORDS));

/** The terms one matcher finds, each with the other names of its entry. */
function termsOf(matcher: SkillMatcher, query: string, max: number): QueryTerm[] {
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
    term.alternatives = term.alternatives.slice(0, max);
    bySpan.set(key, term);
  }
  return [...bySpan.values()];
}

/**
 * The query's known terms (technologies, tools, methods, roles, with their abbreviations: the
 * vocabulary of agent/tools/shared/skill-vocabulary.ts) and, for each, its other names: "k8s" is
 * also "Kubernetes", "GCP" is "Google Cloud". Search looks for any of them, so a note that spells
 * a thing out is found by its abbreviation and the other way round. Then the CRM's topics of
 * topic-words.ts where no skill is named: "raised money" is also "Series A", "WFH" is "remote".
 */
export function queryTerms(query: string): QueryTerm[] {
  const skills = termsOf(defaultSkillMatcher(), query, MAX_ALTERNATIVES);
  const overlaps = (a: QueryTerm, b: QueryTerm) => a.start < b.end && b.start < a.end;
  const extra: QueryTerm[] = [];
  for (const t of termsOf(topicMatcher(), query, MAX_TOPIC_ALTERNATIVES)) {
    // the same words as a skill ("healthcare"): one term with the forms of both
    const same = skills.find((s) => s.start === t.start && s.end === t.end);
    if (same) same.alternatives.push(...t.alternatives.filter((a) => !same.alternatives.some((b) => b.toLowerCase() === a.toLowerCase())));
    else if (!skills.some((s) => overlaps(s, t))) extra.push(t);
  }
  return [...skills, ...extra].sort((a, b) => a.start - b.start);
}

/** The query without its known terms (what full-text search still needs every word of). */
export function withoutTerms(query: string, terms: QueryTerm[]): string {
  let rest = query;
  for (const t of [...terms].sort((a, b) => b.start - a.start)) rest = `${rest.slice(0, t.start)} ${rest.slice(t.end)}`;
  return rest.replace(/\s+/g, ' ').trim();
}

/** The text the sentence encoder embeds for a query: the query, then the canonical names of its terms. */
export function queryForEmbedding(query: string): string {
  // the encoder knows everyday words; only the technical names are spelt out for it
  const names = [...new Set(termsOf(defaultSkillMatcher(), query, MAX_ALTERNATIVES).map((t) => t.alternatives[0]).filter(Boolean))];
  return names.length > 0 ? `${query} (${names.join(', ')})` : query;
}

/**
 * The topic of a question, as a search query: its known terms as written ("k8s", "work from home",
 * "Series A") and its other words without the ones that only frame the question (question words,
 * the CRM's nouns, light verbs: topic-words.ts). "is anyone planning to quit their job?" → "quit";
 * "which of the jobs lets me WFH?" → "WFH". Empty when nothing is left.
 */
export function topicQuery(question: string): string {
  const terms = queryTerms(question);
  const parts: Array<{ at: number; text: string }> = terms.map((t) => ({ at: t.start, text: t.text }));
  let from = 0;
  for (const t of [...terms, { start: question.length, end: question.length }]) {
    const gap = question.slice(from, t.start);
    let offset = from;
    for (const w of topicWordsOf(gap)) {
      const at = question.indexOf(w, offset);
      parts.push({ at, text: w });
      offset = at + w.length;
    }
    from = t.end;
  }
  return parts.sort((a, b) => a.at - b.at).map((p) => p.text).join(' ').trim();
}
