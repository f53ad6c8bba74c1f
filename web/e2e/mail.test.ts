import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ImapFlow } from 'imapflow';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { startDovecot, type Dovecot } from '../../test-support/dovecot.js';
import { startSmtpCapture, type SmtpCapture } from '../../test-support/smtp-capture.js';
import { composeMessage } from '../../test-support/mail-messages.js';
import { watchConsole, type ConsoleWatch } from './console-watch.js';

/** The mail settings page and a drafted message's Send / Open in mail, in Chromium against kith serve, a dovecot and an smtp-server. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.KITH_SHOTS ?? '/tmp/webapp-shots';

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let page: Page;
let watch: ConsoleWatch;
let dovecot: Dovecot;
let smtp: SmtpCapture;
let priyaId: string;

beforeAll(async () => {
  await ensureClientBuilt();
  mkdirSync(SHOTS, { recursive: true });
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
  await imap.append('INBOX', await composeMessage({ from: 'Priya Patel <priya@stripe.test>', to: 'me@example.test', subject: 'Re: Backend Engineer', text: "Thanks! We'd like to schedule a call next week.", date: '2026-03-03T10:00:00Z', messageId: 'r1@stripe.test', inReplyTo: 'a1@example.test' }));
  await imap.append('INBOX', await composeMessage({ from: 'Dana Whitfield <dana@newco.test>', to: 'me@example.test', subject: 'Hello from NewCo', text: 'Tom said you might like to hear about NewCo.', date: '2026-03-03T12:00:00Z', messageId: 'd1@newco.test' }));
  await imap.logout();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-mail-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T09:00:00Z', KITH_LOG_LEVEL: 'error', KITH_EMBEDDING_MODEL: 'lexical' } as NodeJS.ProcessEnv));
  priyaId = ((await kith.call(kith.owner.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.test', relationship_type: 'recruiter' })) as { contact: { id: string } }).contact.id;
  await kith.call(kith.owner.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', status: 'applied', contact: priyaId });
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
  page = await context.newPage();
  watch = watchConsole(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close({ embed: false });
  await dovecot?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the mail page', () => {
  it('connects the mailbox, syncs, shows the last sync, adds an unknown sender and accepts a suggestion', async () => {
    await page.goto(`${server.url}/#/mail`);
    await page.getByLabel('Your address').fill('me@example.test');
    await page.getByLabel('Your name').fill('Alice Doe');
    const imap = page.getByRole('group', { name: 'Reading (IMAP)' });
    await imap.getByLabel('Server').fill(dovecot.host);
    await imap.getByLabel('Port').fill(String(dovecot.port));
    await imap.getByLabel('Security').selectOption('none');
    await imap.getByLabel('User').fill(dovecot.user);
    await imap.getByLabel('Password or app password').fill(dovecot.password);
    const out = page.getByRole('group', { name: 'Sending (SMTP)' });
    await out.getByLabel('Server').fill(smtp.host);
    await out.getByLabel('Port').fill(String(smtp.port));
    await out.getByLabel('Security').selectOption('none');
    await out.getByLabel('User').fill(smtp.user);
    await out.getByLabel('Password or app password').fill(smtp.password);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await expect.poll(() => imap.getByLabel('Password or app password').getAttribute('placeholder')).toBe('set (leave empty to keep)');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.getByText(/Last synced/).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByText('dana@newco.test').count()).toBe(1);
    await expect.poll(() => page.getByText('Move Backend Engineer at Stripe to phone screen?').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'mail-settings.png'), fullPage: true });
    await page.getByRole('button', { name: 'Add Dana Whitfield as a contact' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Added Dana Whitfield' }).count()).toBe(1);
    const found = await kith.call(kith.owner.id, 'find_contacts', { query: 'dana' }) as { contacts: Array<{ email: string }> };
    expect(found.contacts.map((c) => c.email)).toEqual(['dana@newco.test']);
    const row = page.getByRole('listitem').filter({ hasText: 'phone screen' });
    await row.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(async () => ((await kith.call(kith.owner.id, 'list_opportunities', {})) as { opportunities: Array<{ status: string }> }).opportunities[0].status).toBe('phone_screen');
  });

  it('drafts a message on a contact, offers Open in mail, and sends it after the confirmation', async () => {
    await page.goto(`${server.url}/#/contacts/${priyaId}`);
    await page.getByText('Write an e-mail to Priya').click();
    await page.getByLabel('Template').selectOption('thank_you_after_interview');
    await page.getByRole('button', { name: 'Draft' }).click();
    const card = page.locator('.draft-card');
    await expect.poll(() => card.getByLabel('Subject').inputValue()).toBe('Thank you, Priya');
    expect(await card.getByRole('link', { name: 'Open in mail' }).getAttribute('href')).toMatch(/^mailto:priya@stripe\.test\?subject=Thank%20you%2C%20Priya&body=/);
    await card.getByLabel('Subject').fill('Thank you for today, Priya');
    await page.screenshot({ path: join(SHOTS, 'mail-draft.png'), fullPage: true });
    await card.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toBe('Sent to priya@stripe.test and logged.');
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.subject).toBe('Thank you for today, Priya');
    expect(mail.envelopeTo).toEqual(['priya@stripe.test']);
    watch.expectClean();
  });
});
