import type { Hono } from 'hono';
import type { Kith } from '../../app/open-kith.js';
import { syncMailbox } from '../../agent/tools/mail/mail-sync.js';
import { describeError } from '../../agent/tools/shared/error-report.js';
import type { WebEnv } from './auth.js';

/**
 * POST /api/mail/sync: the settings page's "Sync now". The sync runs in the background (a first
 * sync of a big mailbox takes a while) and answers 202; the page follows get_mail_account's
 * last_sync_at. A second request while one runs for that user joins it.
 */
export function mountMailSync(api: Hono<WebEnv>, kith: Pick<Kith, 'runtime'>): void {
  const running = new Map<string, Promise<unknown>>();
  api.post('/mail/sync', (c) => {
    const userId = c.get('user').id;
    if (!running.has(userId)) {
      const run = syncMailbox(kith.runtime, userId)
        .catch((error) => kith.runtime.log.warn('mail sync failed', describeError(error)))
        .finally(() => running.delete(userId));
      running.set(userId, run);
    }
    return c.json({ started: true }, 202);
  });
}
