import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { hashToken, verifyScopedToken, verifyToken, type TokenScope } from '../../accounts/tokens.js';
import type { AnyTool } from '../../agent/tools/define-tool.js';
import { clientAddress, createRateLimits, type RateLimits } from '../../accounts/rate-limit.js';
import { createTokenUseAudit, recordAudit } from '../../agent/tools/shared/audit.js';
import { withUser } from '../../db/with-user.js';
import type { User } from '../../accounts/users.js';
import type { Kith } from '../../app/open-kith.js';
import { ApiError } from './http-errors.js';
import { isExtensionRequest } from './extension-origin.js';

export const SESSION_COOKIE = 'kith_session';

export type WebEnv = { Variables: { user: User; scope: TokenScope } };

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
    const cookie = getCookie(c, SESSION_COOKIE);
    const token = bearer ?? cookie;
    if (token) {
      tooMany(limits.blocked('wrongToken', address), 'Too many wrong tokens from this address.');
      const verified = await verifyScopedToken(kith.database.db, token);
      const user = verified?.user;
      if (!verified || !user) {
        limits.take('wrongToken', address);
        if (!bearer) deleteCookie(c, SESSION_COOKIE, { path: '/' });
        throw new ApiError(401, 'unauthorized', bearer ? 'The token is not valid.' : 'Your session has ended; sign in again.');
      }
      const key = hashToken(token);
      tooMany(limits.take('token', key));
      if (c.req.path === '/api/chat' && c.req.method === 'POST') tooMany(limits.take('chat', key));
      await audit(key, user.id, bearer ? 'rest' : 'web');
      // The chat's agent may call any tool: a read token cannot start it.
      if (verified.scope === 'read' && c.req.path === '/api/chat' && c.req.method === 'POST') {
        throw new ApiError(403, 'forbidden', 'This token\'s scope is read: the chat can change data and needs a write or admin token.', { scope: 'read' });
      }
      c.set('user', user);
      c.set('scope', verified.scope);
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
function rejectCrossSite(c: Context): void {
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

/** POST /api/session {token}: checks the token and keeps it in an HttpOnly cookie. */
export async function signIn(c: Context, kith: Pick<Kith, 'database'>, token: unknown, limits?: RateLimits): Promise<User> {
  if (typeof token !== 'string' || !token.trim()) throw new ApiError(400, 'invalid', 'token is required', { field: 'token' });
  const address = clientAddress(c.env);
  if (limits) tooMany(limits.blocked('wrongToken', address), 'Too many wrong tokens from this address.');
  const user = await verifyToken(kith.database.db, token.trim());
  if (!user) {
    limits?.take('wrongToken', address);
    throw new ApiError(401, 'unauthorized', 'The token is not valid.');
  }
  await withUser(kith.database.db, user.id, (tx) => recordAudit(tx, user.id, { kind: 'sign_in', surface: 'web', detail: { address } }));
  const secure = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  setCookie(c, SESSION_COOKIE, token.trim(), { httpOnly: true, sameSite: 'Strict', path: '/', secure, maxAge: 60 * 60 * 24 * 30 });
  return user;
}

export function signOut(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
