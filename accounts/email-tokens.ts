import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { authEmailTokens } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { hashToken } from './tokens.js';

export type EmailPurpose = 'verify' | 'reset';

/** A reset link is good for an hour, a verification link for two days. */
export const EMAIL_TOKEN_TTL_MS: Record<EmailPurpose, number> = { reset: 60 * 60_000, verify: 48 * 60 * 60_000 };

/** A one-use token for a link sent by e-mail; a new reset link replaces the earlier ones. */
export async function issueEmailToken(db: KithDb, userId: string, purpose: EmailPurpose): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  if (purpose === 'reset') await db.delete(authEmailTokens).where(and(eq(authEmailTokens.userId, userId), eq(authEmailTokens.purpose, 'reset')));
  await db.insert(authEmailTokens).values({ userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[purpose]) });
  return token;
}

/** Uses a token once (one statement, so two clicks cannot both succeed): its user, or undefined. */
export async function consumeEmailToken(db: KithDb, token: string, purpose: EmailPurpose): Promise<string | undefined> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return undefined;
  const [row] = await db.update(authEmailTokens).set({ usedAt: sql`now()` })
    .where(and(eq(authEmailTokens.tokenHash, hashToken(token)), eq(authEmailTokens.purpose, purpose), isNull(authEmailTokens.usedAt), gt(authEmailTokens.expiresAt, sql`now()`)))
    .returning({ userId: authEmailTokens.userId });
  return row?.userId;
}
