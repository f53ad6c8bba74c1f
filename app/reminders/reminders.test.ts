import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { withAliceAndBob } from '../../test-support/two-users.js';
import { startSmtpCapture, type SmtpCapture } from '../../test-support/smtp-capture.js';
import { startPushService, type PushService } from '../../test-support/push-service.js';
import { reminderDeliveries, reminderSettings } from '../../db/schema/index.js';
import { withUser } from '../../db/with-user.js';
import { createReminderScheduler, type ReminderScheduler } from './reminder-scheduler.js';
import { createReminderChannels } from './reminder-channels.js';
import { reminderKeys } from './start-reminders.js';
import { createWebApp } from '../../web/server/create-app.js';
import { openKith, type Kith } from '../open-kith.js';
import { loadConfig } from '../config.js';
import { silentLogger } from '../../agent/tools/shared/context.js';

const t = withAliceAndBob('pglite');
let smtp: SmtpCapture;
let push: PushService;
let kith: Kith;
let scheduler: ReminderScheduler;
let app: ReturnType<typeof createWebApp>;
const ids: Record<string, string> = {};

const at = (iso: string) => scheduler.runOnce(new Date(iso));
const linksIn = (text: string) => [...text.matchAll(/http:\/\/kith\.test\/r\/(\S+)/g)].map((m) => m[1]);
const post = (token: string, accept = 'application/json') => app.request(`/r/${token}`, { method: 'POST', headers: { host: '127.0.0.1:3000', accept } });

