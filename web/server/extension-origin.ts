import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './http-errors.js';

/**
 * The Kith browser extension (extension/) calls the API from its own pages, whose Origin is
 * chrome-extension://<id> or moz-extension://<uuid>. It always sends the user's API token as a
 * bearer: never a cookie, never the loopback owner. So such a request is let through the
 * cross-site check only with a bearer, and it gets CORS answers, which Firefox and Chrome need
 * when the user has not granted the extension the Kith origin as a host permission.
 */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]{1,64}$/i;

export function isExtensionOrigin(origin: string | undefined): origin is string {
  return !!origin && EXTENSION_ORIGIN.test(origin);
}

const hasBearer = (c: Context) => /^Bearer\s+\S+\s*$/i.test(c.req.header('authorization') ?? '');

/** An extension's request that carries a token: authenticate() checks the token, not the Origin. */
export function isExtensionRequest(c: Context): boolean {
  return isExtensionOrigin(c.req.header('origin')) && hasBearer(c);
}

export function extensionCors(): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!isExtensionOrigin(origin)) return next();
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    const open = c.req.path.endsWith('/api/health') || c.req.path.endsWith('/api/openapi.json');
    if (!open && !hasBearer(c)) {
      throw new ApiError(401, 'unauthorized', 'The extension has no API token: create one with kith token create and paste it in the extension\'s options.');
    }
    return next();
  };
}
