import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { calendarFeeds } from '../../../db/schema/index.js';
import type { KithDb } from '../../../db/types.js';
import type { ToolContext } from '../shared/context.js';

const newToken = () => randomBytes(24).toString('base64url');

/** The user's feed token, made on first use. */
export async function feedToken(ctx: ToolContext): Promise<{ token: string; rotatedAt: Date }> {
  const [row] = await ctx.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, ctx.userId));
  if (row) return { token: row.token, rotatedAt: row.rotatedAt };
  const [made] = await ctx.db.insert(calendarFeeds).values({ userId: ctx.userId, token: newToken(), createdAt: ctx.now, rotatedAt: ctx.now })
    .onConflictDoNothing().returning();
  if (made) return { token: made.token, rotatedAt: made.rotatedAt };
  const [again] = await ctx.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, ctx.userId));
  return { token: again.token, rotatedAt: again.rotatedAt };
}

/** A new token: the old feed address stops answering at once. */
export async function rotateFeedToken(ctx: ToolContext): Promise<{ token: string; rotatedAt: Date }> {
  const token = newToken();
  const [row] = await ctx.db.insert(calendarFeeds).values({ userId: ctx.userId, token, createdAt: ctx.now, rotatedAt: ctx.now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { token, rotatedAt: ctx.now } }).returning();
  return { token: row.token, rotatedAt: row.rotatedAt };
}

/**
 * Whose feed a token opens, read as the server (a feed request carries no other credential).
 * Tokens are random and compared by the unique index; an unknown one is undefined.
 */
export async function feedOwner(db: KithDb, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  const [row] = await db.select({ userId: calendarFeeds.userId }).from(calendarFeeds).where(eq(calendarFeeds.token, token)).limit(1);
  return row?.userId;
}

export const feedPath = (token: string): string => `/calendar/${token}.ics`;
