import type { Hono } from 'hono';
import type { Kith } from '../../app/open-kith.js';
import { reminderKeys } from '../../app/reminders/start-reminders.js';
import { useAction } from '../../app/reminders/action-links.js';
import { isToolError } from '../../agent/tools/shared/errors.js';
import type { WebEnv } from './auth.js';

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · Kith</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}button{font:inherit;padding:.6rem 1.2rem;border-radius:.5rem;border:0;background:#2457d6;color:#fff;cursor:pointer}a{color:#2457d6}</style></head>
<body><h1 style="font-size:1.3rem">${title}</h1>${body}<p><a href="/">Open Kith</a></p></body></html>`;

/**
 * The Done and Snooze links of reminder messages, at /r/<action id>.<signature>. The signed token
 * is the credential (it arrives from an e-mail or a notification, without a session). GET only
 * shows a button, so that a mail scanner fetching links acts on nothing; POST acts, once.
 */
export function mountReminderActions(app: Hono<WebEnv>, kith: Pick<Kith, 'runtime' | 'database' | 'log'>): void {
  const keys = reminderKeys(kith);
  app.get('/r/:token', (c) => {
    const token = c.req.param('token');
    return c.html(page('Kith reminder', `<form method="post" action="/r/${encodeURIComponent(token)}"><button type="submit">Confirm</button></form>`));
  });
  app.post('/r/:token', async (c) => {
    let outcome: Awaited<ReturnType<typeof useAction>>;
    try {
      outcome = await useAction(kith.runtime, await keys.linkKey(), c.req.param('token'));
    } catch (error) {
      if (!isToolError(error)) throw error;
      return c.html(page('Nothing to do', `<p>${error.message.replace(/[<>&]/g, '')}</p>`), 409);
    }
    const json = (c.req.header('accept') ?? '').includes('application/json');
    if (outcome.status === 'forbidden') return json ? c.json({ error: { code: 'forbidden', message: 'This link is not signed by this Kith.' } }, 403) : c.html(page('Not a Kith link', '<p>This link is not signed by this Kith.</p>'), 403);
    if (outcome.status === 'used') return json ? c.json({ error: { code: 'used', message: 'This link was used already or has expired.' } }, 410) : c.html(page('Already done', '<p>This link was used already or has expired.</p>'), 410);
    if (outcome.status !== 'done') throw new Error('unreachable');
    return json ? c.json({ ok: true, action: outcome.action, item: outcome.itemKey, message: outcome.message }) : c.html(page(outcome.action === 'done' ? 'Done' : 'Snoozed', `<p>${outcome.message.replace(/[<>&]/g, '')}</p>`));
  });
}

/** GET /api/push/public-key: the VAPID public key the web app subscribes with. */
export function mountPushKey(api: Hono<WebEnv>, kith: Pick<Kith, 'runtime' | 'database'>): void {
  const keys = reminderKeys(kith);
  api.get('/push/public-key', async (c) => c.json({ public_key: (await keys.vapid()).publicKey }));
}
