import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Kith } from '../../app/open-kith.js';
import { selectModel } from '../../agent/models/select-model.js';
import { assertAdminScope, authenticate, clearSessionCookie as signOutCookie, signInWithToken, type WebEnv } from './auth.js';
import { mountAccountRoutes, mountPublicSignIn, publicUser } from './sign-in-routes.js';
import { createAccountMail } from '../../app/account-mail.js';
import { csrfTokenOf, endSession } from '../../accounts/sessions.js';
import { createToken, listTokens, revokeToken, TOKEN_SCOPES, type TokenScope } from '../../accounts/tokens.js';
import { ApiError, errorResponse } from './http-errors.js';
import { mountRestRoutes } from './rest-api.js';
import { mountMailSync } from './mail-sync-route.js';
import { mountImportRoutes } from './import-routes.js';
import { extensionCors } from './extension-origin.js';
import { openApiDocument } from './openapi.js';
import type { chatHandlers } from './chat.js';
import { createChatStore } from './chat-store.js';
import { mountClient } from './static-client.js';
import { bodyInput } from './tool-input.js';
import { mountSlack, type MountSlackDeps } from '../../bots/slack/mount.js';
import { createRateLimits, type RateLimits } from '../../accounts/rate-limit.js';
import { createTokenUseAudit } from '../../agent/tools/shared/audit.js';
import { createChangeFeed, eventsHandler, type ChangeFeed } from './live-events.js';
import { mountCalendarDownloads, mountCalendarFeed, mountCalendarSync } from './calendar-routes.js';
import { mountPushKey, mountReminderActions } from './reminder-routes.js';
import { mountStripeWebhook } from './stripe-webhook.js';
import { mountOAuthServer } from './oauth-server.js';
import type { OAuthStore } from '../../accounts/oauth-store.js';

const feeds = new WeakMap<Hono<WebEnv>, ChangeFeed>();
/** The app's change feed (startServer closes it with the server). */
export const changeFeedOf = (app: Hono<WebEnv>): ChangeFeed | undefined => feeds.get(app);

export interface WebAppOptions {
  kith: Kith;
  /**
   * Requests without credentials act as the local owner. True when the server is bound to a
   * loopback address (startServer decides); false requires a token or a session for everything.
   */
  localOwner?: boolean;
  /** The chat's language model; default selectModel(kith.config). */
  model?: LanguageModelV3;
  /** The built page; default web/client/dist of the package. */
  clientDir?: string;
  /** Serve the page (default true). */
  serveClient?: boolean;
  /** Mount the MCP endpoint at /mcp (default true). */
  mcp?: boolean;
  /** Host header values the MCP endpoint accepts (DNS-rebinding protection), when not bound to loopback. */
  allowedHosts?: string[];
  /** The Slack bot at POST /slack/events when SLACK_* are set (bots/slack); false leaves it out. */
  slack?: Omit<MountSlackDeps, 'kith'> | false;
  /** Request limits (default: accounts/rate-limit.ts DEFAULT_RULES). */
  rateLimits?: RateLimits;
  /** Where users reach this server (KITH_PUBLIC_URL behind a proxy): the OAuth issuer and /mcp's resource URL. Default: each request's origin. */
  publicUrl?: string;
}

const preloads = new WeakMap<object, () => Promise<void>>();

/**
 * Loads what the chat and /mcp load on first use (their modules, the chat's model and its planner
 * thread). Compiling those modules holds the event loop about half a second, once: a server does it
 * right after it starts listening, so that the first chat does not make every other user wait.
 */
export function preloadWebApp(app: Hono<WebEnv>): Promise<void> {
  return preloads.get(app)?.() ?? Promise.resolve();
}

