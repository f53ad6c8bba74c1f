import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { OAuthClientInformationFull, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidClientError, InvalidClientMetadataError, InvalidGrantError, InvalidRequestError, InvalidTargetError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { oauthAuthorizations, oauthClients, oauthTokens, users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { hashToken } from './tokens.js';
import type { User } from './users.js';

/**
 * The OAuth 2.1 authorization server's state, in the database: registered clients, consents and
 * the codes they give, access/refresh token pairs. Secrets, codes and tokens are random, handed out
 * once, and stored only as SHA-256 hashes. Expiry is the database's clock, like API tokens.
 */

/** What an OAuth token may do on /mcp: the API tokens' scopes read and write (admin only manages API tokens). */
export type OAuthScope = 'read' | 'write';
export const OAUTH_SCOPES: readonly OAuthScope[] = ['read', 'write'];

export const ACCESS_TOKEN_SECONDS = 60 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;
export const CODE_SECONDS = 10 * 60;

const ACCESS_PREFIX = 'kitho_';
const REFRESH_PREFIX = 'kithr_';
const random = (prefix: string) => prefix + randomBytes(32).toString('base64url');

/** Whether a bearer token is an OAuth access token (else an API token). */
export const isOAuthAccessToken = (token: string): boolean => token.startsWith(ACCESS_PREFIX);

/**
 * The scopes a request may be granted, from its scope parameter: unknown names are ignored (RFC
 * 6749 lets the server grant less, and the token response says what it granted); none at all, or
 * write, offers write; read alone offers read only.
 */
export function offeredScopes(requested: string | undefined): OAuthScope[] {
  const names = (requested ?? '').split(/\s+/).filter(Boolean);
  const known = names.filter((n): n is OAuthScope => (OAUTH_SCOPES as readonly string[]).includes(n));
  if (known.length === 0 || known.includes('write')) return ['read', 'write'];
  return ['read'];
}

/** PKCE S256 (RFC 7636): BASE64URL(SHA256(verifier)) equals the challenge. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A redirect URI a client may register: https, http on a loopback host, or an app's own scheme. */
function checkRedirectUri(uri: string): void {
  const url = new URL(uri);
  if (url.hash) throw new InvalidClientMetadataError(`redirect_uris: ${uri} must not have a fragment`);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw new InvalidClientMetadataError(`redirect_uris: ${uri} must use https (plain http only on localhost)`);
  }
}

const toInformation = (row: typeof oauthClients.$inferSelect): OAuthClientInformationFull => ({
  ...(row.metadata as OAuthClientMetadata),
  client_id: row.clientId,
  client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000),
});

export interface OAuthStore extends OAuthRegisteredClientsStore {
  getClient(clientId: string): Promise<OAuthClientInformationFull | undefined>;
  registerClient(metadata: OAuthClientMetadata): Promise<OAuthClientInformationFull>;
  /** The client of a token request, its secret checked when it has one (client_secret_post or _basic). */
  authenticateClient(clientId: string, secret: string | undefined): Promise<OAuthClientInformationFull>;
  /** Records a request the consent page shows; the returned secret is the page form's (CSRF) token. */
  startAuthorization(request: AuthorizationRequest): Promise<string>;
  /** The pending request behind a consent form, if it is this user's, unanswered and not expired. */
  pendingAuthorization(requestToken: string, userId: string): Promise<typeof oauthAuthorizations.$inferSelect | undefined>;
  /** The user's answer: a code for the redirect when approved with a scope, undefined when denied. */
  answerAuthorization(requestToken: string, userId: string, scope: OAuthScope | null): Promise<{ redirectUri: string; state: string | null; code?: string } | undefined>;
  exchangeCode(client: OAuthClientInformationFull, code: string, verifier: string, redirectUri: string | undefined, resource: string | undefined): Promise<OAuthTokens>;
  exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, scopes: string[] | undefined, resource: string | undefined): Promise<OAuthTokens>;
  /** The user and scope of an unexpired access token, or undefined. */
  verifyAccessToken(token: string): Promise<{ user: User; scope: OAuthScope; tokenId: string; resource: string | null; clientId: string } | undefined>;
  /** RFC 7009: ends the grant a token (access or refresh) of this client belongs to. Unknown tokens are no error. */
  revoke(client: OAuthClientInformationFull, token: string): Promise<void>;
  /** The user's connected applications (one per grant with a live refresh token). */
  listGrants(userId: string): Promise<Array<{ grant_id: string; client_id: string; client_name: string | null; scope: OAuthScope; connected_at: string }>>;
  /** Disconnects one of the user's applications: every token of the grant goes. */
  revokeGrant(userId: string, grantId: string): Promise<boolean>;
}

