import { eq, inArray } from 'drizzle-orm';
import webpush from 'web-push';
import { users, webPushSubscriptions } from '../../db/schema/index.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { readMailAccount } from '../../agent/tools/mail/mail-account.js';
import { createMailSender } from '../../agent/tools/mail/mail-sender.js';
import type { ReminderChannels } from './reminder-scheduler.js';
import type { VapidKeys } from './instance-keys.js';

/**
 * The real ways out: e-mail through the user's own SMTP server (their mailbox settings, opened
 * with the secret box), web push to each browser they subscribed (encrypted and VAPID-signed by
 * `web-push`, posted with fetch so any push service URL works). A browser the push service says
 * is gone (404, 410) is forgotten.
 */
export function createReminderChannels(runtime: ToolRuntime, vapid: () => Promise<VapidKeys>): ReminderChannels {
  return {
    async email(userId, to, message) {
      if (!runtime.secrets) throw new Error('no secret box to open the mailbox password with');
      const account = await readMailAccount(runtime.db, userId, runtime.secrets);
      if (!account?.smtp) throw new Error('no outgoing mail server in the mailbox settings');
      const sender = createMailSender(account.smtp, { address: account.ownAddress, name: 'Kith' });
      try {
        await sender.send({ to: { address: to ?? account.ownAddress }, subject: message.subject, text: message.text, html: message.html, headers: { 'Auto-Submitted': 'auto-generated' } });
      } finally {
        sender.close();
      }
    },
    async push(userId, notification) {
      const subs = await runtime.db.select().from(webPushSubscriptions).where(eq(webPushSubscriptions.userId, userId));
      if (subs.length === 0) throw new Error('no browser is subscribed to push');
      const keys = await vapid();
      const [user] = await runtime.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
      const gone: string[] = [];
      let delivered = 0;
      const errors: string[] = [];
      for (const s of subs) {
        const request = webpush.generateRequestDetails({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(notification), {
          vapidDetails: { subject: `mailto:${user?.email ?? 'kith@localhost'}`, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: 24 * 3600,
          contentEncoding: 'aes128gcm',
        });
        try {
          const res = await fetch(request.endpoint, { method: request.method, headers: request.headers as Record<string, string>, body: new Uint8Array(request.body as Buffer), signal: AbortSignal.timeout(30_000) });
          if (res.status === 404 || res.status === 410) gone.push(s.id);
          else if (res.ok) delivered++;
          else errors.push(`push service answered ${res.status}`);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
      if (gone.length > 0) await runtime.db.delete(webPushSubscriptions).where(inArray(webPushSubscriptions.id, gone));
      if (delivered === 0 && errors.length > 0) throw new Error(errors[0]);
    },
  };
}
