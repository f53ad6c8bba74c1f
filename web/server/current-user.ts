import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrfMatches, csrfTokenOf, verifySession } from '../../accounts/sessions.js';
import type { TokenScope } from '../../accounts/tokens.js';
import type { User } from '../../accounts/users.js';
import type { Kith } from '../../app/open-kith.js';
import { SESSION_COOKIE, isLoopbackAddress } from './auth.js';

export interface SignedIn {
  user: User;
  /** The session's scope: a session opened with a read API token may grant read only. */
  scope: TokenScope;
  /** The page's CSRF token, for a form posted with the session cookie (none for the loopback owner, who has no cookie). */
  csrf?: string;
  /** Whether a form's CSRF token is this session's. */
  csrfMatches(given: string | undefined): boolean;
}

/**
 * The person signed in to the page that made this request, for pages outside /api (the OAuth
 * consent page): the session cookie (accounts/sessions.ts), else on a loopback server the local
 * owner, else nobody. The one place the consent step learns who is signed in.
 */
export async function currentUser(c: Context, kith: Pick<Kith, 'database' | 'owner'>, localOwner: boolean): Promise<SignedIn | undefined> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const session = await verifySession(kith.database.db, cookie);
    return session && { user: session.user, scope: session.scope, csrf: csrfTokenOf(cookie), csrfMatches: (given) => csrfMatches(cookie, given) };
  }
  const host = c.req.header('host');
  if (!localOwner || !host) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
  return isLoopbackAddress(hostname) ? { user: kith.owner as User, scope: 'admin', csrfMatches: () => true } : undefined;
}
