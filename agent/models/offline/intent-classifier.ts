import { createHash } from 'node:crypto';
import { stem } from '../../embeddings/offline-embedder.js';
import type { IntentExamples } from './intent-examples.js';
import { emailAt, replaceSpans, type SpanFinder } from '../../tools/shared/text-spans.js';

/** What the classifier needs of the shared sentence encoder (agent/embeddings): vectors for texts. */
export interface SentenceEncoder {
  embed(texts: string[], options?: { priority?: 'interactive' | 'background' }): Promise<number[][]>;
  /** Names the vectors (with `dimensions`), for the cache of the examples' vectors. */
  readonly model?: string;
  readonly dimensions?: number;
}

/** Where the examples' vectors are kept between processes (see intent-vectors.ts). */
export interface ExampleVectorCache {
  read(key: string): number[][] | null;
  write(key: string, vectors: number[][]): void;
}

export interface IntentScore {
  intent: string;
  score: number;
}

export interface IntentClassifier {
  /** For each text, every intent with its score, best first. Deterministic for the same inputs. */
  classify(texts: string[]): Promise<IntentScore[][]>;
}

export interface IntentClassifierOptions {
  examples: IntentExamples;
  /** The shared sentence encoder; without one the classifier reads words only. */
  encoder?: SentenceEncoder;
  /** Weight of the encoder's similarity against the lexical one (default 0.6 when there is an encoder). */
  semanticWeight?: number;
  /**
   * Ask the encoder only about sentences the words leave unsure (default true): a clear "log a call
   * with Dana" costs no model call, which keeps a one-shot command and a turn fast.
   */
  encoderWhenUnsure?: boolean;
  cache?: ExampleVectorCache;
}

/** Words alone decide when the best intent scores this much and leads the next by this much. */
export const LEXICAL_SURE = 0.5;
export const LEXICAL_LEAD = 0.15;

type Sparse = Map<string, number>;

// Words that carry no intent; "with", "to", "about" and question words do, so they stay.
const MONEY = /^\$?\d[\d,.]*\s*k\b/i;

/**
 * The first amount in thousands ("$150k", "120 K") at or after `from`, as /\$?\d[\d,.]*\s*k\b/gi
 * finds it: tried where each number starts (with its "$"), since one found later in a number is
 * found from its start too, and a search from each digit would rescan a long number.
 */
const moneyAt: SpanFinder = (text, from) => {
  const runs = /[\d,.]+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(text); run; run = runs.exec(text)) {
    const digit = run[0].search(/\d/);
    if (digit < 0) continue;
    const at = run.index + digit;
    const index = digit === 0 && at > from && text[at - 1] === '$' ? at - 1 : at;
    const m = MONEY.exec(text.slice(index));
    if (m) return { index, end: index + m[0].length };
  }
  return null;
};

const FILLER = new Set('a an the my our your please just kith hey hi ok okay so also really very quick quickly'.split(' '));

/**
 * The words of a sentence as the classifier sees them: lower case, stemmed, with the particular
 * values (names, companies, emails, links, numbers) replaced by what they are. "Log a call with
 * Dana Whitfield" and "log a call with Omar" are then the same sentence.
 */
