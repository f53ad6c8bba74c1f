import type { Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { OAuthClientMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { MCP_PATH, OAUTH_PATHS, authorizationServerMetadata, baseUrlOf, mcpResourceUrl, protectedResourceMetadata } from '../../mcp-server/oauth-metadata.js';
import {
  InvalidClientError, InvalidClientMetadataError, InvalidGrantError, InvalidRequestError, InvalidTargetError, OAuthError, ServerError,
  TooManyRequestsError, UnsupportedGrantTypeError, UnsupportedResponseTypeError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { OAUTH_SCOPES, createOAuthStore, offeredScopes, type OAuthScope, type OAuthStore } from '../../accounts/oauth-store.js';
import { clientAddress, type RateLimits } from '../../accounts/rate-limit.js';
import type { Kith } from '../../app/open-kith.js';
import { rejectCrossSite } from './auth.js';
import { currentUser } from './current-user.js';
import { consentPage, escapeHtml, oauthPage, signInPage } from './oauth-pages.js';
import { ApiError } from './http-errors.js';

/**
 * The OAuth 2.1 authorization server for /mcp, inside `kith serve`: metadata (RFC 8414, RFC 9728),
 * dynamic client registration (RFC 7591), authorization code with PKCE S256, the consent page,
 * refresh with rotation, revocation (RFC 7009). A port to Hono of the MCP SDK's Express handlers
 * (server/auth/handlers): the same request schemas, checks and error objects, the SDK's
 * OAuthRegisteredClientsStore contract, and a store in the database (accounts/oauth-store.ts).
 */

const paths = OAUTH_PATHS;

const ClientParams = z.object({ client_id: z.string().min(1), redirect_uri: z.string().optional().refine((v) => v === undefined || URL.canParse(v), { message: 'redirect_uri must be a valid URL' }) });
const AuthorizeParams = z.object({
  response_type: z.string(),
  code_challenge: z.string().min(43).max(128),
  code_challenge_method: z.literal('S256', { message: 'code_challenge_method must be S256' }),
  scope: z.string().optional(),
  state: z.string().max(2048).optional(),
  resource: z.string().url().optional(),
});
const CodeGrant = z.object({ code: z.string(), code_verifier: z.string(), redirect_uri: z.string().optional(), resource: z.string().url().optional() });
const RefreshGrant = z.object({ refresh_token: z.string(), scope: z.string().optional(), resource: z.string().url().optional() });

/** A loopback redirect may come back on any port (RFC 8252 7.3); anything else matches exactly. */
export function redirectUriMatches(requested: string, registered: string): boolean {
  if (requested === registered) return true;
  try {
    const [a, b] = [new URL(requested), new URL(registered)];
    const loopback = ['localhost', '127.0.0.1', '[::1]'];
    return loopback.includes(a.hostname) && a.hostname === b.hostname && a.protocol === b.protocol && a.pathname === b.pathname && a.search === b.search;
  } catch {
    return false;
  }
}

const oauthJson = (c: Context, error: unknown) => {
  const e = error instanceof OAuthError ? error : new ServerError('Internal Server Error');
  const status = e instanceof ServerError ? 500 : e instanceof InvalidClientError ? 401 : e instanceof TooManyRequestsError ? 429 : 400;
  return c.json(e.toResponseObject(), status, { 'Cache-Control': 'no-store' });
};

const issue = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

/** Form fields of a POST (urlencoded or multipart), or the query of a GET, as strings. */
async function paramsOf(c: Context): Promise<Record<string, string>> {
  if (c.req.method === 'GET') return c.req.query();
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** client_secret_basic from the Authorization header, else client_id and client_secret from the form. */
function clientCredentials(c: Context, form: Record<string, string>): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new InvalidClientError('Malformed Basic credentials');
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { id: form.client_id, secret: form.client_secret };
}

function errorRedirect(redirectUri: string, error: OAuthError, state: string | undefined, issuer: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error.errorCode);
  url.searchParams.set('error_description', error.message);
  if (state) url.searchParams.set('state', state);
  url.searchParams.set('iss', issuer);
  return url.href;
}

/** The consent form may redirect only to the client's own address (Chromium applies form-action to the redirect). */
function pageHeaders(redirectUri?: string): Record<string, string> {
  let target = '';
  if (redirectUri) {
    const u = new URL(redirectUri);
    target = u.protocol === 'http:' || u.protocol === 'https:' ? ` ${u.origin}` : ` ${u.protocol}`;
  }
  return {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${target}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
}

export interface OAuthServerOptions {
  kith: Pick<Kith, 'database' | 'owner' | 'log'>;
  localOwner: boolean;
  rateLimits: RateLimits;
  /** KITH_PUBLIC_URL: the issuer and resource behind a proxy. */
  publicUrl?: string;
  store?: OAuthStore;
}

export function mountOAuthServer(app: Hono<any, any, any>, options: OAuthServerOptions): OAuthStore { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { kith, rateLimits } = options;
  const store = options.store ?? createOAuthStore(kith.database.db);
  const base = (c: Context) => baseUrlOf(c, options.publicUrl);
  const tooMany = (c: Context, message: string) => {
    const address = clientAddress(c.env);
    const wait = rateLimits.take('address', address) ?? rateLimits.blocked('wrongToken', address);
    if (wait !== undefined) throw new TooManyRequestsError(`${message} Try again in ${wait} s.`);
  };
  // Every OAuth request is a small form or JSON document.
  app.use('/oauth/*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: 'invalid_request', error_description: 'The request body is too large.' }, 413) }));
  const anyOrigin = cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type', 'MCP-Protocol-Version'] });

  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/oauth-authorization-server/*']) {
    app.use(path, anyOrigin);
    app.get(path, (c) => c.json(authorizationServerMetadata(base(c))));
  }
  for (const path of ['/.well-known/oauth-protected-resource', `/.well-known/oauth-protected-resource${MCP_PATH}`]) {
    app.use(path, anyOrigin);
    app.get(path, (c) => c.json(protectedResourceMetadata(base(c))));
  }

  app.use(paths.register, anyOrigin);
  app.post(paths.register, async (c) => {
    try {
      tooMany(c, 'Too many registrations from this address.');
      let body: unknown;
      try { body = await c.req.json(); } catch { throw new InvalidClientMetadataError('The body must be JSON client metadata'); }
      const parsed = OAuthClientMetadataSchema.safeParse(body);
      if (!parsed.success) throw new InvalidClientMetadataError(issue(parsed.error as unknown as z.ZodError));
      const client = await store.registerClient(parsed.data);
      kith.log.info('oauth client registered', { client_id: client.client_id, client_name: client.client_name ?? null });
      return c.json(client, 201, { 'Cache-Control': 'no-store' });
    } catch (error) {
      return oauthJson(c, error);
    }
  });

  /** Phase 1 of an authorization request: the client and where to send the answer; errors here cannot be redirected. */
  const clientOf = async (params: Record<string, string>) => {
    const parsed = ClientParams.safeParse(params);
    if (!parsed.success) throw new InvalidRequestError(issue(parsed.error));
    const client = await store.getClient(parsed.data.client_id);
    if (!client) throw new InvalidClientError('Invalid client_id');
    let redirectUri = parsed.data.redirect_uri;
    if (redirectUri !== undefined) {
      if (!client.redirect_uris.some((r) => redirectUriMatches(redirectUri!, r))) throw new InvalidRequestError('Unregistered redirect_uri');
    } else if (client.redirect_uris.length === 1) redirectUri = client.redirect_uris[0];
    else throw new InvalidRequestError('redirect_uri must be given when the client has several');
    return { client, redirectUri };
  };
  const refusedPage = (c: Context, error: unknown) => {
    if (error instanceof ApiError) return c.html(oauthPage('This connection cannot go ahead', `<p>${escapeHtml(error.message)}</p>`), error.status as 403, pageHeaders());
    const e = error instanceof OAuthError ? error : new ServerError('Internal Server Error');
    if (!(error instanceof OAuthError)) kith.log.error('oauth authorize failed', { error: String(error) });
    return c.html(oauthPage('This connection cannot go ahead', `<p>${escapeHtml(e.message)}.</p><p class="muted">Try connecting again from the application.</p>`), e instanceof ServerError ? 500 : 400, pageHeaders());
  };

  app.get(paths.authorize, async (c) => {
    const params = c.req.query();
    let client, redirectUri: string;
    try {
      tooMany(c, 'Too many authorization requests from this address.');
      ({ client, redirectUri } = await clientOf(params));
    } catch (error) {
      return refusedPage(c, error);
    }
    const issuer = base(c);
    try {
      const parsed = AuthorizeParams.safeParse(params);
      if (!parsed.success) throw new InvalidRequestError(issue(parsed.error));
      if (parsed.data.response_type !== 'code') throw new UnsupportedResponseTypeError('response_type must be code');
      const resource = parsed.data.resource ?? mcpResourceUrl(issuer);
      if (resource !== mcpResourceUrl(issuer)) throw new InvalidTargetError(`resource must be ${mcpResourceUrl(issuer)}`);
      const signedIn = await currentUser(c, kith, options.localOwner);
      const returnTo = `${paths.authorize}?${new URLSearchParams(params).toString()}`;
      if (!signedIn) return c.html(signInPage(returnTo), 200, pageHeaders());
      const { user } = signedIn;
      // A session opened with a read API token may hand on read only.
      const scopes = signedIn.scope === 'read' ? ['read' as const] : offeredScopes(parsed.data.scope);
      const requestToken = await store.startAuthorization({
        userId: user.id, clientId: client.client_id, redirectUri, codeChallenge: parsed.data.code_challenge,
        requestedScope: scopes.join(' '), resource, state: parsed.data.state,
      });
      return c.html(consentPage({ clientName: client.client_name || 'An application', redirectUri, userEmail: user.email, scopes, requestToken, csrf: signedIn.csrf }), 200, pageHeaders(redirectUri));
    } catch (error) {
      const e = error instanceof OAuthError ? error : new ServerError('Internal Server Error');
      if (!(error instanceof OAuthError)) kith.log.error('oauth authorize failed', { error: String(error) });
      return c.redirect(errorRedirect(redirectUri, e, params.state, issuer), 302);
    }
  });

  // The consent form's answer: from this site (rejectCrossSite), with the session's CSRF token, and
  // the request token that only the page shown to this user has; answered once.
  app.post(paths.authorize, async (c) => {
    try {
      tooMany(c, 'Too many authorization requests from this address.');
      rejectCrossSite(c);
      const form = await paramsOf(c);
      const signedIn = await currentUser(c, kith, options.localOwner);
      if (!signedIn) throw new InvalidRequestError('Your session has ended; start the connection again from the application');
      if (!signedIn.csrfMatches(form.csrf_token)) throw new InvalidRequestError('This form is not from your session; start the connection again from the application');
      const { user } = signedIn;
      const scope = form.decision === 'allow' ? (form.scope as OAuthScope) : null;
      if (scope !== null && !OAUTH_SCOPES.includes(scope)) throw new InvalidRequestError('Choose what the application may do');
      const answer = await store.answerAuthorization(form.request ?? '', user.id, scope);
      if (!answer) throw new InvalidRequestError('This request was answered already or has expired; start the connection again from the application');
      const url = new URL(answer.redirectUri);
      if (answer.code) url.searchParams.set('code', answer.code);
      else url.searchParams.set('error', 'access_denied');
      if (answer.state) url.searchParams.set('state', answer.state);
      url.searchParams.set('iss', base(c));
      return c.redirect(url.href, 303);
    } catch (error) {
      return refusedPage(c, error);
    }
  });

  app.use(paths.token, anyOrigin);
  app.post(paths.token, async (c) => {
    const address = clientAddress(c.env);
    try {
      tooMany(c, 'Too many token requests from this address.');
      const form = await paramsOf(c);
      const credentials = clientCredentials(c, form);
      if (!credentials.id) throw new InvalidRequestError('client_id is required');
      const client = await store.authenticateClient(credentials.id, credentials.secret);
      switch (form.grant_type) {
        case 'authorization_code': {
          const grant = CodeGrant.safeParse(form);
          if (!grant.success) throw new InvalidRequestError(issue(grant.error));
          const tokens = await store.exchangeCode(client, grant.data.code, grant.data.code_verifier, grant.data.redirect_uri, grant.data.resource);
          return c.json(tokens, 200, { 'Cache-Control': 'no-store' });
        }
        case 'refresh_token': {
          const grant = RefreshGrant.safeParse(form);
          if (!grant.success) throw new InvalidRequestError(issue(grant.error));
          const tokens = await store.exchangeRefreshToken(client, grant.data.refresh_token, grant.data.scope?.split(' ').filter(Boolean), grant.data.resource);
          return c.json(tokens, 200, { 'Cache-Control': 'no-store' });
        }
        case undefined:
          throw new InvalidRequestError('grant_type is required');
        default:
          throw new UnsupportedGrantTypeError('The grant type is not supported by this authorization server.');
      }
    } catch (error) {
      // Guessing codes, refresh tokens or client secrets is slowed like guessing API tokens.
      if (error instanceof InvalidGrantError || error instanceof InvalidClientError) rateLimits.take('wrongToken', address);
      if (!(error instanceof OAuthError)) kith.log.error('oauth token request failed', { error: String(error) });
      return oauthJson(c, error);
    }
  });

  app.use(paths.revoke, anyOrigin);
  app.post(paths.revoke, async (c) => {
    try {
      tooMany(c, 'Too many requests from this address.');
      const form = await paramsOf(c);
      const credentials = clientCredentials(c, form);
      if (!credentials.id) throw new InvalidRequestError('client_id is required');
      const client = await store.authenticateClient(credentials.id, credentials.secret);
      if (!form.token) throw new InvalidRequestError('token is required');
      await store.revoke(client, form.token);
      return c.body(null, 200);
    } catch (error) {
      return oauthJson(c, error);
    }
  });
  return store;
}
