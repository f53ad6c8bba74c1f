import type { Context } from 'hono';
import type { OAuthMetadata, OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { OAUTH_SCOPES } from '../accounts/oauth-store.js';
import { trimEndOf } from '../agent/tools/shared/trim.js';

/** /mcp as an OAuth protected resource: its URLs and the metadata documents (RFC 8414, RFC 9728). */

export const MCP_PATH = '/mcp';
export const OAUTH_PATHS = { authorize: '/oauth/authorize', token: '/oauth/token', register: '/oauth/register', revoke: '/oauth/revoke' };

/** Where this server is reached: KITH_PUBLIC_URL behind a proxy, else the request's own origin. */
export function baseUrlOf(c: Context, publicUrl?: string): string {
  const base = publicUrl ?? new URL(c.req.url).origin;
  return trimEndOf(base, '/');
}

/** The resource indicator tokens are bound to (RFC 8707): the /mcp endpoint's URL. */
export const mcpResourceUrl = (base: string): string => `${base}${MCP_PATH}`;
export const protectedResourceMetadataUrl = (base: string): string => `${base}/.well-known/oauth-protected-resource${MCP_PATH}`;

export function authorizationServerMetadata(base: string): OAuthMetadata {
  return {
    issuer: base,
    authorization_endpoint: base + OAUTH_PATHS.authorize,
    token_endpoint: base + OAUTH_PATHS.token,
    registration_endpoint: base + OAUTH_PATHS.register,
    revocation_endpoint: base + OAUTH_PATHS.revoke,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    scopes_supported: [...OAUTH_SCOPES],
  };
}

export function protectedResourceMetadata(base: string): OAuthProtectedResourceMetadata {
  return {
    resource: mcpResourceUrl(base),
    authorization_servers: [base],
    scopes_supported: [...OAUTH_SCOPES],
    bearer_methods_supported: ['header'],
    resource_name: 'Kith',
  };
}

