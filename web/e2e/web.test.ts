import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { packageRoot } from '../../db/package-root.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';

const ARTIFACTS = join(packageRoot(), 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

async function say(text: string) {
  const box = page.getByLabel('Message Kith');
  await box.fill(text);
  await box.press('Enter');
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-'));
  // Wednesday 4 March 2026, 10:00 in Berlin: "Friday" is 6 March.
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T09:00:00Z', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
  const owner = kith.owner.id;
  const add = async (input: Record<string, unknown>) => ((await kith.call(owner, 'add_contact', input)) as { contact: { id: string } }).contact.id;
  ids.priya = await add({ first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com', phone: '+49 30 1234567', linkedin_url: 'https://www.linkedin.com/in/priya', tags: ['python'] });
  ids.omar = await add({ first_name: 'Omar', last_name: 'Haddad', company: 'Acme' });
  ids.lucas = await add({ first_name: 'Lucas', last_name: 'Martin', company: 'Globex', relationship_type: 'recruiter' });
  ids.acme = ((await kith.call(owner, 'add_opportunity', { company_name: 'Acme', job_title: 'Backend Engineer' })) as { opportunity: { id: string } }).opportunity.id;
  await kith.call(owner, 'add_opportunity', { company_name: 'Stripe', job_title: 'Platform Engineer', status: 'applied' });
  await kith.call(owner, 'log_interaction', { contact: ids.lucas, interaction_type: 'call', interaction_date: '2026-02-20', subject: 'Intro call about Kubernetes roles' });
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the page in Chromium', () => {
  it('logs coffee with Priya from the chat and shows the card', async () => {
    await page.goto(server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect.poll(() => page.getByLabel('Message Kith').isVisible()).toBe(true);
    await say('log coffee with Priya, follow up Friday');
    const card = page.getByRole('article', { name: /Logged Coffee chat with Priya Patel/ });
    await card.waitFor({ timeout: 20_000 });
    // The follow-up day in the browser's locale (en-US here), with no time: Friday 6 March.
    expect(await card.textContent()).toContain('Fri, Mar 6, 2026');
    await expect.poll(async () => (await page.locator('.chat-log .msg.assistant .bubble').allTextContents()).join(' ')).toMatch(/Priya/);
    // The dashboard beside the chat picked up the change.
    await expect.poll(() => page.getByRole('region', { name: 'Recent activity' }).textContent()).toMatch(/Logged a coffee chat with Priya Patel/);
    await shot('chat-log-coffee');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    // The chat survives a reload.
    await page.reload();
    await page.getByRole('article', { name: /Logged Coffee chat with Priya Patel/ }).waitFor({ timeout: 10_000 });
  });

  it('asks "which Priya?" and re-sends the sentence with the chosen one', async () => {
    await kith.call(kith.owner.id, 'add_contact', { first_name: 'Priya', last_name: 'Sharma', company: 'Initech' });
    await say('log a call with Priya');
    const chooser = page.getByRole('region', { name: 'Which Priya?' });
    await chooser.waitFor({ timeout: 20_000 });
    await shot('chat-which-priya');
    await chooser.getByRole('button', { name: /Priya Sharma/ }).click();
    await page.getByRole('article', { name: /Logged Call with Priya Sharma/ }).waitFor({ timeout: 20_000 });
  });

  it('deletes a contact only after the confirmation card is confirmed', async () => {
    await say('delete Omar Haddad');
    const confirm = page.getByRole('group', { name: 'Confirmation needed' }).last();
    await confirm.waitFor({ timeout: 20_000 });
    expect(await confirm.textContent()).toMatch(/Delete Omar Haddad/);
    expect(((await kith.call(kith.owner.id, 'find_contacts', { query: 'Omar' })) as { contacts: unknown[] }).contacts).toHaveLength(1);
    await shot('chat-confirm-delete');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(async () => ((await kith.call(kith.owner.id, 'find_contacts', { query: 'Omar' })) as { contacts: unknown[] }).contacts.length, { timeout: 20_000 }).toBe(0);
    await page.locator('.bubble', { hasText: /Deleted Omar Haddad and 0 interactions/ }).waitFor({ timeout: 10_000 });
  });

  it('undoes a logged interaction from its card', async () => {
    const card = page.getByRole('article', { name: /Logged Call with Priya Sharma/ });
    // The card carries its call's change_id: Undo reverses that call exactly, with no second question.
    await card.getByRole('button', { name: 'Undo' }).click();
    await card.getByRole('status').filter({ hasText: /Undid/ }).waitFor();
    const left = (await kith.call(kith.owner.id, 'list_interactions', { contact: 'Priya Sharma' })) as { interactions: unknown[] };
    expect(left.interactions).toHaveLength(0);
    const priya = (await kith.call(kith.owner.id, 'get_contact', { contact: 'Priya Sharma' })) as { contact: { last_contact_date: string | null } };
    expect(priya.contact.last_contact_date).toBeNull();
  });

  it('drags an opportunity to "interview" and finds it there after a reload', async () => {
    await page.goto(`${server.url}/#/pipeline`);
    const card = page.locator(`.opp[data-id="${ids.acme}"]`);
    await card.waitFor();
    await card.dragTo(page.locator('.column[data-stage="interview"]'));
    await expect.poll(async () => ((await kith.call(kith.owner.id, 'list_opportunities', { company: 'Acme' })) as { opportunities: Array<{ status: string }> }).opportunities[0].status).toBe('interview');
    await page.reload();
    await page.locator(`.column[data-stage="interview"] .opp[data-id="${ids.acme}"]`).waitFor({ timeout: 10_000 });
    await shot('pipeline-after-drag');
    // The keyboard alternative: the card's stage menu.
    await page.getByLabel('Move Acme to stage').selectOption('offer');
    await page.locator(`.column[data-stage="offer"] .opp[data-id="${ids.acme}"]`).waitFor();
  });

  it('searches contacts and opens a profile with its timeline', async () => {
    await page.goto(`${server.url}/#/contacts`);
    await page.getByRole('searchbox', { name: 'Search' }).fill('luc');
    await expect.poll(async () => page.locator('.contacts-table tbody tr').count()).toBe(1);
    expect(await page.locator('.contacts-table tbody').textContent()).toContain('Lucas Martin');
    await shot('contacts-search');
    await page.getByRole('link', { name: 'Lucas Martin' }).click();
    await page.getByRole('region', { name: 'Timeline' }).getByText(/Intro call about Kubernetes roles/).waitFor();
    await shot('contact-profile');
  });

  it('imports a LinkedIn file from the page: a preview first, a match merged only when ticked', async () => {
    await page.goto(`${server.url}/#/import`);
    await page.getByLabel('File').setInputFiles(join(packageRoot(), 'agent', 'tools', 'imports', 'fixtures', 'Connections.csv'));
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText('Preview: linkedin-connections').waitFor();
    await preview.getByText('contacts: 5 to add, 0 to update, 0 to merge, 2 to skip').waitFor();
    const priya = preview.locator('tr', { hasText: 'line 6' });
    expect(await priya.textContent()).toMatch(/matches Priya Patel \(Stripe\) in Kith \(same name and company\)/);
    await shot('import-preview');
    expect(((await kith.call(kith.owner.id, 'find_contacts', { query: 'José' })) as { contacts: unknown[] }).contacts).toHaveLength(0);
    await priya.getByLabel('Merge line 6').check();
    await preview.getByRole('button', { name: /Import \(merging 1 ticked\)/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Imported: 5 contacts added, 1 updated' }).waitFor();
    const found = (await kith.call(kith.owner.id, 'find_contacts', { query: 'figma' })) as { contacts: Array<{ email: string }> };
    expect(found.contacts.map((c) => c.email)).toEqual(['josé.15@figma.com']);
    const p = (await kith.call(kith.owner.id, 'get_contact', { contact: ids.priya })) as { contact: { notes: string } };
    expect(p.contact.notes).toContain('Connected on LinkedIn: 2023-01-02');
  });

  it('works on a phone-sized screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(server.url);
    await phone.getByLabel('Message Kith').waitFor();
    await phone.getByRole('region', { name: 'Quick stats' }).or(phone.getByRole('list', { name: 'Quick stats' })).first().waitFor();
    await phone.locator('.board .opp').first().waitFor();
    // Nothing wider than the phone: the board scrolls inside itself.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-home.png'), fullPage: true });
    await phone.goto(`${server.url}/#/contacts`);
    await phone.locator('.contacts-table tbody tr').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-contacts.png'), fullPage: true });
    await phone.close();
  });
});
