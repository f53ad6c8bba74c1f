import { and, eq, sql } from 'drizzle-orm';
import { slackThreads } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import { withUser } from '../../db/with-user.js';
import type { SessionStore } from '../../agent/sessions.js';

export interface ThreadKey {
  teamId: string;
  channelId: string;
  /** The thread's root ts, or "slash" for a channel's /kith conversation. */
  threadTs: string;
}

/** A /kith conversation in a channel starts afresh after this long without a command. */
export const SLASH_IDLE_MS = 30 * 60_000;

/**
 * The agent session of a Slack thread for this user (each person in a thread has their own),
 * created on first use. With idleMs, a session untouched for that long is replaced by a new one.
 */
export async function sessionForThread(db: KithDb, sessions: SessionStore, userId: string, key: ThreadKey, options: { idleMs?: number; now?: Date; title?: string } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const where = and(eq(slackThreads.userId, userId), eq(slackThreads.teamId, key.teamId), eq(slackThreads.channelId, key.channelId), eq(slackThreads.threadTs, key.threadTs));
  const found = await withUser(db, userId, async (tx) => {
    const [row] = await tx.select().from(slackThreads).where(where);
    if (!row) return undefined;
    if (options.idleMs && now.getTime() - row.updatedAt.getTime() > options.idleMs) return undefined;
    await tx.update(slackThreads).set({ updatedAt: now }).where(eq(slackThreads.id, row.id));
    return row.sessionId;
  });
  if (found) return found;
  const sessionId = await sessions.create(userId, options.title);
  return withUser(db, userId, async (tx) => {
    await tx.insert(slackThreads).values({ userId, ...key, sessionId, updatedAt: now })
      .onConflictDoUpdate({
        target: [slackThreads.userId, slackThreads.teamId, slackThreads.channelId, slackThreads.threadTs],
        set: { sessionId, updatedAt: now },
        // Two messages racing into a new thread share the first session.
        setWhere: options.idleMs ? sql`${slackThreads.updatedAt} < ${new Date(now.getTime() - options.idleMs).toISOString()}::timestamptz` : sql`false`,
      });
    const [row] = await tx.select({ sessionId: slackThreads.sessionId }).from(slackThreads).where(where);
    return row.sessionId;
  });
}
