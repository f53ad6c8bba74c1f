import { pgTable, uuid, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A client registered through RFC 7591 (claude.ai, an MCP client); its secret only as a hash. */
export const oauthClients = pgTable('oauth_clients', {
  clientId: text('client_id').primaryKey(),
  clientSecretHash: text('client_secret_hash'),
  clientSecretExpiresAt: timestamp('client_secret_expires_at', { withTimezone: true }),
  /** The registered metadata (redirect_uris, client_name, grant_types, ...), as the client sent it, validated. */
  metadata: jsonb('metadata').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One authorization request: made when the consent page is shown (request_hash is the form's
 * secret), approved with the scope the user chose (code_hash), used once at the token endpoint.
 */
export const oauthAuthorizations = pgTable('oauth_authorizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  clientId: text('client_id').notNull().references(() => oauthClients.clientId, { onDelete: 'cascade' }),
  redirectUri: text('redirect_uri').notNull(),
  codeChallenge: text('code_challenge').notNull(),
  requestedScope: text('requested_scope').notNull(),
  scope: text('scope', { enum: ['read', 'write'] }),
  resource: text('resource'),
  state: text('state'),
  requestHash: text('request_hash').notNull().unique(),
  codeHash: text('code_hash').unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('oauth_authorizations_user_idx').on(t.userId)]);

/** An access token and its refresh token; a refresh rotates the pair (rotated_at), a grant is one consent. */
export const oauthTokens = pgTable('oauth_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  grantId: uuid('grant_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  clientId: text('client_id').notNull().references(() => oauthClients.clientId, { onDelete: 'cascade' }),
  scope: text('scope', { enum: ['read', 'write'] }).notNull(),
  resource: text('resource'),
  accessHash: text('access_hash').notNull().unique(),
  accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }).notNull(),
  refreshHash: text('refresh_hash').notNull().unique(),
  refreshExpiresAt: timestamp('refresh_expires_at', { withTimezone: true }).notNull(),
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('oauth_tokens_grant_idx').on(t.grantId), index('oauth_tokens_user_idx').on(t.userId)]);
