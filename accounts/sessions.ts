import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { authSessions, users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { hashToken, type TokenScope } from './tokens.js';
import type { User } from './users.js';

/** Session cookies are told from API tokens (kith_) by their prefix. */
export const SESSION_PREFIX = 'kses_';
export const SESSION_DAYS = 30;

export type SessionMethod = 'password' | 'passkey' | 'token' | 'email';

export interface NewSession { token: string; id: string; expiresAt: Date }

/** Opens a session; the token goes in the cookie and only its hash is kept. */
export async function createSession(db: KithDb, userId: string, method: SessionMethod, options: { apiTokenId?: string; scope?: TokenScope; userAgent?: string } = {}): Promise<NewSession> {
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  const [row] = await db.insert(authSessions).values({
    userId, tokenHash: hashToken(token), method, apiTokenId: options.apiTokenId ?? null, scope: options.scope ?? 'admin',
    userAgent: options.userAgent?.slice(0, 300) ?? null, expiresAt,
  }).returning({ id: authSessions.id });
  return { token, id: row.id, expiresAt };
}

export interface VerifiedSession { user: User; scope: TokenScope; sessionId: string }

/** The user of a live session cookie, or undefined (unknown, signed out, expired, a disabled user's): one indexed read, like a token. */
export async function verifySession(db: KithDb, token: string): Promise<VerifiedSession | undefined> {
  if (!token.startsWith(SESSION_PREFIX)) return undefined;
  const [row] = await db
    .select({ user: users, scope: authSessions.scope, sessionId: authSessions.id })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.tokenHash, hashToken(token)), gt(authSessions.expiresAt, sql`now()`), isNull(users.disabledAt)))
    .limit(1);
  return row;
}

/** Sign-out: this session only. */
export async function endSession(db: KithDb, token: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.tokenHash, hashToken(token)));
}

/** Sign-out everywhere: every session of the user (API tokens stay; they are revoked on their own). */
export async function endAllSessions(db: KithDb, userId: string): Promise<number> {
  return (await db.delete(authSessions).where(eq(authSessions.userId, userId)).returning({ id: authSessions.id })).length;
}

export interface SessionListing { id: string; method: SessionMethod; user_agent: string | null; created_at: string; expires_at: string; current: boolean }

export async function listSessions(db: KithDb, userId: string, currentId?: string): Promise<SessionListing[]> {
  const rows = await db.select().from(authSessions).where(and(eq(authSessions.userId, userId), gt(authSessions.expiresAt, sql`now()`))).orderBy(authSessions.createdAt);
  return rows.map((r) => ({ id: r.id, method: r.method, user_agent: r.userAgent, created_at: r.createdAt.toISOString(), expires_at: r.expiresAt.toISOString(), current: r.id === currentId }));
}

/**
 * The CSRF token of a session: derived from the cookie (an HMAC under a per-process key would break
 * across processes, so it is keyed by the cookie itself), so that nothing more is stored and a page
 * on another site, which cannot read the HttpOnly cookie, cannot compute it.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('kith csrf v1').digest('base64url');
}

export function csrfMatches(sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
