import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type AuthenticatorTransportFuture, type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, eq, gt, sql } from 'drizzle-orm';
import { authChallenges, passkeys } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { findUserById, type User } from './users.js';

/** Who the credentials are for: the site's host name and the page's exact origin. */
export interface RelyingParty { rpID: string; origin: string }

const CHALLENGE_TTL_MS = 5 * 60_000;

async function keepChallenge(db: KithDb, purpose: 'register' | 'sign_in', challenge: string, userId: string | null): Promise<string> {
  // Old unanswered challenges go as new ones come: the table stays small without a sweeper.
  await db.delete(authChallenges).where(sql`${authChallenges.expiresAt} < now()`);
  const [row] = await db.insert(authChallenges).values({ purpose, challenge, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) }).returning({ id: authChallenges.id });
  return row.id;
}

/** Takes a challenge once (deleted as it is read): a replayed answer finds nothing. */
async function takeChallenge(db: KithDb, id: unknown, purpose: 'register' | 'sign_in'): Promise<{ challenge: string; userId: string | null } | undefined> {
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.delete(authChallenges).where(and(eq(authChallenges.id, id), eq(authChallenges.purpose, purpose), gt(authChallenges.expiresAt, sql`now()`)))
    .returning({ challenge: authChallenges.challenge, userId: authChallenges.userId });
  return row;
}

export async function passkeyRegistrationOptions(db: KithDb, rp: RelyingParty, user: User): Promise<{ challenge_id: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await db.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, user.id));
  const options = await generateRegistrationOptions({
    rpName: 'Kith', rpID: rp.rpID, userName: user.email, userDisplayName: user.displayName ?? user.email,
    userID: new TextEncoder().encode(user.id), attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransportFuture[] })),
    // discoverable, so that sign-in needs no e-mail first
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  return { challenge_id: await keepChallenge(db, 'register', options.challenge, user.id), options };
}

/** Checks the authenticator's answer and keeps the credential; false when it does not verify. */
export async function registerPasskey(db: KithDb, rp: RelyingParty, user: User, challengeId: unknown, response: RegistrationResponseJSON, name?: string): Promise<{ id: string } | undefined> {
  const taken = await takeChallenge(db, challengeId, 'register');
  if (!taken || taken.userId !== user.id) return undefined;
  const result = await verifyRegistrationResponse({ response, expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false }).catch(() => undefined);
  if (!result?.verified) return undefined;
  const { credential } = result.registrationInfo;
  await db.insert(passkeys).values({ id: credential.id, userId: user.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [], name: name?.slice(0, 100) || null });
  return { id: credential.id };
}

export async function passkeySignInOptions(db: KithDb, rp: RelyingParty): Promise<{ challenge_id: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred' });
  return { challenge_id: await keepChallenge(db, 'sign_in', options.challenge, null), options };
}

/** The user whose passkey answered the challenge, or undefined; the signature counter moves on. */
export async function signInWithPasskey(db: KithDb, rp: RelyingParty, challengeId: unknown, response: AuthenticationResponseJSON): Promise<User | undefined> {
  const taken = await takeChallenge(db, challengeId, 'sign_in');
  if (!taken || typeof response?.id !== 'string') return undefined;
  const [stored] = await db.select().from(passkeys).where(eq(passkeys.id, response.id)).limit(1);
  if (!stored) return undefined;
  const result = await verifyAuthenticationResponse({
    response, expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false,
    credential: { id: stored.id, publicKey: new Uint8Array(stored.publicKey), counter: stored.counter, transports: stored.transports as AuthenticatorTransportFuture[] },
  }).catch(() => undefined);
  if (!result?.verified) return undefined;
  await db.update(passkeys).set({ counter: result.authenticationInfo.newCounter, lastUsedAt: sql`now()` }).where(eq(passkeys.id, stored.id));
  return findUserById(db, stored.userId);
}

export interface PasskeyListing { id: string; name: string | null; created_at: string; last_used_at: string | null }

export async function listPasskeys(db: KithDb, userId: string): Promise<PasskeyListing[]> {
  const rows = await db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(passkeys.createdAt);
  return rows.map((r) => ({ id: r.id, name: r.name, created_at: r.createdAt.toISOString(), last_used_at: r.lastUsedAt?.toISOString() ?? null }));
}

export async function deletePasskey(db: KithDb, userId: string, id: string): Promise<boolean> {
  return (await db.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning({ id: passkeys.id })).length > 0;
}