export function intentTokens(text: string): string[] {
  const links = text.replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' LINKVAL ');
  const t = replaceSpans(replaceSpans(links, [emailAt], ' EMAILVAL '), [moneyAt], ' MONEYVAL ')
    .replace(/\d+(?:st|nd|rd|th)?/gi, ' NUMVAL ');
  const out: string[] = [];
  const raw = t.match(/[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]*|[?:]/g) ?? [];
  raw.forEach((w, i) => {
    if (w === 'LINKVAL' || w === 'EMAILVAL' || w === 'MONEYVAL' || w === 'NUMVAL') return void out.push(w.toLowerCase());
    if (w === '?' || w === ':') return void out.push(w);
    const bare = w.replace(/['’]s$/i, '');
    const lower = bare.toLowerCase();
    // A capitalized word inside the sentence is a name of someone or something: what it is matters, not which.
    if (i > 0 && /^[A-ZÀ-Ý]/.test(bare) && !COMMON.has(lower)) {
      const token = /['’]s$/i.test(w) ? 'nameposs' : 'nameval';
      // "Dana Whitfield" is one name, as "Omar" is
      if (out[out.length - 1] === 'nameval') out[out.length - 1] = token;
      else out.push(token);
      return;
    }
    if (FILLER.has(lower)) return;
    out.push(stem(lower.replace(/['’]/g, '')));
  });
  return out;
}

// Capitalized words that are still ordinary words (weekdays, months, pronoun "I", product words).
const COMMON = new Set(`i monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december linkedin zoom slack crm`.split(/\s+/));

function features(text: string): Sparse {
  const tokens = intentTokens(text);
  const f: Sparse = new Map();
  const add = (k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);
  tokens.forEach((tok, i) => {
    add(`w:${tok}`, 1);
    if (i > 0) add(`b:${tokens[i - 1]}_${tok}`, 0.7);
    if (i === 0) add(`first:${tok}`, 0.8);
  });
  if (/\?\s*$/.test(text)) add('q:mark', 0.5);
  return f;
}

function normalize(v: Sparse): Sparse {
  let n = 0;
  for (const x of v.values()) n += x * x;
  n = Math.sqrt(n) || 1;
  for (const [k, x] of v) v.set(k, x / n);
  return v;
}

const sparseDot = (a: Sparse, b: Sparse): number => {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) {
    const y = big.get(k);
    if (y !== undefined) s += x * y;
  }
  return s;
};

function dense(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
}
const denseDot = (a: number[], b: number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Mean of the k best similarities: one stray example close to a sentence does not decide alone. */
function topMean(values: number[], k: number): number {
  const top = [...values].sort((x, y) => y - x).slice(0, k);
  return top.length ? top.reduce((s, x) => s + x, 0) / top.length : 0;
}

/**
 * A nearest-neighbour classifier over example utterances: TF-IDF weighted words and word pairs
 * (with names and values abstracted), plus, when the shared sentence encoder is given, the cosine
 * similarity of its vectors. Trained at construction from the example files; the encoder's
 * vectors of the examples are computed once, on first use, and kept.
 */
export function createIntentClassifier(options: IntentClassifierOptions): IntentClassifier {
  const entries = Object.entries(options.examples).flatMap(([intent, lines]) => lines.map((text) => ({ intent, text })));
  const intents = Object.keys(options.examples);
  const raw = entries.map((e) => features(e.text));
  const df = new Map<string, number>();
  for (const f of raw) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = (k: string) => Math.log((entries.length + 1) / ((df.get(k) ?? 0) + 1)) + 1;
  const weigh = (f: Sparse): Sparse => normalize(new Map([...f].map(([k, x]) => [k, (1 + Math.log(x)) * idf(k)])));
  const lexical = raw.map(weigh);
  const encoder = options.encoder;
  const semanticWeight = encoder ? options.semanticWeight ?? 0.6 : 0;
  let exampleVectors: Promise<number[][]> | null = null;
  const cache = new Map<string, IntentScore[]>();
  const cacheKey = `${encoder?.model ?? 'encoder'}:${encoder?.dimensions ?? 0}:${exampleHash(entries)}`;

  // The examples' vectors: from the cache when they were computed for these examples and this model, else once per process.
  const examplesEmbedded = (): Promise<number[][]> => (exampleVectors ??= (async () => {
    const cached = options.cache?.read(cacheKey);
    if (cached && cached.length === entries.length) return cached.map(dense);
    const vs = (await encoder!.embed(entries.map((e) => e.text), { priority: 'background' })).map(dense);
    options.cache?.write(cacheKey, vs);
    return vs;
  })());

  const rank = (text: string, vector: number[] | null, examples: number[][] | null, weight: number): IntentScore[] => {
    const f = weigh(features(text));
    const byIntent = new Map<string, number[]>(intents.map((i) => [i, []]));
    entries.forEach((e, j) => {
      const lex = sparseDot(f, lexical[j]);
      const sem = vector && examples ? denseDot(vector, examples[j]) : 0;
      byIntent.get(e.intent)!.push((1 - weight) * lex + weight * sem);
    });
    return intents
      .map((intent) => ({ intent, score: 0.6 * topMean(byIntent.get(intent)!, 1) + 0.4 * topMean(byIntent.get(intent)!, 3) }))
      .sort((a, b) => b.score - a.score || a.intent.localeCompare(b.intent));
  };

  async function score(texts: string[]): Promise<IntentScore[][]> {
    const lexicalOnly = texts.map((t) => rank(t, null, null, 0));
    if (!encoder) return lexicalOnly;
    const unsure = texts.map((_, i) => i).filter((i) => options.encoderWhenUnsure === false
      || lexicalOnly[i][0].score < LEXICAL_SURE || lexicalOnly[i][0].score - (lexicalOnly[i][1]?.score ?? 0) < LEXICAL_LEAD);
    if (unsure.length === 0) return lexicalOnly;
    const [examples, vectors] = await Promise.all([examplesEmbedded(), encoder.embed(unsure.map((i) => texts[i]), { priority: 'interactive' })]);
    unsure.forEach((i, k) => { lexicalOnly[i] = rank(texts[i], dense(vectors[k]), examples, semanticWeight); });
    return lexicalOnly;
  }

  return {
    async classify(texts) {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length > 0) {
        const scored = await score(missing);
        missing.forEach((t, i) => {
          if (cache.size > 500) cache.delete(cache.keys().next().value!);
          cache.set(t, scored[i]);
        });
      }
      return texts.map((t) => cache.get(t)!);
    },
  };
}

/** Names one set of examples: vectors cached for other examples are not used. */
function exampleHash(entries: Array<{ intent: string; text: string }>): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${e.intent}\t${e.text}\n`);
  return h.digest('hex').slice(0, 16);
}
