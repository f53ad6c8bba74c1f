import type { Embedder } from './embedder.js';
import { createOfflineEmbedder } from './offline-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import type { SentenceEncoder } from './sentence-encoder.js';
import { createSentenceEncoderEmbedder } from './sentence-encoder-embedder.js';

export interface EmbedderConfig {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  embeddingModel?: string;
}

/** KITH_EMBEDDING_MODEL values that pick a built-in embedder whatever else is set. */
export const OFFLINE_EMBEDDING_MODELS = { encoder: 'offline', lexical: 'lexical' } as const;

/**
 * OPENAI_API_KEY or OPENAI_BASE_URL set: that provider (KITH_EMBEDDING_MODEL chooses the model;
 * text-embedding-3-small by default, so an Ollama user sets e.g. nomic-embed-text).
 * Neither: the offline sentence encoder (`encoder`, the process's one instance).
 * KITH_EMBEDDING_MODEL=offline forces the sentence encoder, =lexical the lexical embedder (word
 * stems and character n-grams, no model; kept for comparison and for very small machines).
 */
export function createEmbedder(config: EmbedderConfig, encoder: SentenceEncoder): Embedder {
  if (config.embeddingModel === OFFLINE_EMBEDDING_MODELS.lexical) return createOfflineEmbedder();
  if (config.embeddingModel === OFFLINE_EMBEDDING_MODELS.encoder || (!config.openaiApiKey && !config.openaiBaseUrl)) {
    return createSentenceEncoderEmbedder(encoder);
  }
  return createOpenAIEmbedder({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl, model: config.embeddingModel });
}