/** A token request's outcome; a refusal is returned, not thrown, so that what it revoked is committed. */
type Settled = { tokens: OAuthTokens } | { error: Error };
const settle = (outcome: Settled): OAuthTokens => {
  if ('error' in outcome) throw outcome.error;
  return outcome.tokens;
};

export interface AuthorizationRequest {
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  requestedScope: string;
  resource?: string;
  state?: string;
}

export function createOAuthStore(db: KithDb): OAuthStore {
  const issueTokens = async (tx: KithDb, grant: { grantId: string; userId: string; clientId: string; scope: OAuthScope; resource: string | null }): Promise<OAuthTokens> => {
    const access = random(ACCESS_PREFIX);
    const refresh = random(REFRESH_PREFIX);
    await tx.insert(oauthTokens).values({
      ...grant,
      accessHash: hashToken(access), refreshHash: hashToken(refresh),
      accessExpiresAt: sql`now() + make_interval(secs => ${ACCESS_TOKEN_SECONDS})`,
      refreshExpiresAt: sql`now() + make_interval(secs => ${REFRESH_TOKEN_SECONDS})`,
    });
    return { access_token: access, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, refresh_token: refresh, scope: grant.scope };
  };
  const endGrant = (tx: KithDb, grantId: string) => tx.delete(oauthTokens).where(eq(oauthTokens.grantId, grantId));
  const resourceProblem = (granted: string | null, asked: string | undefined) =>
    asked !== undefined && granted !== null && asked !== granted ? new InvalidTargetError(`resource: ${asked} is not the resource this grant is for`) : undefined;

  return {
    async getClient(clientId) {
      const [row] = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId)).limit(1);
      return row ? toInformation(row) : undefined;
    },

    async registerClient(metadata) {
      if (metadata.redirect_uris.length === 0) throw new InvalidClientMetadataError('redirect_uris: at least one is required');
      for (const uri of metadata.redirect_uris) checkRedirectUri(uri);
      const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
      if (!['none', 'client_secret_post', 'client_secret_basic'].includes(method)) {
        throw new InvalidClientMetadataError(`token_endpoint_auth_method: ${method} is not supported (none, client_secret_post or client_secret_basic)`);
      }
      const grants = metadata.grant_types ?? ['authorization_code', 'refresh_token'];
      if (grants.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) throw new InvalidClientMetadataError('grant_types: only authorization_code and refresh_token are supported');
      const stored: OAuthClientMetadata = { ...metadata, token_endpoint_auth_method: method, grant_types: grants, response_types: ['code'] };
      const clientId = randomUUID();
      const secret = method === 'none' ? undefined : random('kithcs_');
      const [row] = await db.insert(oauthClients).values({ clientId, clientSecretHash: secret ? hashToken(secret) : null, metadata: stored }).returning();
      // The secret is shown this once (RFC 7591); 0 means it does not expire.
      return { ...toInformation(row), ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}) };
    },

    async authenticateClient(clientId, secret) {
      const [row] = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId)).limit(1);
      if (!row) throw new InvalidClientError('Invalid client_id');
      if (row.clientSecretHash) {
        if (!secret) throw new InvalidClientError('Client secret is required');
        if (!sameHash(hashToken(secret), row.clientSecretHash)) throw new InvalidClientError('Invalid client_secret');
        if (row.clientSecretExpiresAt && row.clientSecretExpiresAt <= new Date()) throw new InvalidClientError('Client secret has expired');
      }
      return toInformation(row);
    },

    async startAuthorization(request) {
      const token = random('kithq_');
      await db.insert(oauthAuthorizations).values({
        userId: request.userId, clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge,
        requestedScope: request.requestedScope, resource: request.resource ?? null, state: request.state ?? null,
        requestHash: hashToken(token), expiresAt: sql`now() + make_interval(secs => ${CODE_SECONDS})`,
      });
      return token;
    },

    async pendingAuthorization(requestToken, userId) {
      const [row] = await db.select().from(oauthAuthorizations).where(and(
        eq(oauthAuthorizations.requestHash, hashToken(requestToken)), eq(oauthAuthorizations.userId, userId),
        isNull(oauthAuthorizations.approvedAt), isNull(oauthAuthorizations.usedAt), gt(oauthAuthorizations.expiresAt, sql`now()`),
      )).limit(1);
      return row;
    },

    async answerAuthorization(requestToken, userId, scope) {
      const pending = await this.pendingAuthorization(requestToken, userId);
      if (!pending) return undefined;
      if (scope === null) {
        await db.delete(oauthAuthorizations).where(eq(oauthAuthorizations.id, pending.id));
        return { redirectUri: pending.redirectUri, state: pending.state };
      }
      if (!offeredScopes(pending.requestedScope).includes(scope)) throw new InvalidRequestError(`scope: ${scope} was not requested`);
      const code = random('kithc_');
      // Answered once: a second submit of the same form finds nothing to approve.
      const [approved] = await db.update(oauthAuthorizations)
        .set({ scope, codeHash: hashToken(code), approvedAt: sql`now()`, expiresAt: sql`now() + make_interval(secs => ${CODE_SECONDS})` })
        .where(and(eq(oauthAuthorizations.id, pending.id), isNull(oauthAuthorizations.approvedAt)))
        .returning({ id: oauthAuthorizations.id });
      if (!approved) return undefined;
      return { redirectUri: pending.redirectUri, state: pending.state, code };
    },

    async exchangeCode(client, code, verifier, redirectUri, resource) {
      return settle(await db.transaction(async (tx): Promise<Settled> => {
        const codeHash = hashToken(code);
        // Taken once, atomically: two requests with the same code cannot both get tokens.
        const [row] = await tx.update(oauthAuthorizations).set({ usedAt: sql`now()` })
          .where(and(eq(oauthAuthorizations.codeHash, codeHash), isNotNull(oauthAuthorizations.approvedAt), isNull(oauthAuthorizations.usedAt), gt(oauthAuthorizations.expiresAt, sql`now()`)))
          .returning();
        if (!row) {
          // A code used twice may have been stolen: the tokens it gave are revoked (RFC 6749 4.1.2).
          const [used] = await tx.select({ id: oauthAuthorizations.id }).from(oauthAuthorizations).where(and(eq(oauthAuthorizations.codeHash, codeHash), isNotNull(oauthAuthorizations.usedAt))).limit(1);
          if (used) await endGrant(tx, used.id);
          return { error: new InvalidGrantError('The authorization code is not valid (unknown, expired or already used)') };
        }
        // Each refusal below leaves the code spent: a code is tried once.
        if (row.clientId !== client.client_id) return { error: new InvalidGrantError('The authorization code was issued to another client') };
        if (redirectUri !== undefined && redirectUri !== row.redirectUri) return { error: new InvalidGrantError('redirect_uri does not match the authorization request') };
        if (!pkceMatches(verifier, row.codeChallenge)) return { error: new InvalidGrantError('code_verifier does not match the challenge') };
        const wrongTarget = resourceProblem(row.resource, resource);
        if (wrongTarget) return { error: wrongTarget };
        return { tokens: await issueTokens(tx as unknown as KithDb, { grantId: row.id, userId: row.userId, clientId: row.clientId, scope: row.scope as OAuthScope, resource: row.resource }) };
      }));
    },

    async exchangeRefreshToken(client, refreshToken, scopes, resource) {
      return settle(await db.transaction(async (tx): Promise<Settled> => {
        const refreshHash = hashToken(refreshToken);
        // Rotation: the presented refresh token is spent and its access token ends with it.
        const [row] = await tx.update(oauthTokens).set({ rotatedAt: sql`now()`, accessExpiresAt: sql`least(${oauthTokens.accessExpiresAt}, now())` })
          .where(and(eq(oauthTokens.refreshHash, refreshHash), isNull(oauthTokens.rotatedAt), gt(oauthTokens.refreshExpiresAt, sql`now()`)))
          .returning();
        if (!row) {
          // A spent refresh token presented again: someone holds a copy, so the whole grant ends (OAuth 2.1 4.3.1).
          const [spent] = await tx.select({ grantId: oauthTokens.grantId, clientId: oauthTokens.clientId }).from(oauthTokens).where(and(eq(oauthTokens.refreshHash, refreshHash), isNotNull(oauthTokens.rotatedAt))).limit(1);
          if (spent && spent.clientId === client.client_id) await endGrant(tx, spent.grantId);
          return { error: new InvalidGrantError('The refresh token is not valid (unknown, expired, revoked or already used)') };
        }
        if (row.clientId !== client.client_id) throw new InvalidGrantError('The refresh token was issued to another client');
        const wrongTarget = resourceProblem(row.resource, resource);
        if (wrongTarget) throw wrongTarget;
        let scope = row.scope as OAuthScope;
        if (scopes && scopes.length > 0) {
          // A refresh may narrow the scope, never widen it.
          if (scopes.includes('write') && scope !== 'write') throw new InvalidGrantError('scope: write was not granted');
          if (!scopes.includes('write') && scopes.includes('read')) scope = 'read';
        }
        return { tokens: await issueTokens(tx as unknown as KithDb, { grantId: row.grantId, userId: row.userId, clientId: row.clientId, scope, resource: row.resource }) };
      }));
    },

    async verifyAccessToken(token) {
      if (!isOAuthAccessToken(token)) return undefined;
      const [row] = await db.select({ user: users, scope: oauthTokens.scope, tokenId: oauthTokens.id, resource: oauthTokens.resource, clientId: oauthTokens.clientId })
        .from(oauthTokens).innerJoin(users, eq(users.id, oauthTokens.userId))
        .where(and(eq(oauthTokens.accessHash, hashToken(token)), gt(oauthTokens.accessExpiresAt, sql`now()`), isNull(users.disabledAt)))
        .limit(1);
      return row ? { ...row, scope: row.scope as OAuthScope } : undefined;
    },

    async revoke(client, token) {
      const hash = hashToken(token);
      const [row] = await db.select({ grantId: oauthTokens.grantId, clientId: oauthTokens.clientId }).from(oauthTokens)
        .where(sql`${oauthTokens.accessHash} = ${hash} or ${oauthTokens.refreshHash} = ${hash}`).limit(1);
      if (row && row.clientId === client.client_id) await endGrant(db, row.grantId);
    },

    async listGrants(userId) {
      const rows = await db.select({ grantId: oauthTokens.grantId, clientId: oauthTokens.clientId, scope: oauthTokens.scope, metadata: oauthClients.metadata, connectedAt: sql<string>`min(${oauthTokens.createdAt})` })
        .from(oauthTokens).innerJoin(oauthClients, eq(oauthClients.clientId, oauthTokens.clientId))
        .where(and(eq(oauthTokens.userId, userId), isNull(oauthTokens.rotatedAt), gt(oauthTokens.refreshExpiresAt, sql`now()`)))
        .groupBy(oauthTokens.grantId, oauthTokens.clientId, oauthTokens.scope, oauthClients.metadata);
      return rows.map((r) => ({
        grant_id: r.grantId, client_id: r.clientId, client_name: (r.metadata as OAuthClientMetadata).client_name ?? null,
        scope: r.scope as OAuthScope, connected_at: new Date(r.connectedAt).toISOString(),
      }));
    },

    async revokeGrant(userId, grantId) {
      if (!/^[0-9a-f-]{36}$/i.test(grantId)) return false;
      const deleted = await db.delete(oauthTokens).where(and(eq(oauthTokens.grantId, grantId), eq(oauthTokens.userId, userId))).returning({ id: oauthTokens.id });
      return deleted.length > 0;
    },
  };
}
