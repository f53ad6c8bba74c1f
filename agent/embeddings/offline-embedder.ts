import type { Embedder } from './embedder.js';
import { FeatureCounts } from './feature-counts.js';

/**
 * The built-in offline embedder: deterministic, no model, no network. It is LEXICAL, not semantic:
 * a text becomes a feature-hashed bag of
 *   - word stems (a light suffix stripper, so "migrating", "migration" and "migrated" meet),
 *   - stem bigrams (word order a little),
 *   - character 3- to 5-grams of each word (so "Postgres" meets "PostgreSQL", and typos still match),
 * each with sublinear term frequency (1 + ln tf), each group L2-normalized and weighted, the sum
 * L2-normalized (so cosine similarity is a dot product). It finds notes that share words, word
 * forms and word pieces with the query; it does not know that "k8s" means Kubernetes or that
 * "raising a seed round" is about fundraising. Use an OpenAI or Ollama model for that.
 */
export interface OfflineEmbedderOptions {
  dimensions?: number;
}

export const OFFLINE_EMBEDDER_VERSION = 'hash-v1';

const GROUP_WEIGHTS = { word: 0.8, bigram: 0.4, chars: 1.0 } as const;

/** English function words plus the words people wrap a search in ("who did I talk to about ..."). */
const STOPWORDS = new Set(`a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves also get got via per
talk talked talking spoke speak discuss discussed discussing mention mentioned mentions mentioning find show list tell
note notes anyone someone anything something`.split(/\s+/));

// Order matters: the longest ending first. "migrations", "migration", "migrating", "migrated" and
// "migrate" all become "migrat".
const SUFFIXES = ['ments', 'ment', 'ness', 'ings', 'ing', 'ions', 'ion', 'ers', 'er', 'ies', 'ied', 'ed', 'es', 'ly', 's', 'e'];

/** A light stemmer: strips one common English suffix, keeping at least three letters. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length);
    if (base.length < 3) continue;
    if (suffix === 's' && (base.endsWith('s') || base.endsWith('u') || base.endsWith('i'))) continue; // class, status, analysis
    if (suffix === 'ies' || suffix === 'ied') return base + 'y';
    return base;
  }
  return word;
}

/** Lower-cases, strips accents and splits into words (keeping c++, c#, node.js-like tokens whole). */
export function words(text: string): string[] {
  const normalized = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return normalized.match(/[a-z0-9]+(?:[+#]+|(?:[.][a-z0-9]+)+)?/g) ?? [];
}

/** The stems of a text's content words (no stopwords): what "sharing a word" means in the benchmark's relevance set. */
export function contentStems(text: string): Set<string> {
  return new Set(words(text).filter((w) => !STOPWORDS.has(w)).map(stem));
}

function fnv1a(s: string, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche (murmur3 fmix32): the low bits pick the dimension
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

/** Scratch tables of offlineVector, which runs start to end without yielding: one set serves every call. */
const scratch = { unigrams: new FeatureCounts(256), bigrams: new FeatureCounts(256), chars: new FeatureCounts(4096) };

/** Longer character n-grams say more: a 3-gram like "ber" is shared by unrelated words. */
const NGRAM_WEIGHTS = [0, 0, 0, 0.5, 0.8, 1] as const;

function mix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b); h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Adds a group of features, each spread over `spread` signed positions (a count sketch): a word
 * that collides with another word then shares only part of its weight, which keeps one-word
 * queries from matching an unrelated note by a single unlucky collision.
 */
function accumulate(target: Float64Array, counts: FeatureCounts, weight: number, spread = 1): void {
  if (counts.size === 0) return;
  const d = target.length;
  const sublinear = (tf: number) => (tf >= 1 ? 1 + Math.log(tf) : tf);
  let norm = 0;
  for (let i = 0; i < counts.size; i++) {
    const w = sublinear(counts.countAt(i));
    norm += w * w;
  }
  const scale = weight / Math.sqrt(norm) / Math.sqrt(spread);
  for (let i = 0; i < counts.size; i++) {
    const w = sublinear(counts.countAt(i));
    let h = counts.hashAt(i);
    for (let k = 0; k < spread; k++) {
      const sign = h & 0x80000000 ? -1 : 1;
      target[h % d] += sign * w * scale;
      h = mix(h + 0x9e3779b9);
    }
  }
}

/** What one word contributes, whatever the text: its stem, the stem's hash, its character n-grams. */
interface WordFeatures { stem: string; stemHash: number; chars: number[]; charWeights: number[] }

/**
 * Word features by word: a text repeats the words of other texts (and of itself), and hashing every
 * character n-gram of every word again was most of the embedder's time. Bounded; cleared when full.
 */
const wordCache = new Map<string, WordFeatures>();
const WORD_CACHE_SIZE = 50_000;

function wordFeatures(token: string): WordFeatures {
  let f = wordCache.get(token);
  if (f) return f;
  const s = stem(token);
  f = { stem: s, stemHash: fnv1a(s, 0, s.length, 1), chars: [], charWeights: [] };
  if (token.length >= 3) {
    const padded = '<' + token + '>';
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        f.chars.push(fnv1a(padded, i, i + n, 3 + n));
        f.charWeights.push(NGRAM_WEIGHTS[n]);
      }
    }
  }
  if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
  wordCache.set(token, f);
  return f;
}

/** The vector of one text (exported for tests and the benchmark). */
export function offlineVector(text: string, dimensions: number): number[] {
  const tokens = words(text).filter((w) => !STOPWORDS.has(w));
  const { unigrams, bigrams, chars } = scratch;
  unigrams.clear();
  bigrams.clear();
  chars.clear();
  let previous: string | null = null;
  for (const token of tokens) {
    const f = wordFeatures(token);
    const s = f.stem;
    unigrams.add(f.stemHash);
    if (previous) {
      const pair = previous + ' ' + s;
      bigrams.add(fnv1a(pair, 0, pair.length, 2));
    }
    previous = s;
    for (let i = 0; i < f.chars.length; i++) chars.add(f.chars[i], f.charWeights[i]);
  }
  const v = new Float64Array(dimensions);
  accumulate(v, unigrams, GROUP_WEIGHTS.word, 4);
  accumulate(v, bigrams, GROUP_WEIGHTS.bigram, 2);
  accumulate(v, chars, GROUP_WEIGHTS.chars);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += v[i] * v[i];
  const out = new Array<number>(dimensions);
  if (norm === 0) {
    // nothing but stopwords: a fixed unit vector, so the column stays valid
    for (let i = 0; i < dimensions; i++) out[i] = i === 0 ? 1 : 0;
    return out;
  }
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) out[i] = Math.round(v[i] * inv * 1e6) / 1e6;
  return out;
}

export function createOfflineEmbedder(options: OfflineEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 384;
  return {
    id: `offline:${OFFLINE_EMBEDDER_VERSION}-${dimensions}`,
    dimensions,
    local: true,
    minSimilarity: 0.08,
    async embed(texts) {
      return texts.map((t) => offlineVector(t, dimensions));
    },
  };
}
