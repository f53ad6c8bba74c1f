import type { Embedder } from './embedder.js';
import { createOfflineEmbedder } from './offline-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';

export interface EmbedderConfig {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  embeddingModel?: string;
}

/**
 * OPENAI_API_KEY or OPENAI_BASE_URL set: that provider (KITH_EMBEDDING_MODEL chooses the model;
 * text-embedding-3-small by default, so an Ollama user sets e.g. nomic-embed-text).
 * Neither: the offline embedder. KITH_EMBEDDING_MODEL=offline forces the offline one.
 */
export function createEmbedder(config: EmbedderConfig): Embedder {
  if (config.embeddingModel === 'offline' || (!config.openaiApiKey && !config.openaiBaseUrl)) return createOfflineEmbedder();
  return createOpenAIEmbedder({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl, model: config.embeddingModel });
}
