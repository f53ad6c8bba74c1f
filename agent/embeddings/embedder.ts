/** Turns text into vectors. Implementations: OpenAI, any OpenAI-compatible server, offline. */
export interface Embedder {
  /** Identifies the model, e.g. "openai:text-embedding-3-small", "offline:use-lite-512" or "offline:hash-v1-384". */
  readonly id: string;
  /**
   * The size of the vectors, when known before the first call (0 for a server model of unknown
   * size; the database code always uses the length of the vectors it receives).
   */
  readonly dimensions: number;
  embed(texts: string[], options?: EmbedOptions): Promise<number[][]>;
  /**
   * True for an in-process embedder that costs no network call: a one-shot CLI command may embed
   * what it wrote before exiting instead of leaving it to the background worker.
   */
  readonly local?: boolean;
  /**
   * Cosine similarity under which a vector-only match is treated as noise and dropped from hybrid
   * results (vector search always returns neighbours, even for a query nothing matches).
   */
  readonly minSimilarity?: number;
}

export interface EmbedOptions {
  /**
   * `interactive` (the default): someone waits for it (a search query). `background`: a backlog
   * (the embedding worker, `kith reindex`). A local embedder keeps the two apart so that a query
   * never waits behind a batch; a remote one ignores it.
   */
  priority?: 'interactive' | 'background';
}
