import type { ToolContext } from './context.js';

/**
 * How long embedding may take before a tool goes on without vectors: a provider's round trip, or a
 * local model's first load (the sentence encoder takes 0.5-2 s on a busy machine).
 */
export const EMBED_TIMEOUT_MS = { remote: 3_000, local: 15_000 };

/** The texts' vectors from the context's embedder, or null (none configured, failed, too slow): callers work without. */
export async function embedTexts(ctx: Pick<ToolContext, 'embedder' | 'log'>, texts: string[]): Promise<number[][] | null> {
  const embedder = ctx.embedder;
  if (!embedder) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), EMBED_TIMEOUT_MS[embedder.local ? 'local' : 'remote']); });
    const vectors = await Promise.race([embedder.embed(texts), timeout]);
    return vectors.length === texts.length ? vectors : null;
  } catch (error) {
    ctx.log.warn('embedding failed; going on without vectors', { embedder: embedder.id, error: String((error as Error)?.message ?? error) });
    return null;
  } finally {
    clearTimeout(timer);
  }
}
