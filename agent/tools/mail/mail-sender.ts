import type { Transporter } from 'nodemailer';
import type { MailServer } from './mail-account.js';

/** One message to one person: Kith sends no bulk mail, so there is no cc, bcc or list of recipients. */
export interface OutgoingMessage {
  to: { address: string; name?: string };
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  /** The Message-ID to send with (without <>), so the message can be logged before it leaves. */
  messageId?: string;
  /** Extra headers (a reminder's List-Unsubscribe, say); never address headers. */
  headers?: Record<string, string>;
}

export interface SentMessage { messageId: string; accepted: string[]; rejected: string[] }

export interface MailSender {
  send(message: OutgoingMessage): Promise<SentMessage>;
  /** Connects and authenticates without sending (a settings page's "test"). */
  verify(): Promise<void>;
  close(): void;
}

const ADDRESS_HEADERS = new Set(['to', 'cc', 'bcc', 'from', 'sender', 'reply-to']);

/**
 * An SMTP sender over nodemailer for a user's server: `tls` is TLS from the first byte (465),
 * `starttls` requires the upgrade (587), `none` is plain (a server on the same machine).
 */
export function createMailSender(server: MailServer, from: { address: string; name?: string | null }, options: { timeoutMs?: number } = {}): MailSender {
  const timeout = options.timeoutMs ?? 30_000;
  // nodemailer loads with the first message sent, not with the catalog
  let transporter: Promise<Transporter> | undefined;
  const transport = () => (transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: server.authMethod === 'oauth2'
      ? { type: 'OAuth2', user: server.user, accessToken: server.secret }
      : { user: server.user, pass: server.secret },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
    debug: false,
  })));
  return {
    async send(message) {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).filter(([k]) => !ADDRESS_HEADERS.has(k.toLowerCase())));
      const info = await (await transport()).sendMail({
        from: from.name ? { name: from.name, address: from.address } : from.address,
        to: message.to.name ? { name: message.to.name, address: message.to.address } : message.to.address,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId ? `<${message.messageId}>` : undefined,
        inReplyTo: message.inReplyTo,
        references: message.references,
        headers,
      });
      const list = (v: unknown) => (Array.isArray(v) ? v.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address))) : []);
      return { messageId: info.messageId, accepted: list(info.accepted), rejected: list(info.rejected) };
    },
    async verify() { await (await transport()).verify(); },
    close() { void transporter?.then((t) => t.close()); },
  };
}
