/** Turns text into vectors. Implementations: OpenAI, any OpenAI-compatible server, offline. */
export interface Embedder {
  /** Identifies the model, e.g. "openai:text-embedding-3-small" or "offline:hash-v1". */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}
