import type { RemoteStats } from './remote.js';

export interface RetryPolicy {
  /** How many times one call is retried after a 429 (or a 5xx) before the sync gives up. */
  retries: number;
  /** Wait when the answer names no Retry-After (doubles each retry). */
  fallbackMs: number;
  /** Never wait longer than this for one retry: a remote asking for an hour fails the sync instead. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy = (): RetryPolicy => ({ retries: 6, fallbackMs: 1000, maxWaitMs: 60_000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });

export interface Refusal {
  status: number;
  /** Retry-After in milliseconds, when the answer carried it. */
  retryAfterMs: number | null;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value == null || value === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * Runs one remote call, waiting out 429s as the remote asks (Retry-After) and 5xx briefly;
 * counted in `stats` so the sync's answer says how often it was held back.
 */
export async function withRetries<T>(call: () => Promise<T>, refusalOf: (error: unknown) => Refusal | null, stats: RemoteStats, policy: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    stats.requests++;
    try {
      return await call();
    } catch (error) {
      const refusal = refusalOf(error);
      const retriable = refusal && (refusal.status === 429 || refusal.status >= 500);
      if (!retriable || attempt >= policy.retries) throw error;
      if (refusal.retryAfterMs != null && refusal.retryAfterMs > policy.maxWaitMs) throw error;
      const wait = refusal.retryAfterMs ?? Math.min(policy.maxWaitMs, policy.fallbackMs * 2 ** attempt);
      if (refusal.status === 429) stats.rate_limited++;
      stats.waited_ms += wait;
      await policy.sleep(wait);
    }
  }
}
