import { eq, sql } from 'drizzle-orm';
import { authPasswords, users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { addUser, findUserByEmail, type User } from './users.js';

/** The plan a new account starts on. */
export const SIGN_UP_PLAN = 'free';

/** A new account with a password, on the Free plan, a member of the instance. Throws when the e-mail is taken. */
export async function createPasswordAccount(db: KithDb, email: string, password: string, fields: { displayName?: string } = {}): Promise<User> {
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const user = await addUser(tx as unknown as KithDb, email, { displayName: fields.displayName });
    await tx.update(users).set({ plan: SIGN_UP_PLAN }).where(eq(users.id, user.id));
    await tx.insert(authPasswords).values({ userId: user.id, hash });
    return { ...user, plan: SIGN_UP_PLAN };
  });
}

/** The user whose e-mail and password these are; an unknown e-mail costs the same time as a wrong password. */
export async function checkPassword(db: KithDb, email: string, password: string): Promise<User | undefined> {
  const user = await findUserByEmail(db, email);
  const [row] = user ? await db.select({ hash: authPasswords.hash }).from(authPasswords).where(eq(authPasswords.userId, user.id)).limit(1) : [];
  const ok = await verifyPassword(password, row?.hash ?? await decoyHash());
  return ok && row ? user : undefined;
}

export async function setPassword(db: KithDb, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.insert(authPasswords).values({ userId, hash }).onConflictDoUpdate({ target: authPasswords.userId, set: { hash, updatedAt: sql`now()` } });
}

export async function markEmailVerified(db: KithDb, userId: string): Promise<void> {
  await db.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
}
