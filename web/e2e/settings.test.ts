import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { startRadicale, type Radicale } from '../../test-support/radicale.js';
import { watchConsole } from './console-watch.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.KITH_SHOTS ?? join(tmpdir(), 'webapp-shots');

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let radicale: Radicale;
let receiver: WebhookReceiver;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureClientBuilt();
  radicale = await startRadicale({ ana: 'ana-app-pw' });
  const mk = await fetch(`${radicale.url}/ana/work/`, { method: 'MKCALENDAR', headers: { authorization: `Basic ${Buffer.from('ana:ana-app-pw').toString('base64')}` } });
  expect(mk.status).toBe(201);
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-settings-'));
  receiver = await startWebhookReceiver({ now: () => Date.parse('2026-11-25T10:00:00Z') });
  // the receiver is on 127.0.0.1, which a Kith refuses as a webhook target unless allowed
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_LOG_LEVEL: 'error', KITH_NOW: '2026-11-25T10:00:00Z', KITH_WEBHOOKS_ALLOW_PRIVATE: '1' } as NodeJS.ProcessEnv));
  await kith.call(kith.owner.id, 'load_demo_data', {});
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  await radicale?.close();
  await receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the settings page', { timeout: 180_000 }, () => {
  it('saves reminder channels and hour, copies and rotates the feed address, connects and syncs a calendar', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Reminders' }).waitFor();
    await page.getByLabel('E-mail', { exact: false }).first().check();
    await page.getByLabel('Time of day').selectOption('8');
    await page.getByRole('button', { name: 'Save reminders' }).click();
    await page.getByText('Saved: reminders at 08:00 by email.').waitFor();
    expect(await kith.call(kith.owner.id, 'get_reminder_settings', {})).toMatchObject({ channels: ['email'], hour: 8 });

    const address = page.getByLabel('Calendar feed address');
    const before = await address.inputValue();
    expect(before).toMatch(new RegExp(`^${server.url}/calendar/[A-Za-z0-9_-]{32}\\.ics$`));
    await page.getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(before);
    expect((await fetch(before)).status).toBe(200);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'New address' }).click();
    await page.getByText('New address made; the old one no longer works.').waitFor();
    const after = await address.inputValue();
    expect(after).not.toBe(before);
    expect((await fetch(before)).status).toBe(404);
    expect(await (await fetch(after)).text()).toContain('BEGIN:VEVENT');

    await page.getByLabel('Server', { exact: true }).fill(radicale.url);
    await page.getByLabel('User', { exact: true }).fill('ana');
    await page.getByLabel('App password', { exact: true }).fill('ana-app-pw');
    await page.getByLabel('Write to calendar', { exact: true }).fill('work');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Synced with "[^"]+": 0 meetings logged, 0 upcoming added, \d+ events written, 0 removed\.$/).waitFor({ timeout: 90_000 });
    await page.getByText(/Last synced/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'settings-desktop.png'), fullPage: true });
    watch.expectClean();
    await context.close();
  });

  it('adds a webhook showing its secret once, pings it, reads its delivery log and deletes it after a yes', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchConsole(page);
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/page'));
    await page.getByLabel(/An opportunity moves to another stage/).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecret('/page', secret);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Signing secret').count()).toBe(0);
    await page.getByText('contact.added, opportunity.stage_changed', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Send a test ping' }).click();
    await page.getByText(/^The ping to .* was answered 200 in \d+ ms\.$/).waitFor();
    expect(receiver.received('/page').map((r) => [r.json.event, r.verified])).toEqual([['ping', true]]);
    await page.getByRole('button', { name: 'Delivery log' }).click();
    await page.getByRole('table').getByRole('cell', { name: 'Delivered' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'settings-webhooks.png'), fullPage: true });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText(/^Delete the webhook to 127\.0\.0\.1:\d+ \(contact\.added, opportunity\.stage_changed\)\?$/).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('No webhooks yet.').waitFor();
    expect(((await kith.call(kith.owner.id, 'list_webhooks', {})) as { webhooks: unknown[] }).webhooks).toEqual([]);
    watch.expectClean();
    await page.close();
  });

  it('puts an .ics link on dated cards and a Join link on an interview with a meeting link', async () => {
    const opps = (await kith.call(kith.owner.id, 'list_opportunities', { company: 'Stripe' })) as { opportunities: Array<{ id: string }> };
    const id = opps.opportunities[0].id;
    await kith.call(kith.owner.id, 'update_opportunity', { opportunity: id, status: 'interview', next_action: 'Onsite interview', next_action_date: '2026-12-02', notes: 'Zoom: https://stripe.zoom.us/j/123456789' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#/opportunities/${id}`);
    const joinLink = page.getByRole('link', { name: 'Join on Zoom' });
    await joinLink.waitFor();
    expect(await joinLink.getAttribute('href')).toBe('https://stripe.zoom.us/j/123456789');
    const ics = page.getByRole('link', { name: /add Onsite interview to a calendar/ });
    const href = await ics.getAttribute('href');
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('SUMMARY:Onsite interview: ');
    await page.screenshot({ path: join(SHOTS, 'opportunity-interview.png'), fullPage: true });
    await page.close();
  });
});
