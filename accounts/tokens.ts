import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import type { User } from './users.js';

const PREFIX = 'kith_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Creates an API token; the token itself is returned once and only its hash is stored. */
export async function createToken(db: KithDb, userId: string, label?: string): Promise<{ token: string; id: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const [row] = await db.insert(apiTokens).values({ userId, tokenHash: hashToken(token), label: label ?? null }).returning({ id: apiTokens.id });
  return { token, id: row.id };
}

/** The user a bearer token belongs to, or undefined for an unknown token. */
export async function verifyToken(db: KithDb, token: string): Promise<User | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .limit(1);
  return row?.user;
}
