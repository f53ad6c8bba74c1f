import type { Embedder } from './embedder.js';

// The AI SDK is loaded on the first embedding, not at start: most commands never embed remotely.
const loadSdk = async () => {
  const [{ createOpenAI }, { embedMany }] = await Promise.all([import('@ai-sdk/openai'), import('ai')]);
  return { createOpenAI, embedMany };
};

export interface OpenAIEmbedderOptions {
  /** OPENAI_API_KEY; may be omitted for an OpenAI-compatible server that needs none (Ollama). */
  apiKey?: string;
  /** OPENAI_BASE_URL, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  baseURL?: string;
  /** KITH_EMBEDDING_MODEL; text-embedding-3-small by default. */
  model?: string;
  /** Retries inside one call; the worker has its own retries with backoff, so 0 by default. */
  maxRetries?: number;
  /** Abandon a call after this long. */
  timeoutMs?: number;
}

/** Sizes of well-known models, so that the size is known before the first call. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'bge-m3': 1024,
  'snowflake-arctic-embed': 1024,
};

export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

/** OpenAI's embeddings, or any server speaking the same API (POST {baseURL}/embeddings). */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const modelId = options.model ?? DEFAULT_EMBEDDING_MODEL;
  const sdk = (async () => {
    const { createOpenAI, embedMany } = await loadSdk();
    const provider = createOpenAI({ apiKey: options.apiKey ?? 'not-needed', baseURL: options.baseURL });
    return { model: provider.embedding(modelId), embedMany };
  })();
  sdk.catch(() => undefined);
  const host = options.baseURL ? safeHost(options.baseURL) : null;
  let dimensions = KNOWN_DIMENSIONS[modelId.split(':')[0]] ?? 0;
  return {
    id: host ? `openai-compatible:${host}:${modelId}` : `openai:${modelId}`,
    get dimensions() { return dimensions; },
    minSimilarity: 0.2,
    async embed(texts) {
      if (texts.length === 0) return [];
      const { model, embedMany } = await sdk;
      const { embeddings } = await embedMany({
        model,
        values: texts,
        maxRetries: options.maxRetries ?? 0,
        abortSignal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      if (embeddings.length > 0) dimensions = embeddings[0].length;
      return embeddings;
    },
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
