import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Largest MCP request: enough for import_data of a sizeable export. */
export const MCP_MAX_BODY = 16 * 1024 * 1024;
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { hashToken, verifyScopedToken, type TokenScope, type VerifiedToken } from '../accounts/tokens.js';
import { catalog } from '../agent/tools/catalog.js';
import { toolsForRole } from '../agent/tools/shared/role-gates.js';
import { clientAddress, createRateLimits, type RateLimits } from '../accounts/rate-limit.js';
import { createTokenUseAudit } from '../agent/tools/shared/audit.js';
import type { User } from '../accounts/users.js';
import type { Kith } from '../app/open-kith.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import { createMcpServer } from './create-server.js';
import { createOAuthStore, isOAuthAccessToken } from '../accounts/oauth-store.js';
import { baseUrlOf, mcpResourceUrl, protectedResourceMetadataUrl } from './oauth-metadata.js';

/** What the HTTP entry needs of Kith: the database (tokens), the tool runtime and calls by name. */
export type McpHttpKith = Pick<Kith, 'runtime' | 'call' | 'database' | 'log'>;

export interface McpHttpOptions {
  kith: McpHttpKith;
  /**
   * Host header values accepted (DNS-rebinding protection). "host:port" matches exactly, a bare
   * "host" matches any port. Default: localhost, 127.0.0.1 and [::1] on the port the request came in on.
   */
  allowedHosts?: string[];
  /**
   * Origin header values accepted, e.g. "https://kith.example.com". A request without Origin (every
   * non-browser client) is accepted. Default: http(s) origins whose host is an allowed host.
   */
  allowedOrigins?: string[];
  /** Where to mount the endpoint (default /mcp). */
  path?: string;
  /** Largest request body, in bytes (default 16 MiB, enough for import_data of a sizeable export). */
  maxRequestBodySize?: number;
  /** The tools to offer (default: the whole catalog). */
  tools?: AnyTool[];
  /**
   * How long a verified token is trusted without asking the database again, in ms. Default 0: every
   * request asks (one indexed lookup), so a deleted token or user is refused at once.
   */
  tokenCacheMs?: number;
  /** Per token and per address limits, shared with the web app that mounts /mcp. */
  rateLimits?: RateLimits;
  /** Records token use in the audit log (throttled). */
  auditTokenUse?: ReturnType<typeof createTokenUseAudit>;
  /**
   * Accept OAuth access tokens of Kith's authorization server (web/server/oauth-server.ts) beside
   * API tokens, bound to this endpoint's URL; a 401 names the protected resource metadata (RFC 9728).
   */
  oauth?: { publicUrl?: string };
}

type Env = { Variables: { mcpUser: User; mcpScope: TokenScope } };

/** Trailing slashes off, without a regular expression that rescans a run of them. */
const trimSlashes = (s: string): string => { let end = s.length; while (end > 0 && s[end - 1] === '/') end--; return s.slice(0, end); };

const LOCAL_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'];

function jsonRpcError(c: Context, status: 401 | 403 | 405, code: number, message: string, headers: Record<string, string> = {}) {
  return c.json({ jsonrpc: '2.0', id: null, error: { code, message } }, status, headers);
}

/** The local port of the connection, when served by @hono/node-server. */
function boundPort(c: Context): number | undefined {
  const env = c.env as { incoming?: { socket?: { localPort?: number } } } | undefined;
  return env?.incoming?.socket?.localPort;
}

function hostMatches(host: string, allowed: string[]): boolean {
  const h = host.toLowerCase();
  const hostname = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return allowed.some((a) => {
    const entry = a.toLowerCase();
    const hasPort = entry.startsWith('[') ? entry.includes(']:') : entry.includes(':');
    return hasPort ? entry === h : entry === hostname;
  });
}

/** 403 for a Host or an Origin that is not ours: a web page on another site cannot drive the endpoint. */
export function dnsRebindingProtection(options: Pick<McpHttpOptions, 'allowedHosts' | 'allowedOrigins'>): MiddlewareHandler {
  const origins = options.allowedOrigins?.map((o) => trimSlashes(o).toLowerCase());
  return async (c, next) => {
    const port = boundPort(c);
    const hosts = options.allowedHosts ?? (port ? LOCAL_HOSTNAMES.map((h) => `${h}:${port}`) : LOCAL_HOSTNAMES);
    const host = c.req.header('host');
    if (!host || !hostMatches(host, hosts)) return jsonRpcError(c, 403, -32000, `Forbidden: the Host ${host ?? '(none)'} is not allowed.`);
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let ok = false;
      if (origins) ok = origins.includes(trimSlashes(origin).toLowerCase());
      else {
        try {
          const url = new URL(origin);
          ok = (url.protocol === 'http:' || url.protocol === 'https:') && hostMatches(url.host, hosts);
        } catch {
          ok = false;
        }
      }
      if (!ok) return jsonRpcError(c, 403, -32000, `Forbidden: the Origin ${origin} is not allowed.`);
    }
    await next();
  };
}

