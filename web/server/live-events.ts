import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Database } from '../../db/connection.js';
import type { WebEnv } from './auth.js';

/** The channel migration 0022's trigger notifies on, with the user's id, when a write commits. */
export const CHANGES_CHANNEL = 'kith_changes';

export interface ChangeFeed {
  /** Calls `onChange` whenever a write of `userId` commits; returns the unsubscribe. */
  subscribe(userId: string, onChange: () => void): () => void;
  /** Resolves once the LISTEN is in place (a page told "ready" must not miss the next write). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One LISTEN per server process, fanned out to its open pages. On PostgreSQL the notification
 * comes from any process writing to the database (another kith serve, the CLI, kith mcp).
 */
export function createChangeFeed(database: Pick<Database, 'listen'>): ChangeFeed {
  const listeners = new Map<string, Set<() => void>>();
  let stop: Promise<() => Promise<void>> | undefined;
  const start = () => (stop ??= database.listen(CHANGES_CHANNEL, (userId) => {
    for (const fn of listeners.get(userId) ?? []) fn();
  }));
  return {
    subscribe(userId, onChange) {
      void start();
      let set = listeners.get(userId);
      if (!set) listeners.set(userId, (set = new Set()));
      const mine = set.add(onChange);
      // Once only, and never another page's set: a closed page's stream used to unsubscribe again
      // when its heartbeat woke, up to 20 s later, and drop the set a newer page of the same user
      // had made meanwhile; that page then heard of nothing (the web bench's missed updates).
      let done = false;
      return () => {
        if (done) return;
        done = true;
        mine.delete(onChange);
        if (mine.size === 0 && listeners.get(userId) === mine) listeners.delete(userId);
      };
    },
    listening: () => start().then(() => undefined),
    async close() {
      listeners.clear();
      if (stop) await (await stop)();
    },
  };
}

const HEARTBEAT_MS = 20_000;

/**
 * GET /api/events: server-sent events for the signed-in user; `change` says that data changed
 * (the page reloads what it shows). Changes within one tick are told once.
 */
export function eventsHandler(feed: ChangeFeed) {
  return (c: Context<WebEnv>) => {
    const userId = c.get('user').id;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let pending = false;
      let seq = 0;
      const unsubscribe = feed.subscribe(userId, () => {
        if (pending) return;
        pending = true;
        setTimeout(() => {
          pending = false;
          void stream.writeSSE({ event: 'change', data: JSON.stringify({ at: new Date().toISOString() }), id: String(++seq) }).catch(() => {});
        }, 15);
      });
      stream.onAbort(unsubscribe);
      await feed.listening();
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(HEARTBEAT_MS);
        if (!stream.aborted) await stream.write(': keep-alive\n\n').catch(() => {});
      }
      unsubscribe();
    });
  };
}
