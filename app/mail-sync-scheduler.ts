import { eq, and, isNotNull } from 'drizzle-orm';
import { mailAccounts } from '../db/schema/index.js';
import { syncMailbox } from '../agent/tools/mail/mail-sync.js';
import { describeError } from '../agent/tools/shared/error-report.js';
import type { Kith } from './open-kith.js';

export interface MailSyncScheduler { runOnce(): Promise<void>; close(): Promise<void> }

/** The users with a mailbox to sync: read as the database owner, like a token lookup (no user is set yet). */
async function usersToSync(kith: Kith): Promise<string[]> {
  const rows = await kith.database.db.select({ userId: mailAccounts.userId }).from(mailAccounts)
    .where(and(eq(mailAccounts.syncEnabled, true), isNotNull(mailAccounts.imapHost), isNotNull(mailAccounts.imapSecret)));
  return rows.map((r) => r.userId);
}

/**
 * `kith serve` syncs every connected mailbox now and then (every `minutes`, first soon after
 * start), one user after another, never two runs at once in this process. Several processes on
 * one database may sync the same mailbox: Message-IDs and the per-folder position make that
 * harmless. A failure is kept on the account (get_mail_account) and logged without secrets.
 */
export function startMailSyncScheduler(kith: Kith, options: { minutes: number; firstDelayMs?: number }): MailSyncScheduler {
  let running: Promise<void> | undefined;
  let closed = false;
  const runOnce = () => {
    running ??= (async () => {
      try {
        for (const userId of await usersToSync(kith)) {
          if (closed) break;
          try {
            const report = await syncMailbox(kith.runtime, userId);
            kith.log.info('mail synced', { new_messages: report.new_messages, suggestions: report.suggestions });
          } catch (error) {
            kith.log.warn('mail sync failed', describeError(error));
          }
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const first = setTimeout(() => void runOnce(), options.firstDelayMs ?? 5_000);
  const every = setInterval(() => void runOnce(), options.minutes * 60_000);
  first.unref();
  every.unref();
  return {
    runOnce,
    async close() {
      closed = true;
      clearTimeout(first);
      clearInterval(every);
      await running?.catch(() => {});
    },
  };
}
