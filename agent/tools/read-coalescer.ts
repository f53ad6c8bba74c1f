/**
 * Identical read-only calls that arrive while an earlier one is still waiting for the database
 * share that call's result. A call only ever joins one that has not started reading yet, so every
 * caller gets an answer read after it arrived: nothing is served stale, the database just does the
 * work once per batch (20 open dashboards polling one embedded database are one query, not twenty).
 */
export interface ReadCoalescer {
  /** `read` must call `started` once it holds the database and is about to read. */
  run<T>(key: string, read: (started: () => void) => Promise<T>): Promise<T>;
}

export function createReadCoalescer(): ReadCoalescer {
  const waiting = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, read: (started: () => void) => Promise<T>): Promise<T> {
      const joined = waiting.get(key);
      if (joined) return joined as Promise<T>;
      let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
      const shared = new Promise<T>((resolve, reject) => { settle = { resolve, reject }; });
      waiting.set(key, shared);
      const stopJoining = () => { if (waiting.get(key) === shared) waiting.delete(key); };
      // Start on the next turn of the event loop: an embedded database answers without yielding to
      // I/O, so requests already waiting on their sockets are only read (and can join) if we let them.
      setImmediate(() => { read(stopJoining).then(settle.resolve, settle.reject).finally(stopJoining); });
      return shared;
    },
  };
}
