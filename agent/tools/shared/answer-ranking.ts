import type { Relevance, TopicGroup } from './hybrid-search.js';

/**
 * How hits are weighed against a question when the sentence encoder's similarity between the
 * question and each hit is known. The encoder is the judge of meaning; the words it cannot see as
 * alike add to it: a known term (a skill or a topic of topic-words.ts, each with every form people
 * write it in) is strong evidence, a plain word of the question found in the note is weak evidence
 * (the encoder already sees a shared word, and a shared word is often another sense of it: "the
 * board of a food bank" for "board games", "the project is a dog" for "a new dog"). Each weight is
 * what a hit covering every part of the topic gets, shared out over the parts.
 *
 * `margin`: how far ahead of the next hit the first must be to be called the answer when it covers
 * less than half of the topic's parts (the encoder's similarities of a right and a wrong note that
 * share a word are often within a few hundredths). `alsoWithin`: another hit that covers every part
 * is an answer too while its similarity is at most this far below the first's.
 * Calibrated on agent/fixtures/search-answers-10.jsonl and search-questions-10.jsonl (seen sets).
 */
export const ANSWER_WEIGHTS = { term: 0.2, word: 0.1, margin: 0.05, alsoWithin: 0.1 } as const;

export interface AnswerCandidate {
  documentId: string;
  /** Per topic group: whether the document has it (null: a part no text can have). */
  covered?: Array<boolean | null>;
  /** Cosine similarity of the question's and the document's vectors. */
  similarity: number;
}

export interface RankedAnswer { documentId: string; score: number; relevance: Relevance }

/**
 * The hits in the order they answer the question, each labelled: the first is the `answer` when it
 * covers at least half of the topic or is clearly ahead of the next; then every other hit that
 * covers the whole topic and is about as close in meaning is an answer too, the others that cover a
 * part are mentions, the rest weak. A first that is not clearly ahead is a mention when it covers
 * a part (weak otherwise), and everything after it weak: the reply names it as the nearest only.
 */
export function rankAnswers(candidates: AnswerCandidate[], groups: TopicGroup[], weights = ANSWER_WEIGHTS): RankedAnswer[] {
  if (candidates.length === 0) return [];
  const parts = groups.length;
  const meaningful = Array.from({ length: parts }, (_, i) => candidates.some((c) => c.covered?.[i] === true || c.covered?.[i] === false));
  const counted = meaningful.filter(Boolean).length;
  const scored = candidates.map((c, order) => {
    let bonus = 0;
    let hits = 0;
    for (let i = 0; i < parts; i++) {
      if (!meaningful[i] || c.covered?.[i] !== true) continue;
      hits++;
      bonus += groups[i].term ? weights.term : weights.word;
    }
    const share = counted === 0 ? 0 : hits / counted;
    return { c, order, share, score: c.similarity + (counted === 0 ? 0 : bonus / counted) };
  });
  // best first; equal scores keep the fused order
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const [first, second] = scored;
  const sure = first.share >= 0.5 || !second || first.score - second.score >= weights.margin;
  return scored.map((s, i) => {
    let relevance: Relevance;
    if (i === 0) relevance = sure ? 'answer' : s.share > 0 ? 'mention' : 'weak';
    else if (!sure) relevance = 'weak';
    else if (s.share === 1 && s.c.similarity >= first.c.similarity - weights.alsoWithin) relevance = 'answer';
    else relevance = s.share > 0 ? 'mention' : 'weak';
    return { documentId: s.c.documentId, score: s.score, relevance };
  });
}
