/**
 * Fixed-window request counters, in memory: per API token, per client address, and for wrong
 * tokens per address (guessing is slowed to a few tries a minute). One set is shared by REST, the
 * chat and MCP of a process; several processes behind a balancer each count their own.
 */
export interface RateLimitRule { limit: number; windowMs: number }

export interface RateLimits {
  /** Counts one request for `key` under `rule`; the seconds to wait when over the limit, else undefined. */
  take(bucket: keyof typeof DEFAULT_RULES, key: string): number | undefined;
  /** Whether `key` is over the limit already, without counting. */
  blocked(bucket: keyof typeof DEFAULT_RULES, key: string): number | undefined;
}

export const DEFAULT_RULES = {
  token: { limit: 600, windowMs: 60_000 },
  address: { limit: 1200, windowMs: 60_000 },
  chat: { limit: 30, windowMs: 60_000 },
  wrongToken: { limit: 20, windowMs: 60_000 },
  /** Password attempts per e-mail: one account's password is guessed at 10 a minute at most. */
  signIn: { limit: 10, windowMs: 60_000 },
  /** Sign-in, sign-up, link and passkey requests per address (an office behind one address signs in too). */
  signInAddress: { limit: 30, windowMs: 60_000 },
  /** Verification and reset e-mails, per address and per recipient: nobody is flooded. */
  accountMail: { limit: 5, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export function createRateLimits(rules: Partial<Record<keyof typeof DEFAULT_RULES, RateLimitRule>> = {}, now: () => number = Date.now): RateLimits {
  const all = { ...DEFAULT_RULES, ...rules };
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (bucket: string, key: string) => {
    const id = `${bucket}\u0000${key}`;
    const rule = all[bucket as keyof typeof all];
    let w = windows.get(id);
    if (!w || w.resetAt <= now()) {
      if (windows.size > 100_000) for (const [k, v] of windows) if (v.resetAt <= now()) windows.delete(k);
      w = { count: 0, resetAt: now() + rule.windowMs };
      windows.set(id, w);
    }
    return { w, rule };
  };
  const wait = (resetAt: number) => Math.max(1, Math.ceil((resetAt - now()) / 1000));
  return {
    take(bucket, key) {
      const { w, rule } = current(bucket, key);
      w.count++;
      return w.count > rule.limit ? wait(w.resetAt) : undefined;
    },
    blocked(bucket, key) {
      const { w, rule } = current(bucket, key);
      return w.count >= rule.limit ? wait(w.resetAt) : undefined;
    },
  };
}

/** The address a request came from (node server), or "local" for in-process requests. */
export function clientAddress(env: unknown): string {
  return (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'local';
}