beforeAll(async () => {
  smtp = await startSmtpCapture();
  push = await startPushService();
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T06:00:00Z' } as NodeJS.ProcessEnv), { database: t.database, log: silentLogger });
  // the tools, the scheduler and the links share one runtime (and so one secret box)
  kith.runtime.secrets = t.h.runtime.secrets;
  app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
  const keys = reminderKeys(kith);
  scheduler = createReminderScheduler({ runtime: kith.runtime, channels: createReminderChannels(kith.runtime, keys.vapid), publicUrl: 'http://kith.test', linkKey: keys.linkKey });
  const a = t.alice.id;
  await t.h.call(a, 'connect_mailbox', { own_address: 'alice@example.test', smtp_host: smtp.host, smtp_port: smtp.port, smtp_security: 'none', smtp_user: smtp.user, smtp_password: smtp.password });
  const priya = await t.h.call(a, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe' });
  await t.h.call(a, 'schedule_follow_up', { contact: priya.contact.id, date: '2026-11-25', reason: 'Send Priya the deck' });
  ids.cv = (await t.h.call(a, 'create_task', { title: 'Update the CV', due_date: '2026-11-24' })).task.id;
  ids.later = (await t.h.call(a, 'create_task', { title: 'Not yet', due_date: '2026-11-28' })).task.id;
  ids.stripe = (await t.h.call(a, 'add_opportunity', { company_name: 'Stripe', job_title: 'Staff Engineer', status: 'interview', next_action: 'Onsite interview', next_action_date: '2026-11-25' })).opportunity.id;
  await t.h.call(t.bob.id, 'create_task', { title: 'Bob only', due_date: '2026-11-25' });
});

afterAll(async () => {
  await scheduler?.stop();
  await smtp?.close();
  await push?.close();
});

describe('reminder settings', () => {
  it('are each user\'s own, checked field by field', async () => {
    const set = await t.h.call(t.alice.id, 'set_reminders', { channels: ['email', 'push'], hour: 9 });
    expect(set).toMatchObject({ channels: ['email', 'push'], hour: 9, email_mode: 'digest', push_subscriptions: 0 });
    const sub = push.subscription('alice-laptop');
    expect((await t.h.call(t.alice.id, 'subscribe_web_push', sub)).push_subscriptions).toBe(1);
    expect((await t.h.call(t.alice.id, 'subscribe_web_push', sub)).push_subscriptions).toBe(1);
    const bad = await t.h.error(t.alice.id, 'set_reminders', { hour: 24 });
    expect(bad.field).toBe('hour');
    expect((await t.h.error(t.alice.id, 'set_reminders', { channels: ['pigeon'] })).field).toBe('channels.0');
    expect((await t.h.call(t.alice.id, 'get_reminder_settings')).hour).toBe(9);
    expect(await t.h.call(t.bob.id, 'get_reminder_settings')).toMatchObject({ channels: [], push_subscriptions: 0 });
    const seenByBob = await withUser(t.database.db, t.bob.id, (tx) => tx.select().from(reminderSettings));
    expect(seenByBob).toEqual([]);
  });
});

describe('the reminder clock', () => {
  it('sends nothing before the hour, then one e-mail digest and one push per item, once', async () => {
    expect((await at('2026-11-25T08:59:00Z')).claimed).toBe(0);
    const first = await at('2026-11-25T09:00:30Z');
    expect(first).toMatchObject({ claimed: 4, sent: 4, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual(['alice@example.test']);
    expect(mail.parsed.subject).toBe('Kith: 3 things to do today (1 overdue)');
    for (const title of ['Send Priya the deck', 'Update the CV', 'Onsite interview: Staff Engineer at Stripe']) expect(mail.parsed.text).toContain(title);
    expect(mail.parsed.text).not.toContain('Not yet');
    expect(mail.parsed.html).toContain('Snooze a day');
    expect(linksIn(mail.parsed.text ?? '')).toHaveLength(6);
    // web push: three encrypted messages the browser's keys open, with Done and Snooze actions
    expect(push.messages).toHaveLength(3);
    expect(push.messages[0].headers['content-encoding']).toBe('aes128gcm');
    expect(push.messages[0].headers.authorization).toMatch(/^vapid t=/);
    expect(push.messages[0].body.toString('utf8')).not.toContain('Update the CV');
    const notes = push.messages.map((m) => JSON.parse(push.decrypt('alice-laptop', m.body)));
    expect(notes.map((n) => n.title).sort()).toEqual(['Onsite interview: Staff Engineer at Stripe', 'Send Priya the deck', 'Update the CV']);
    expect(notes[0].actions.map((a: { action: string }) => a.action)).toEqual(['done', 'snooze']);
    // later that day, and a second run at the same instant: nothing again
    expect((await at('2026-11-25T09:00:30Z')).claimed).toBe(0);
    expect((await at('2026-11-25T17:00:00Z')).claimed).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(push.messages).toHaveLength(3);
    // bob turned nothing on: nothing for him
    expect(smtp.messages.every((m) => !m.parsed.text?.includes('Bob only'))).toBe(true);
  });

  it('retries a failed push with growing waits until it goes through', async () => {
    await t.h.call(t.alice.id, 'create_task', { title: 'Call the recruiter', due_date: '2026-11-26' });
    push.failNext(2, 503);
    const before = push.messages.length;
    const day2 = await at('2026-11-26T09:01:00Z');
    expect(day2.failed).toBeGreaterThan(0);
    const failedKeys = (await t.database.db.select().from(reminderDeliveries).where(eq(reminderDeliveries.status, 'failed'))).map((d) => d.key);
    expect(failedKeys.length).toBe(day2.failed);
    expect((await at('2026-11-26T09:01:30Z')).retried).toBe(0); // still waiting (one minute)
    const retried = await at('2026-11-26T09:02:10Z');
    expect(retried.retried).toBe(failedKeys.length);
    await at('2026-11-26T09:08:00Z');
    await at('2026-11-26T09:40:00Z');
    const rows = await t.database.db.select().from(reminderDeliveries).where(eq(reminderDeliveries.userId, t.alice.id));
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    // each message reached the browser once: a failure answered 503 and counted no delivery
    const delivered = push.messages.slice(before).filter((m) => m.status === 201).map((m) => JSON.parse(push.decrypt('alice-laptop', m.body)).tag);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toContain(`task-${ids.cv}`);
  });

  it('acts on a signed link once, and refuses a tampered signature', async () => {
    const [mail] = smtp.messages;
    const text = mail.parsed.text ?? '';
    const cvBlock = text.slice(text.indexOf('Update the CV'));
    const [doneToken] = linksIn(cvBlock);
    // a GET (a mail scanner) shows a button and changes nothing
    const shown = await app.request(`/r/${doneToken}`, { headers: { host: '127.0.0.1:3000' } });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<form method="post"');
    const tampered = doneToken.slice(0, -2) + (doneToken.endsWith('A') ? 'BB' : 'AA');
    expect((await post(tampered)).status).toBe(403);
    const done = await post(doneToken);
    expect(done.status).toBe(200);
    expect((await done.json()).message).toBe('Done: Update the CV.');
    const tasks = await t.h.call(t.alice.id, 'list_tasks', { status: 'done' });
    expect(tasks.tasks.map((x: { title: string }) => x.title)).toContain('Update the CV');
    expect((await post(doneToken)).status).toBe(410);
    // the same item's Snooze link of the same message went with it
    const [, snoozeCv] = linksIn(cvBlock);
    expect((await post(snoozeCv)).status).toBe(410);
    // snoozing the interview moves its next step a day
    const stripeBlock = text.slice(text.indexOf('Onsite interview'));
    const [, snoozeStripe] = linksIn(stripeBlock);
    const snoozed = await post(snoozeStripe, 'text/html');
    expect(snoozed.status).toBe(200);
    expect(await snoozed.text()).toContain('Snoozed the next step for Stripe');
    const opp = await t.h.call(t.alice.id, 'get_opportunity', { opportunity: ids.stripe });
    expect(opp.opportunity.next_action_date).toBe('2026-11-26');
  });
});