/** 401 unless the request carries `Authorization: Bearer <token>` of a Kith user. */
export function bearerAuth(kith: McpHttpKith, cacheMs = 0, limits: RateLimits = createRateLimits(), audit = createTokenUseAudit(kith.database.db), oauth?: McpHttpOptions['oauth']): MiddlewareHandler<Env> {
  const oauthTokens = oauth ? createOAuthStore(kith.database.db) : undefined;
  // An OAuth token is good here only if it was issued for this endpoint (RFC 8707 audience).
  const verifyOAuth = async (c: Context, token: string): Promise<VerifiedToken | undefined> => {
    const found = await oauthTokens!.verifyAccessToken(token);
    if (!found || (found.resource !== null && found.resource !== mcpResourceUrl(baseUrlOf(c, oauth!.publicUrl)))) return undefined;
    return { user: found.user, scope: found.scope, tokenId: found.tokenId };
  };
  const challenge = (c: Context, extra = '') => oauth
    ? `Bearer realm="kith", resource_metadata="${protectedResourceMetadataUrl(baseUrlOf(c, oauth.publicUrl))}"${extra}`
    : `Bearer realm="kith"${extra}`;
  const limited = (c: Context, seconds: number, message: string) =>
    c.json({ jsonrpc: '2.0', id: null, error: { code: -32000, message: `${message} Try again in ${seconds} s.` } }, 429, { 'Retry-After': String(seconds) });
  const cache = new Map<string, { verified: VerifiedToken; until: number }>();
  const lookUp = async (token: string): Promise<VerifiedToken | undefined> => {
    if (cacheMs <= 0) return verifyScopedToken(kith.database.db, token);
    const key = hashToken(token);
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.verified;
    const verified = await verifyScopedToken(kith.database.db, token);
    if (cache.size >= 1000) cache.clear();
    if (verified) cache.set(key, { verified, until: Date.now() + cacheMs });
    else cache.delete(key);
    return verified;
  };
  return async (c, next) => {
    const address = clientAddress(c.env);
    const busy = limits.take('address', address) ?? limits.blocked('wrongToken', address);
    if (busy !== undefined) return limited(c, busy, 'Too many requests from this address.');
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      return jsonRpcError(c, 401, -32001, 'Unauthorized: send Authorization: Bearer <token> (create one with: kith token create --user <email>, or connect with OAuth).', {
        'WWW-Authenticate': challenge(c),
      });
    }
    const verified = oauthTokens && isOAuthAccessToken(match[1]) ? await verifyOAuth(c, match[1]) : await lookUp(match[1]);
    const user = verified?.user;
    if (!verified || !user) {
      limits.take('wrongToken', address);
      return jsonRpcError(c, 401, -32001, 'Unauthorized: the token is not valid.', {
        'WWW-Authenticate': challenge(c, ', error="invalid_token", error_description="The token is not valid"'),
      });
    }
    const key = hashToken(match[1]);
    const wait = limits.take('token', key);
    if (wait !== undefined) return limited(c, wait, 'Too many requests with this token.');
    await audit(key, user.id, 'mcp');
    c.set('mcpUser', user);
    c.set('mcpScope', verified.scope);
    await next();
  };
}

/**
 * Mounts the MCP Streamable HTTP endpoint (default /mcp) on a Hono app. Stateless: every POST gets
 * a fresh server and transport for the token's user, so any number of processes behind a load
 * balancer can answer any request. GET (a server-to-client stream) and DELETE (ending a session)
 * have no meaning without sessions and answer 405.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mountMcp(app: Hono<any, any, any>, options: McpHttpOptions): void {
  const path = options.path ?? '/mcp';
  const { kith } = options;
  const mcp = new Hono<Env>();
  // Capped while it is read, before the token is looked up or the JSON parsed.
  mcp.use('*', bodyLimit({ maxSize: options.maxRequestBodySize ?? MCP_MAX_BODY, onError: (c) => c.json({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'The request body is too large.' } }, 413) }));
  mcp.use('*', dnsRebindingProtection(options));
  mcp.use('*', bearerAuth(kith, options.tokenCacheMs, options.rateLimits, options.auditTokenUse, options.oauth));
  mcp.post('/', async (c) => {
    const user = c.get('mcpUser');
    // A read token is offered (and can call) only the read-only tools: a write tool is unknown to it.
    // A member is not offered the admin tools (runTool would refuse them).
    const offered = toolsForRole(options.tools ?? catalog, user.role);
    const tools = c.get('mcpScope') === 'read' ? offered.filter((t) => t.annotations.readOnlyHint) : offered;
    const server = createMcpServer({ kith, userId: user.id, tools });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: options.maxRequestBodySize ?? MCP_MAX_BODY,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      // With JSON responses the answer is complete once handleRequest returns.
      void server.close().catch(() => {});
    }
  });
  mcp.on(['GET', 'DELETE'], '/', (c) =>
    jsonRpcError(c, 405, -32000, 'Method not allowed: this MCP endpoint is stateless; send JSON-RPC messages with POST.', { Allow: 'POST' }));
  app.route(path, mcp);
}

/** A Hono app serving only /mcp (tests, and running the endpoint on its own). */
export function createMcpHttpApp(kith: McpHttpKith, options: Omit<McpHttpOptions, 'kith'> = {}): Hono<Env> {
  const app = new Hono<Env>();
  mountMcp(app, { ...options, kith });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
