import { createMailSender, type MailSender } from '../agent/tools/mail/mail-sender.js';
import type { MailServer } from '../agent/tools/mail/mail-account.js';
import type { KithConfig } from './config.js';

/**
 * The instance's own mail (KITH_SYSTEM_SMTP_URL): smtps:// is TLS from the first byte (465),
 * smtp:// requires STARTTLS (587), smtp://…?security=none is plain (a relay on the same machine).
 */
export function systemMailServer(url: string): MailServer {
  let u: URL;
  try { u = new URL(url); } catch { throw new Error('KITH_SYSTEM_SMTP_URL: not a URL (for example smtps://user:password@smtp.example.com:465)'); }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('KITH_SYSTEM_SMTP_URL: must start with smtp:// or smtps://');
  const plain = u.searchParams.get('security') === 'none';
  const security = u.protocol === 'smtps:' ? 'tls' : plain ? 'none' : 'starttls';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || (security === 'tls' ? 465 : 587), security,
    user: decodeURIComponent(u.username), secret: decodeURIComponent(u.password), authMethod: 'password',
  };
}

export interface AccountMail {
  sendVerification(to: string, link: string): Promise<void>;
  sendReset(to: string, link: string): Promise<void>;
}

/** Verification and reset e-mails through the instance's SMTP server; undefined when none is set. */
export function createAccountMail(config: Pick<KithConfig, 'systemSmtpUrl' | 'systemMailFrom'>, sender?: MailSender): AccountMail | undefined {
  if (!config.systemSmtpUrl && !sender) return undefined;
  const server = config.systemSmtpUrl ? systemMailServer(config.systemSmtpUrl) : undefined;
  const from = config.systemMailFrom ?? (server?.user.includes('@') ? server.user : `kith@${server?.host ?? 'localhost'}`);
  let made: MailSender | undefined = sender;
  const mailer = () => (made ??= createMailSender(server!, { address: from, name: 'Kith' }));
  const send = async (to: string, subject: string, text: string) => { await mailer().send({ to: { address: to }, subject, text }); };
  return {
    sendVerification: (to, link) => send(to, 'Confirm your e-mail for Kith',
      `Welcome to Kith.\n\nOpen this link to confirm your e-mail address and sign in:\n\n${link}\n\nThe link works once, for two days. If you did not sign up, ignore this message.\n`),
    sendReset: (to, link) => send(to, 'Reset your Kith password',
      `Someone (we hope you) asked to reset the password of your Kith account.\n\nOpen this link to choose a new one:\n\n${link}\n\nThe link works once, for an hour. Setting a new password signs out every other session. If you did not ask, ignore this message: your password stays as it is.\n`),
  };
}
