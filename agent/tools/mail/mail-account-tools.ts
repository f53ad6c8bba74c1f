import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { mailAccounts, MAIL_AUTH_METHODS, MAIL_SECURITY } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { EmailAddress } from '../shared/email.js';
import { InvalidInputError } from '../shared/errors.js';
import type { ToolContext } from '../shared/context.js';
import { findMailAccountRow, mailAccountView, secretPurpose } from './mail-account.js';

const Host = z.string().trim().min(1, 'must not be empty').max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or an IP address');
const Port = z.number().int().min(1).max(65535);
const Security = z.enum(MAIL_SECURITY).describe('tls: TLS from the start (IMAP 993, SMTP 465); starttls: upgrade (IMAP 143, SMTP 587); none: plain, only for a server on this machine');
const LoginName = z.string().trim().min(1, 'must not be empty').max(320);
const Secret = z.string().min(1, 'must not be empty').max(8192).describe('A password, an app password, or an OAuth access token (auth_method oauth2). Stored encrypted; never shown again.');
const Folder = z.string().trim().min(1, 'must not be empty').max(200);

const ServerView = z.object({
  host: z.string().nullable(), port: z.number(), security: z.enum(MAIL_SECURITY), user: z.string().nullable(),
  password: z.enum(['set', 'not set']),
});

export const MailAccountView = z.object({
  own_address: z.string(),
  display_name: z.string().nullable(),
  auth_method: z.enum(MAIL_AUTH_METHODS),
  imap: ServerView,
  smtp: ServerView,
  folders: z.array(z.string()),
  sync_enabled: z.boolean(),
  no_reply_days: z.number(),
  last_sync_at: z.string().nullable(),
  last_sync_error: z.string().nullable(),
  last_sync_count: z.number().nullable(),
});

function secretsOf(ctx: ToolContext) {
  if (!ctx.secrets) throw new InvalidInputError('(input)', 'This Kith cannot store credentials here (no secret key).');
  return ctx.secrets;
}

export const connectMailbox = defineTool({
  name: 'connect_mailbox',
  title: 'Connect a mailbox',
  description:
    'Set up (or change) the user\'s mailbox: their own address, the IMAP server Kith reads Inbox and Sent from, and the SMTP ' +
    'server it sends through. Works with Gmail, Outlook, iCloud and Fastmail through an app password, or an OAuth access ' +
    'token (auth_method oauth2). Only the fields given change; passwords are stored encrypted and answered as "set" or "not set".',
  input: z.object({
    own_address: EmailAddress.optional().describe('The user\'s own e-mail address (required the first time)'),
    display_name: z.string().trim().max(200).nullish(),
    auth_method: z.enum(MAIL_AUTH_METHODS).optional(),
    imap_host: Host.optional(),
    imap_port: Port.optional(),
    imap_security: Security.optional(),
    imap_user: LoginName.optional(),
    imap_password: Secret.optional(),
    smtp_host: Host.optional(),
    smtp_port: Port.optional(),
    smtp_security: Security.optional(),
    smtp_user: LoginName.optional().describe('Default: the IMAP user'),
    smtp_password: Secret.optional().describe('Default: the IMAP password'),
    folders: z.array(Folder).min(1).max(20).optional().describe('The folders to read; default INBOX and Sent'),
    sync_enabled: z.boolean().optional(),
    no_reply_days: z.number().int().min(1).max(365).optional().describe('After how many days without an answer a sent e-mail counts as no response (default 7)'),
  }),
  output: z.object({ account: MailAccountView }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const existing = await findMailAccountRow(ctx.db, ctx.userId);
    if (!existing && !input.own_address) throw new InvalidInputError('own_address', 'own_address is required to connect a mailbox.');
    const secrets = (input.imap_password || input.smtp_password) ? secretsOf(ctx) : undefined;
    const values = {
      ...(input.own_address !== undefined && { ownAddress: input.own_address }),
      ...(input.display_name !== undefined && { displayName: input.display_name }),
      ...(input.auth_method !== undefined && { authMethod: input.auth_method }),
      ...(input.imap_host !== undefined && { imapHost: input.imap_host }),
      ...(input.imap_port !== undefined && { imapPort: input.imap_port }),
      ...(input.imap_security !== undefined && { imapSecurity: input.imap_security }),
      ...(input.imap_user !== undefined && { imapUser: input.imap_user }),
      ...(input.imap_password !== undefined && { imapSecret: secrets!.seal(input.imap_password, secretPurpose('imap', ctx.userId)) }),
      ...(input.smtp_host !== undefined && { smtpHost: input.smtp_host }),
      ...(input.smtp_port !== undefined && { smtpPort: input.smtp_port }),
      ...(input.smtp_security !== undefined && { smtpSecurity: input.smtp_security }),
      ...(input.smtp_user !== undefined && { smtpUser: input.smtp_user }),
      ...(input.smtp_password !== undefined && { smtpSecret: secrets!.seal(input.smtp_password, secretPurpose('smtp', ctx.userId)) }),
      ...(input.folders !== undefined && { folders: [...new Set(input.folders)] }),
      ...(input.sync_enabled !== undefined && { syncEnabled: input.sync_enabled }),
      ...(input.no_reply_days !== undefined && { noReplyDays: input.no_reply_days }),
    };
    const [row] = existing
      ? await ctx.db.update(mailAccounts).set({ ...values, updatedAt: ctx.now }).where(eq(mailAccounts.id, existing.id)).returning()
      : await ctx.db.insert(mailAccounts).values({ userId: ctx.userId, ownAddress: input.own_address!, ...values, createdAt: ctx.now, updatedAt: ctx.now }).returning();
    return { account: mailAccountView(row) };
  },
});

export const getMailAccount = defineTool({
  name: 'get_mail_account',
  title: 'Show the mailbox settings',
  description: 'The user\'s mailbox settings (servers, folders), whether passwords are set, and when mail was last synced. Never shows a password.',
  input: z.object({}),
  output: z.object({ account: MailAccountView.nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const row = await findMailAccountRow(ctx.db, ctx.userId);
    return { account: row ? mailAccountView(row) : null };
  },
});

export const mailAccountTools = [connectMailbox, getMailAccount];
