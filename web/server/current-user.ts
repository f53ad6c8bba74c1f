import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { verifyToken } from '../../accounts/tokens.js';
import type { User } from '../../accounts/users.js';
import type { Kith } from '../../app/open-kith.js';
import { SESSION_COOKIE, isLoopbackAddress } from './auth.js';

/**
 * The person signed in to the page that made this request, for pages outside /api (the OAuth
 * consent page): the session cookie, else on a loopback server the local owner, else nobody.
 * The one place the consent step learns who is signed in.
 */
export async function currentUser(c: Context, kith: Pick<Kith, 'database' | 'owner'>, localOwner: boolean): Promise<User | undefined> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) return verifyToken(kith.database.db, cookie);
  const host = c.req.header('host');
  if (!localOwner || !host) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
  return isLoopbackAddress(hostname) ? (kith.owner as User) : undefined;
}
