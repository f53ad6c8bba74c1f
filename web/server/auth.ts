import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { hashToken, verifyScopedToken, type TokenScope } from '../../accounts/tokens.js';
import { createSession, csrfMatches, csrfTokenOf, SESSION_DAYS, verifySession, type SessionMethod } from '../../accounts/sessions.js';
import type { AnyTool } from '../../agent/tools/define-tool.js';
import { clientAddress, createRateLimits, type RateLimits } from '../../accounts/rate-limit.js';
import { createTokenUseAudit, recordAudit } from '../../agent/tools/shared/audit.js';
import { withUser } from '../../db/with-user.js';
import type { User } from '../../accounts/users.js';
import type { Kith } from '../../app/open-kith.js';
import { ApiError } from './http-errors.js';
import { isExtensionRequest } from './extension-origin.js';

export const SESSION_COOKIE = 'kith_session';

/** A state-changing request with the session cookie must carry the session's CSRF token in this header (GET /api/me gives it). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * What a route knows of the caller: the user, the scope, and for a browser signed in with a
 * cookie its session (id and cookie value; absent for bearer tokens and the loopback owner).
 */
export type WebEnv = { Variables: { user: User; scope: TokenScope; session?: { id: string; token: string } } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A read token runs read-only tools only; the one check for every REST route that runs a tool. */
export function assertScopeAllows(c: Context<WebEnv>, tool: AnyTool): void {
  if (c.get('scope') === 'read' && !tool.annotations.readOnlyHint) {
    throw new ApiError(403, 'forbidden', `This token's scope is read: ${tool.name} changes data and needs a write or admin token.`, { scope: 'read' });
  }
}

/** Managing tokens needs an admin token, the page's session or the local owner. */
export function assertAdminScope(c: Context<WebEnv>): void {
  if (c.get('scope') !== 'admin') throw new ApiError(403, 'forbidden', `This token's scope is ${c.get('scope')}: managing tokens needs an admin token.`, { scope: c.get('scope') });
}

export interface AuthOptions {
  kith: Pick<Kith, 'database' | 'owner'>;
  /**
   * Bound to a loopback address: a request without credentials acts as the local owner, so the page
   * works with no sign-in on one's own machine. Otherwise every request needs a token or a session.
   */
  localOwner: boolean;
  /** Per token and per address limits (shared with /mcp); default: a set of this app's own. */
  rateLimits?: RateLimits;
  /** Records token use in the audit log (throttled); default: one of this app's own. */
  auditTokenUse?: ReturnType<typeof createTokenUseAudit>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackAddress(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
}

function bearerOf(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}

/**
 * Who is asking: a bearer token, else the session cookie, else (loopback only) the local owner.
 * On loopback the Host header must be a loopback name, so that a page on another site that
 * rebinds its DNS to 127.0.0.1 cannot act as the owner.
 */
export function authenticate(options: AuthOptions): MiddlewareHandler<WebEnv> {
  const { kith } = options;
  const limits = options.rateLimits ?? createRateLimits();
  const audit = options.auditTokenUse ?? createTokenUseAudit(kith.database.db);
  return async (c, next) => {
    rejectCrossSite(c);
    const address = clientAddress(c.env);
    tooMany(limits.take('address', address));
    const bearer = bearerOf(c);
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const token = bearer ?? cookie;
    if (token) {
      tooMany(limits.blocked('wrongToken', address), 'Too many wrong tokens from this address.');
      const verified = bearer ? await verifyScopedToken(kith.database.db, bearer) : await verifySession(kith.database.db, token);
      const user = verified?.user;
      if (!verified || !user) {
        limits.take('wrongToken', address);
        if (!bearer) deleteCookie(c, SESSION_COOKIE, { path: '/' });
        throw new ApiError(401, 'unauthorized', bearer ? 'The token is not valid.' : 'Your session has ended; sign in again.');
      }
      // A cookie is sent by the browser whoever made the page; the CSRF token only by Kith's own page.
      if (cookie && !SAFE_METHODS.has(c.req.method) && !csrfMatches(cookie, c.req.header(CSRF_HEADER))) {
        throw new ApiError(403, 'csrf', `This request needs the page's CSRF token in the ${CSRF_HEADER} header (GET /api/me gives it).`);
      }
      const key = hashToken(token);
      tooMany(limits.take('token', key));
      if (c.req.path === '/api/chat' && c.req.method === 'POST') tooMany(limits.take('chat', key));
      if (bearer) await audit(key, user.id, 'rest');
      // The chat's agent may call any tool: a read token cannot start it.
      if (verified.scope === 'read' && c.req.path === '/api/chat' && c.req.method === 'POST') {
        throw new ApiError(403, 'forbidden', 'This token\'s scope is read: the chat can change data and needs a write or admin token.', { scope: 'read' });
      }
      c.set('user', user);
      c.set('scope', verified.scope);
      if (cookie && 'sessionId' in verified) c.set('session', { id: verified.sessionId, token: cookie });
      return next();
    }
    if (options.localOwner) {
      const host = c.req.header('host');
      // No Host at all is refused too: only a browser on this machine, which always sends one, is the owner.
      if (!host || !LOOPBACK_HOSTS.has(hostnameOf(host))) {
        throw new ApiError(403, 'forbidden', `The Host ${host ?? '(none)'} is not allowed; open the page at http://127.0.0.1 or http://localhost.`);
      }
      if (c.req.path === '/api/chat' && c.req.method === 'POST') tooMany(limits.take('chat', `owner:${address}`));
      c.set('user', kith.owner as User);
      c.set('scope', 'admin');
      return next();
    }
    throw new ApiError(401, 'unauthorized', 'Sign in: send Authorization: Bearer <token> (create one with: kith token create), or sign in on the page.');
  };
}

/** A 429 with Retry-After when a limit is reached. */
export function tooMany(retryAfterSeconds: number | undefined, message = 'Too many requests.'): void {
  if (retryAfterSeconds !== undefined) throw new ApiError(429, 'rate_limited', `${message} Try again in ${retryAfterSeconds} s.`, {}, retryAfterSeconds);
}

/**
 * A page on another site must not drive the API with the user's cookie or as the loopback owner
 * (a form post needs no CORS preflight): a request whose Origin is not this server is refused.
 */
export function rejectCrossSite(c: Context): void {
  if (isExtensionRequest(c)) return;
  if (c.req.header('sec-fetch-site') === 'cross-site') throw new ApiError(403, 'forbidden', 'Cross-site requests are not allowed.');
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  if (!origin || !host || origin === 'null' && c.req.method === 'GET') return;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    throw new ApiError(403, 'forbidden', `The Origin ${origin} is not allowed.`);
  }
  if (originHost !== host.toLowerCase()) throw new ApiError(403, 'forbidden', `The Origin ${origin} is not allowed.`);
}

/** Whether the browser reached us over https (directly, or through a proxy that says so). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * Opens a session for `user` and sets its cookie: HttpOnly (no script reads it), SameSite=Lax
 * (not sent on another site's form posts or fetches), Secure over https. Records the sign-in.
 */
export async function startSession(c: Context, kith: Pick<Kith, 'database'>, user: User, method: SessionMethod, extra: { apiTokenId?: string; scope?: TokenScope } = {}): Promise<{ csrf_token: string }> {
  // Every way of signing in (password, passkey, e-mail link, token) opens its session here.
  if (user.disabledAt) throw new ApiError(403, 'account_disabled', 'This account is disabled: ask an admin of this Kith to enable it.');
  const session = await createSession(kith.database.db, user.id, method, { ...extra, userAgent: c.req.header('user-agent') });
  await withUser(kith.database.db, user.id, (tx) => recordAudit(tx, user.id, { kind: 'sign_in', surface: 'web', detail: { method, address: clientAddress(c.env) } }));
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c), maxAge: SESSION_DAYS * 86_400 });
  return { csrf_token: csrfTokenOf(session.token) };
}

/** POST /api/session {token}: signs the page in with an API token (a session with the token's scope, ended when it is revoked). */
export async function signInWithToken(c: Context, kith: Pick<Kith, 'database'>, token: unknown, limits?: RateLimits): Promise<{ user: User; csrf_token: string }> {
  if (typeof token !== 'string' || !token.trim()) throw new ApiError(400, 'invalid', 'token is required', { field: 'token' });
  const address = clientAddress(c.env);
  if (limits) tooMany(limits.blocked('wrongToken', address), 'Too many wrong tokens from this address.');
  const verified = await verifyScopedToken(kith.database.db, token.trim());
  if (!verified) {
    limits?.take('wrongToken', address);
    throw new ApiError(401, 'unauthorized', 'The token is not valid.');
  }
  const { csrf_token } = await startSession(c, kith, verified.user, 'token', { apiTokenId: verified.tokenId, scope: verified.scope });
  return { user: verified.user, csrf_token };
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
