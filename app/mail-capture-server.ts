import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { mailAccounts } from '../db/schema/index.js';
import { RAW_EMAIL_LIMIT } from '../agent/tools/mail/log-email-tool.js';
import { describeError } from '../agent/tools/shared/error-report.js';
import type { Kith } from './open-kith.js';

export interface MailCaptureServer { port: number; close(): Promise<void> }

/** Which user an address is the own address of (read as the database owner: no user is known yet). */
async function ownerOf(kith: Kith, address: string): Promise<string | undefined> {
  const [row] = await kith.database.db.select({ userId: mailAccounts.userId }).from(mailAccounts)
    .where(sql`lower(${mailAccounts.ownAddress}) = ${address.trim().toLowerCase()}`).limit(1);
  return row?.userId;
}

/**
 * "BCC Kith": an SMTP listener (smtp-server) in `kith serve` that accepts mail addressed to a
 * user's own address (their mailbox's own_address) and logs it as that user through log_email,
 * the same way as a synced message. Any other recipient is refused (550), so it relays nothing.
 * Meant for loopback or behind the user's own mail relay: it asks for no login.
 */
export async function startMailCaptureServer(kith: Kith, options: { port: number; host?: string }): Promise<MailCaptureServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: RAW_EMAIL_LIMIT,
    logger: false,
    banner: 'Kith mail capture',
    async onRcptTo(address, session, callback) {
      try {
        const userId = await ownerOf(kith, address.address);
        if (!userId) return callback(Object.assign(new Error('No Kith mailbox has this address'), { responseCode: 550 }));
        const users = ((session as unknown as { kithUsers?: Set<string> }).kithUsers ??= new Set());
        users.add(userId);
        callback();
      } catch (error) {
        kith.log.warn('mail capture: recipient lookup failed', describeError(error));
        callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          for (const userId of (session as unknown as { kithUsers?: Set<string> }).kithUsers ?? []) {
            await kith.call(userId, 'log_email', { raw });
          }
          callback();
        } catch (error) {
          kith.log.warn('mail capture: the message could not be logged', describeError(error));
          callback(Object.assign(new Error('The message could not be logged'), { responseCode: 451 }));
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  server.on('error', (error) => kith.log.warn('mail capture: server error', describeError(error)));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