const MB = 1024 * 1024;
/** Largest body per route: imports carry files, the chat its history, everything else one record. */
export function bodyLimitFor(path: string): number {
  if (/^\/api\/(?:imports?|tools\/import_(?:data|file))$/.test(path)) return 64 * MB;
  if (path === '/api/chat') return 4 * MB;
  // a résumé file of up to 5 MB, as base64 in JSON (a third more) or as a form upload
  if (path === '/api/resumes' || path === '/api/tools/add_resume') return 8 * MB;
  // a raw e-mail of up to 25 MB (log_email's limit; the extension sends a message's source), as a JSON string
  if (path === '/api/tools/log_email') return 32 * MB;
  return 1 * MB;
}

/** Stops reading a body past its route's limit (Content-Length or while streaming), before it is parsed. */
function routeBodyLimit(): MiddlewareHandler<WebEnv> {
  const limits = new Map<number, MiddlewareHandler>();
  return (c, next) => {
    const maxSize = bodyLimitFor(c.req.path);
    let limit = limits.get(maxSize);
    if (!limit) {
      limit = bodyLimit({ maxSize, onError: (ctx) => { throw new ApiError(413, 'too_large', `The request body is too large (${maxSize / MB} MB at most for ${ctx.req.path}).`); } });
      limits.set(maxSize, limit);
    }
    return limit(c, next);
  };
}

