import type { Context, Hono } from 'hono';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Kith } from '../../app/open-kith.js';
import type { AccountMail } from '../../app/account-mail.js';
import { clientAddress, type RateLimits } from '../../accounts/rate-limit.js';
import { checkPassword, createPasswordAccount, markEmailVerified, setPassword } from '../../accounts/password-accounts.js';
import { passwordProblem } from '../../accounts/passwords.js';
import { consumeEmailToken, issueEmailToken } from '../../accounts/email-tokens.js';
import { endAllSessions, endSession, listSessions } from '../../accounts/sessions.js';
import { deletePasskey, listPasskeys, passkeyRegistrationOptions, passkeySignInOptions, registerPasskey, signInWithPasskey, type RelyingParty } from '../../accounts/passkeys.js';
import { findUserByEmail, findUserById, type User } from '../../accounts/users.js';
import { clearSessionCookie, isLoopbackAddress, isHttps, rejectCrossSite, startSession, tooMany, type WebEnv } from './auth.js';
import { ApiError } from './http-errors.js';
import { bodyInput } from './tool-input.js';

export interface SignInRouteDeps {
  kith: Pick<Kith, 'database' | 'config'>;
  limits: RateLimits;
  /** Verification and reset e-mails; without it sign-up signs in at once and reset is unavailable. */
  mail?: AccountMail;
}

// The domain has a dot that is neither its first nor its last character; read at its first such dot,
// there is one way to match and nothing to backtrack through.
const EMAIL = /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$|^[^\s@]+@localhost$/;

export const publicUser = (u: User) => ({ id: u.id, email: u.email, display_name: u.displayName, role: u.role, plan: u.plan, email_verified: !!u.emailVerifiedAt });

function emailOf(input: Record<string, unknown>): string {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  if (!email) throw new ApiError(400, 'invalid', 'email is required', { field: 'email' });
  if (email.length > 254 || !EMAIL.test(email)) throw new ApiError(400, 'invalid', `email: "${email.slice(0, 80)}" is not an e-mail address`, { field: 'email' });
  return email;
}

function newPassword(input: Record<string, unknown>): string {
  const problem = passwordProblem(input.password);
  if (problem) throw new ApiError(400, 'invalid', problem, { field: 'password' });
  return input.password as string;
}

/**
 * The page's address: KITH_PUBLIC_URL, or the request's own on loopback. A hosted instance must set
 * KITH_PUBLIC_URL: otherwise a forged Host header would put an attacker's site in a reset link.
 */
function siteOf(c: Context, kith: SignInRouteDeps['kith']): RelyingParty & { base: string } {
  const configured = kith.config.publicUrl;
  if (configured) return { origin: new URL(configured).origin, rpID: new URL(configured).hostname, base: configured };
  const host = c.req.header('host') ?? '';
  const origin = `${isHttps(c) ? 'https' : 'http'}://${host}`;
  let hostname: string;
  try { hostname = new URL(origin).hostname; } catch { hostname = ''; }
  if (!hostname || !isLoopbackAddress(hostname)) throw new ApiError(503, 'not_configured', 'Set KITH_PUBLIC_URL (the address people open, e.g. https://crm.example.com) to use sign-in links and passkeys on this server.');
  return { origin, rpID: hostname, base: origin };
}

