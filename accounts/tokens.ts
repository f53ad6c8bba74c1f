import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import type { User } from './users.js';

const PREFIX = 'kith_';

/** read: read-only tools only; write: every tool; admin: also lists and revokes the user's tokens. */
export type TokenScope = 'read' | 'write' | 'admin';
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface TokenOptions { scope?: TokenScope; expiresAt?: Date | null }

/** Creates an API token; the token itself is returned once and only its hash is stored. Default scope: admin (all a token could do before scopes). */
export async function createToken(db: KithDb, userId: string, label?: string, options: TokenOptions = {}): Promise<{ token: string; id: string }> {
  const scope = options.scope ?? 'admin';
  if (!TOKEN_SCOPES.includes(scope)) throw new Error(`scope: "${scope}" is not a scope (one of: ${TOKEN_SCOPES.join(', ')})`);
  if (options.expiresAt && Number.isNaN(options.expiresAt.getTime())) throw new Error('expires: not a date');
  const token = PREFIX + randomBytes(32).toString('base64url');
  const [row] = await db.insert(apiTokens).values({ userId, tokenHash: hashToken(token), label: label ?? null, scope, expiresAt: options.expiresAt ?? null }).returning({ id: apiTokens.id });
  return { token, id: row.id };
}

export interface VerifiedToken { user: User; scope: TokenScope; tokenId: string }

/** The user and scope of a bearer token, or undefined for an unknown, revoked or expired token, or a disabled user's. */
export async function verifyScopedToken(db: KithDb, token: string): Promise<VerifiedToken | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({ user: users, scope: apiTokens.scope, tokenId: apiTokens.id })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)), isNull(users.disabledAt)))
    .limit(1);
  return row;
}

/** The user a bearer token belongs to, or undefined for an unknown or expired token. */
export async function verifyToken(db: KithDb, token: string): Promise<User | undefined> {
  return (await verifyScopedToken(db, token))?.user;
}

export interface TokenListing { id: string; label: string | null; scope: TokenScope; created_at: string; last_used_at: string | null; expires_at: string | null; expired: boolean }

/** A user's tokens, never their values (only hashes are stored). Expiry is real time, like the check (the database's now()). */
export async function listTokens(db: KithDb, userId: string, now = new Date()): Promise<TokenListing[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt));
  return rows.map((r) => ({
    id: r.id, label: r.label, scope: r.scope, created_at: r.createdAt.toISOString(), last_used_at: r.lastUsedAt?.toISOString() ?? null,
    expires_at: r.expiresAt?.toISOString() ?? null, expired: !!r.expiresAt && r.expiresAt <= now,
  }));
}

/** Revokes (deletes) one of the user's tokens; false when the user has no token with that id. */
export async function revokeToken(db: KithDb, userId: string, tokenId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) return false;
  const deleted = await db.delete(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId))).returning({ id: apiTokens.id });
  return deleted.length > 0;
}
