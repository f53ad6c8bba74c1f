import { pgTable, uuid, text, timestamp, bigint, customType, index } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { apiTokens } from './api-tokens.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** A user's password as scrypt$N$r$p$salt$hash (accounts/passwords.ts); no grant to the application role. */
export const authPasswords = pgTable('auth_passwords', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  hash: text('hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A signed-in browser: the cookie's value is never stored, only its SHA-256 (migration 0070). */
export const authSessions = pgTable('auth_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  method: text('method', { enum: ['password', 'passkey', 'token', 'email'] }).notNull(),
  apiTokenId: uuid('api_token_id').references(() => apiTokens.id, { onDelete: 'cascade' }),
  scope: text('scope', { enum: ['read', 'write', 'admin'] }).notNull().default('admin'),
  userAgent: text('user_agent'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('auth_sessions_user_idx').on(t.userId)]);

/** A link sent by e-mail to verify the address or reset the password: one use, short-lived. */
export const authEmailTokens = pgTable('auth_email_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose', { enum: ['verify', 'reset'] }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
}, (t) => [index('auth_email_tokens_user_idx').on(t.userId)]);

/** A WebAuthn credential; id is the credential id (base64url). */
export const passkeys = pgTable('passkeys', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  publicKey: bytea('public_key').notNull(),
  counter: bigint('counter', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull().default([]),
  name: text('name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [index('passkeys_user_idx').on(t.userId)]);

/** A WebAuthn challenge awaiting its one answer. */
export const authChallenges = pgTable('auth_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose', { enum: ['register', 'sign_in'] }).notNull(),
  challenge: text('challenge').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
