import { and, eq } from 'drizzle-orm';
import { mailAccounts } from '../../../db/schema/index.js';
import type { KithDb } from '../../../db/types.js';
import type { SecretBox } from '../../../db/secret-box.js';

export type MailSecurity = 'tls' | 'starttls' | 'none';
export type MailAuthMethod = 'password' | 'oauth2';

/** How to reach one server; `secret` is the password or the OAuth access token, opened. */
export interface MailServer {
  host: string;
  port: number;
  security: MailSecurity;
  user: string;
  secret: string;
  authMethod: MailAuthMethod;
}

/** A user's mailbox with its credentials opened: for the sync and the sender only, never for an answer. */
export interface MailAccount {
  id: string;
  userId: string;
  ownAddress: string;
  displayName: string | null;
  folders: string[];
  syncEnabled: boolean;
  noReplyDays: number;
  /** Absent until host, user and secret are all set. */
  imap?: MailServer;
  smtp?: MailServer;
  lastSyncAt: Date | null;
}

export type MailAccountRow = typeof mailAccounts.$inferSelect;

/** What a sealed secret is bound to: its server and its user (db/secret-box.ts). */
export const secretPurpose = (server: 'imap' | 'smtp', userId: string) => `mail_accounts.${server}:${userId}`;

export const DEFAULT_PORTS = { imap: { tls: 993, starttls: 143, none: 143 }, smtp: { tls: 465, starttls: 587, none: 25 } } as const;

export async function findMailAccountRow(db: KithDb, userId: string): Promise<MailAccountRow | undefined> {
  const [row] = await db.select().from(mailAccounts).where(and(eq(mailAccounts.userId, userId)));
  return row;
}

/**
 * The user's mailbox with opened credentials, or undefined when none is connected. The SMTP
 * server uses the IMAP user and secret when it has none of its own (most providers share them).
 */
export async function readMailAccount(db: KithDb, userId: string, secrets: SecretBox): Promise<MailAccount | undefined> {
  const row = await findMailAccountRow(db, userId);
  return row ? openMailAccount(row, secrets) : undefined;
}

export function openMailAccount(row: MailAccountRow, secrets: SecretBox): MailAccount {
  const imapSecret = row.imapSecret ? secrets.open(row.imapSecret, secretPurpose('imap', row.userId)) : undefined;
  const smtpSecret = row.smtpSecret ? secrets.open(row.smtpSecret, secretPurpose('smtp', row.userId)) : imapSecret;
  const server = (kind: 'imap' | 'smtp', host: string | null, port: number | null, security: MailSecurity, user: string | null, secret: string | undefined): MailServer | undefined =>
    host && user && secret ? { host, port: port ?? DEFAULT_PORTS[kind][security], security, user, secret, authMethod: row.authMethod } : undefined;
  return {
    id: row.id,
    userId: row.userId,
    ownAddress: row.ownAddress,
    displayName: row.displayName,
    folders: row.folders,
    syncEnabled: row.syncEnabled,
    noReplyDays: row.noReplyDays,
    imap: server('imap', row.imapHost, row.imapPort, row.imapSecurity, row.imapUser, imapSecret),
    smtp: server('smtp', row.smtpHost, row.smtpPort, row.smtpSecurity, row.smtpUser ?? row.imapUser, smtpSecret),
    lastSyncAt: row.lastSyncAt,
  };
}

/** The account as every answer shows it: secrets only as "set" or "not set". */
export function mailAccountView(row: MailAccountRow) {
  const state = (sealed: string | null) => (sealed ? 'set' as const : 'not set' as const);
  return {
    own_address: row.ownAddress,
    display_name: row.displayName,
    auth_method: row.authMethod,
    imap: { host: row.imapHost, port: row.imapPort ?? DEFAULT_PORTS.imap[row.imapSecurity], security: row.imapSecurity, user: row.imapUser, password: state(row.imapSecret) },
    smtp: { host: row.smtpHost, port: row.smtpPort ?? DEFAULT_PORTS.smtp[row.smtpSecurity], security: row.smtpSecurity, user: row.smtpUser ?? row.imapUser, password: row.smtpSecret ? 'set' as const : row.imapSecret ? 'set' as const : 'not set' as const },
    folders: row.folders,
    sync_enabled: row.syncEnabled,
    no_reply_days: row.noReplyDays,
    last_sync_at: row.lastSyncAt?.toISOString() ?? null,
    last_sync_error: row.lastSyncError,
    last_sync_count: row.lastSyncCount,
  };
}
