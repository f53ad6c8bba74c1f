import type { Embedder } from './embedder.js';
import type { SentenceEncoder } from './sentence-encoder.js';

/**
 * Texts are cut to this many characters: the encoder's cost grows with the text while what one
 * 512-dimension vector can say about it does not (a note's opening says what it is about), and a
 * pasted 100 kB e-mail would hold the background thread for seconds.
 */
export const SENTENCE_ENCODER_MAX_CHARS = 2_000;

/**
 * Cosine similarity under which a vector-only match is dropped: tuned on bench/fixtures/relevance.json
 * (see bench/relevance.bench.ts). Unrelated texts of this encoder sit around 0.1–0.3.
 */
export const SENTENCE_ENCODER_MIN_SIMILARITY = 0.25;

/** The offline default: the sentence encoder as an Embedder ("offline:use-lite-512"). */
export function createSentenceEncoderEmbedder(encoder: SentenceEncoder): Embedder {
  return {
    id: `offline:${encoder.model}-${encoder.dimensions}`,
    dimensions: encoder.dimensions,
    local: true,
    minSimilarity: SENTENCE_ENCODER_MIN_SIMILARITY,
    embed(texts, options = {}) {
      return encoder.embed(texts.map((t) => t.slice(0, SENTENCE_ENCODER_MAX_CHARS)), { priority: options.priority ?? 'interactive' });
    },
  };
}
