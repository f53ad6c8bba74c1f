import { eq, sql } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';

export type User = typeof users.$inferSelect;

export const LOCAL_OWNER_EMAIL = 'owner@localhost';

/** The user of a single-person install: exists from the first start. */
export async function ensureLocalOwner(db: KithDb): Promise<User> {
  const [existing] = await db.select().from(users).where(eq(users.isLocalOwner, true)).limit(1);
  if (existing) return existing;
  await db.insert(users).values({ email: LOCAL_OWNER_EMAIL, displayName: 'Local owner', isLocalOwner: true, role: 'owner' }).onConflictDoNothing();
  const [owner] = await db.select().from(users).where(eq(users.isLocalOwner, true)).limit(1);
  if (!owner) throw new Error(`cannot create the local owner: the email ${LOCAL_OWNER_EMAIL} is taken by another user`);
  return owner;
}

export async function findUserByEmail(db: KithDb, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`).limit(1);
  return user;
}

export async function findUserById(db: KithDb, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function addUser(db: KithDb, email: string, fields: { displayName?: string; timeZone?: string } = {}): Promise<User> {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized)) throw new Error(`"${email}" is not an email address`);
  if (await findUserByEmail(db, normalized)) throw new Error(`a user with the email ${normalized} already exists`);
  const [user] = await db.insert(users).values({ email: normalized, displayName: fields.displayName ?? null, timeZone: fields.timeZone ?? null }).returning();
  return user;
}

/** The user a command runs as: the one named by email, or the local owner. */
export async function resolveUser(db: KithDb, email?: string): Promise<User> {
  if (!email) return ensureLocalOwner(db);
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`no user with the email ${email} (add one with: kith user add ${email})`);
  return user;
}