/** The whole web surface on one Hono app: REST over the catalog, /api/chat, /mcp and the page. */
export function createWebApp(options: WebAppOptions): Hono<WebEnv> {
  const { kith } = options;
  const localOwner = options.localOwner ?? false;
  const app = new Hono<WebEnv>();
  let oauthStore: OAuthStore | undefined;
  // One set of limits and one token-use log for REST, the chat, sign-in and /mcp of this app.
  const rateLimits = options.rateLimits ?? createRateLimits();
  const auditTokenUse = createTokenUseAudit(kith.database.db);
  let model: Promise<LanguageModelV3> | undefined;
  const chatModel = () => (model ??= options.model ? Promise.resolve(options.model) : selectModel(kith.config, { encoder: kith.encoder, planIn: 'worker' }).then((m) => m.model));

  app.onError((error, c) => errorResponse(c, error, kith.log));
  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404) : c.text('Not found', 404)));

  // MCP and the chat load their modules (the MCP SDK, the AI SDK) on first use: start-up stays short.
  let mcpApp: (() => Promise<Hono>) | undefined;
  if (options.mcp !== false) {
    let mcp: Promise<Hono> | undefined;
    mcpApp = () => (mcp ??= import('../../mcp-server/http.js').then(({ mountMcp }) => {
      const sub = new Hono();
      mountMcp(sub, { kith, allowedHosts: options.allowedHosts, rateLimits, auditTokenUse, oauth: { publicUrl: options.publicUrl } });
      return sub;
    }));
    app.all('/mcp', async (c) => (await mcpApp!()).fetch(c.req.raw, c.env));
    oauthStore = mountOAuthServer(app, { kith, localOwner, rateLimits, publicUrl: options.publicUrl });
  }
  if (options.slack !== false) mountSlack(app, { kith, model: options.model, ...options.slack });
  mountCalendarFeed(app, kith);
  mountReminderActions(app, kith);
  if (kith.config.stripeWebhookSecret) mountStripeWebhook(app, kith, kith.config.stripeWebhookSecret);

  const api = new Hono<WebEnv>();
  api.use('*', extensionCors());
  api.use('*', routeBodyLimit());
  api.get('/health', (c) => c.json({ ok: true }));
  api.get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)));
  api.post('/session', async (c) => {
    const { user, csrf_token } = await signInWithToken(c, kith, (await bodyInput(c)).token, rateLimits);
    return c.json({ user: publicUser(user), csrf_token });
  });
  mountPublicSignIn(api, { kith, limits: rateLimits, mail: createAccountMail(kith.config) });
  api.use('*', authenticate({ kith, localOwner, rateLimits, auditTokenUse }));
  api.delete('/session', async (c) => {
    const session = c.get('session');
    if (session) await endSession(kith.database.db, session.token);
    signOutCookie(c);
    return c.json({ ok: true });
  });
  mountAccountRoutes(api, { kith });
  api.get('/me', (c) => {
    const user = c.get('user');
    const session = c.get('session');
    return c.json({
      user: publicUser(user), local_owner: user.id === kith.owner.id && localOwner, scope: c.get('scope'),
      // the page sends it back in X-CSRF-Token with every change it asks for
      csrf_token: session ? csrfTokenOf(session.token) : null,
      tz: kith.runtime.tz, today: kith.runtime.now().toISOString(),
    });
  });
  mountRestRoutes(api, kith);
  mountImportRoutes(api, kith);
  mountMailSync(api, kith);
  mountCalendarDownloads(api, kith);
  mountCalendarSync(api, kith);
  mountPushKey(api, kith);
  const feed = createChangeFeed(kith.database);
  feeds.set(app, feed);
  api.get('/events', eventsHandler(feed));
  // The user's API tokens (never their values), for the page's settings; an admin token or the page's own session.
  api.get('/tokens', async (c) => { assertAdminScope(c); return c.json({ tokens: await listTokens(kith.database.db, c.get('user').id) }); });
  api.post('/tokens', async (c) => {
    assertAdminScope(c);
    const input = await bodyInput(c);
    const label = input.label === undefined || input.label === null ? undefined : String(input.label).trim().slice(0, 100) || undefined;
    const scope = (input.scope ?? 'write') as TokenScope;
    if (!TOKEN_SCOPES.includes(scope)) throw new ApiError(400, 'invalid', `scope: "${String(scope)}" is not a scope (one of: ${TOKEN_SCOPES.join(', ')})`, { field: 'scope' });
    let expiresAt: Date | null = null;
    if (input.expires_at !== undefined && input.expires_at !== null && input.expires_at !== '') {
      expiresAt = new Date(String(input.expires_at));
      if (Number.isNaN(expiresAt.getTime())) throw new ApiError(400, 'invalid', `expires_at: "${String(input.expires_at).slice(0, 40)}" is not a date`, { field: 'expires_at' });
      if (expiresAt.getTime() <= Date.now()) throw new ApiError(400, 'invalid', 'expires_at: must be in the future', { field: 'expires_at' });
    }
    const made = await createToken(kith.database.db, c.get('user').id, label, { scope, expiresAt });
    // the value once, here; only its hash is kept
    return c.json({ token: made.token, id: made.id, scope, label: label ?? null, expires_at: expiresAt?.toISOString() ?? null }, 201);
  });
  api.delete('/tokens/:id', async (c) => {
    assertAdminScope(c);
    if (!await revokeToken(kith.database.db, c.get('user').id, c.req.param('id'))) throw new ApiError(404, 'not_found', 'No such token.');
    return c.json({ revoked: true });
  });
  // The applications connected over OAuth (claude.ai, an MCP client): listed and disconnected like tokens.
  api.get('/oauth/grants', async (c) => { assertAdminScope(c); return c.json({ grants: oauthStore ? await oauthStore.listGrants(c.get('user').id) : [] }); });
  api.delete('/oauth/grants/:id', async (c) => {
    assertAdminScope(c);
    if (!oauthStore || !await oauthStore.revokeGrant(c.get('user').id, c.req.param('id'))) throw new ApiError(404, 'not_found', 'No such connected application.');
    return c.json({ revoked: true });
  });
  let chat: Promise<ReturnType<typeof chatHandlers>> | undefined;
  const handlers = () => (chat ??= import('./chat.js').then((m) => m.chatHandlers({ kith, store: createChatStore(kith.database.db), model: chatModel })));
  api.get('/chats', async (c) => (await handlers()).list(c));
  api.get('/chat/:id', async (c) => (await handlers()).load(c));
  api.post('/chat', async (c) => (await handlers()).post(c));
  api.all('*', (c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404));
  api.onError((error, c) => errorResponse(c, error, kith.log));
  app.route('/api', api);

  if (options.serveClient !== false) mountClient(app, options.clientDir);
  preloads.set(app, async () => { await Promise.all([handlers(), chatModel(), mcpApp?.()]); });
  return app;
}