/** Public routes: sign-up, sign-in (password, passkey), e-mail links. Each refuses other sites and is rate-limited per address. */
export function mountPublicSignIn(api: Hono<WebEnv>, deps: SignInRouteDeps): void {
  const { kith, limits, mail } = deps;
  const db = kith.database.db;
  const guard = (c: Context, email?: string) => {
    rejectCrossSite(c);
    const address = clientAddress(c.env);
    tooMany(limits.take('signInAddress', address), 'Too many sign-in attempts from this address.');
    if (email) tooMany(limits.take('signIn', `email:${email}`), 'Too many sign-in attempts for this account.');
  };
  const mailLimit = (c: Context, email: string) => {
    tooMany(limits.take('accountMail', clientAddress(c.env)), 'Too many e-mails asked from this address.');
    tooMany(limits.take('accountMail', `email:${email}`), 'Too many e-mails sent to this address.');
  };
  const sendVerification = async (c: Context, user: User) => {
    mailLimit(c, user.email);
    const token = await issueEmailToken(db, user.id, 'verify');
    await mail!.sendVerification(user.email, `${siteOf(c, kith).base}/#/verify-email?token=${token}`);
  };

  api.get('/auth/config', (c) => c.json({ sign_up: kith.config.signUp, mail: !!mail, passkeys: true }));

  api.post('/auth/sign-up', async (c) => {
    const input = await bodyInput(c);
    const email = emailOf(input);
    guard(c, email);
    if (kith.config.signUp === 'closed') throw new ApiError(403, 'sign_up_closed', 'Sign-up is closed on this server: ask its owner for an account.');
    const password = newPassword(input);
    const displayName = typeof input.display_name === 'string' && input.display_name.trim() ? input.display_name.trim().slice(0, 200) : undefined;
    if (await findUserByEmail(db, email)) throw new ApiError(409, 'email_taken', `An account with the e-mail ${email} exists: sign in, or reset its password.`, { field: 'email' });
    const user = await createPasswordAccount(db, email, password, { displayName });
    if (mail) {
      await sendVerification(c, user);
      return c.json({ user: publicUser(user), verification_sent: true, signed_in: false }, 201);
    }
    const { csrf_token } = await startSession(c, kith, user, 'password');
    return c.json({ user: publicUser(user), verification_sent: false, signed_in: true, csrf_token }, 201);
  });

  api.post('/auth/sign-in', async (c) => {
    const input = await bodyInput(c);
    const email = emailOf(input);
    guard(c, email);
    if (typeof input.password !== 'string' || !input.password) throw new ApiError(400, 'invalid', 'password is required', { field: 'password' });
    const user = await checkPassword(db, email, input.password.slice(0, 1024));
    if (!user) throw new ApiError(401, 'unauthorized', 'The e-mail or the password is wrong.');
    if (mail && !user.emailVerifiedAt) {
      await sendVerification(c, user);
      throw new ApiError(403, 'email_unverified', `Confirm your e-mail first: we sent a new link to ${user.email}.`);
    }
    const { csrf_token } = await startSession(c, kith, user, 'password');
    return c.json({ user: publicUser(user), csrf_token });
  });

  api.post('/auth/verify-email', async (c) => {
    guard(c);
    const userId = await consumeEmailToken(db, (await bodyInput(c)).token as string, 'verify');
    if (!userId) throw new ApiError(400, 'invalid_link', 'This link is not valid any more (used, expired or mistyped): sign in to get a new one.', { field: 'token' });
    await markEmailVerified(db, userId);
    const user = (await findUserById(db, userId))!;
    const { csrf_token } = await startSession(c, kith, user, 'email');
    return c.json({ user: publicUser(user), csrf_token });
  });

  api.post('/auth/forgot-password', async (c) => {
    const email = emailOf(await bodyInput(c));
    guard(c);
    if (!mail) throw new ApiError(503, 'not_configured', 'This server sends no e-mail (KITH_SYSTEM_SMTP_URL is not set): ask its owner to reset your password with kith user password.');
    mailLimit(c, email);
    const user = await findUserByEmail(db, email);
    // The same answer either way: the form does not tell who has an account.
    if (user && !user.isLocalOwner) await mail.sendReset(user.email, `${siteOf(c, kith).base}/#/reset-password?token=${await issueEmailToken(db, user.id, 'reset')}`);
    return c.json({ sent: true, message: `If ${email} has an account, a link to reset its password is on its way.` }, 202);
  });

  api.post('/auth/reset-password', async (c) => {
    guard(c);
    const input = await bodyInput(c);
    const password = newPassword(input);
    const userId = await consumeEmailToken(db, input.token as string, 'reset');
    if (!userId) throw new ApiError(400, 'invalid_link', 'This reset link is not valid any more (used, expired or mistyped): ask for a new one.', { field: 'token' });
    await setPassword(db, userId, password);
    await markEmailVerified(db, userId);
    // whoever knew the old password is out
    await endAllSessions(db, userId);
    const user = (await findUserById(db, userId))!;
    const { csrf_token } = await startSession(c, kith, user, 'password');
    return c.json({ user: publicUser(user), csrf_token });
  });

  api.post('/auth/passkeys/sign-in/options', async (c) => {
    guard(c);
    return c.json(await passkeySignInOptions(db, siteOf(c, kith)));
  });

  api.post('/auth/passkeys/sign-in/verify', async (c) => {
    guard(c);
    const input = await bodyInput(c);
    const user = await signInWithPasskey(db, siteOf(c, kith), input.challenge_id, input.response as AuthenticationResponseJSON);
    if (!user) throw new ApiError(401, 'unauthorized', 'The passkey was not accepted: try again, or sign in with your password.');
    const { csrf_token } = await startSession(c, kith, user, 'passkey');
    return c.json({ user: publicUser(user), csrf_token });
  });
}

/** Routes for a signed-in user (after authenticate: CSRF-checked for cookie sessions). */
export function mountAccountRoutes(api: Hono<WebEnv>, deps: Pick<SignInRouteDeps, 'kith'>): void {
  const { kith } = deps;
  const db = kith.database.db;
  const signedIn = (c: Context<WebEnv>) => {
    if (c.get('user').isLocalOwner && !c.get('session')) throw new ApiError(400, 'local_owner', 'The local owner of this machine has no account to sign in to.');
    return c.get('user');
  };

  api.post('/auth/sign-out', async (c) => {
    const session = c.get('session');
    if (session) await endSession(db, session.token);
    clearSessionCookie(c);
    return c.json({ signed_out: true });
  });
  api.post('/auth/sign-out-everywhere', async (c) => {
    const ended = await endAllSessions(db, c.get('user').id);
    clearSessionCookie(c);
    return c.json({ signed_out: true, sessions_ended: ended });
  });
  api.get('/auth/sessions', async (c) => c.json({ sessions: await listSessions(db, c.get('user').id, c.get('session')?.id) }));
  api.get('/auth/passkeys', async (c) => c.json({ passkeys: await listPasskeys(db, c.get('user').id) }));
  api.post('/auth/passkeys/register/options', async (c) => c.json(await passkeyRegistrationOptions(db, siteOf(c, kith), signedIn(c))));
  api.post('/auth/passkeys/register/verify', async (c) => {
    const input = await bodyInput(c);
    const name = typeof input.name === 'string' ? input.name : undefined;
    const added = await registerPasskey(db, siteOf(c, kith), signedIn(c), input.challenge_id, input.response as RegistrationResponseJSON, name);
    if (!added) throw new ApiError(400, 'invalid', 'The passkey could not be verified: try again.', { field: 'response' });
    return c.json({ passkey: added }, 201);
  });
  api.delete('/auth/passkeys/:id', async (c) => {
    if (!await deletePasskey(db, c.get('user').id, c.req.param('id'))) throw new ApiError(404, 'not_found', 'No such passkey.');
    return c.json({ deleted: true });
  });
}
