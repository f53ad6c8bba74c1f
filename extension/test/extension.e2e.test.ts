import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { crmContacts, crmInteractions, crmOpportunities, mailMessages, mailThreadInteractions, users } from '../../db/schema/index.js';
import { startServer, type RunningServer } from '../../web/server/start-server.js';
import { buildExtension, testCopy } from './build-extension.js';
import { serveFixtures } from './serve-fixtures.js';

// The unpacked extension in Chromium against a real Kith server on 127.0.0.1 (what `kith serve` starts).
let dataDir: string;
let profileDir: string;
let extension: ReturnType<typeof testCopy>;
let kith: Kith;
let server: RunningServer;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
let context: BrowserContext;
let token: string;

const SHOTS = '/tmp/ext-shots';

beforeAll(async () => {
  buildExtension();
  extension = testCopy();
  fixtures = await serveFixtures();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-ext-data-'));
  // Wednesday 4 March 2026 in Berlin: "Friday" is 6 March.
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T09:00:00Z', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
  await kith.call(kith.owner.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com' });
  await kith.call(kith.owner.id, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', company: 'Acme Robotics', job_title: 'Engineering Manager' });
  // The address the fixture messages are written to is the user's own (log_email leaves it out of the contacts).
  await kith.database.db.update(users).set({ email: 'me@example.com' }).where(eq(users.id, kith.owner.id));
  token = (await createToken(kith.database.db, kith.owner.id, 'extension test')).token;
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  profileDir = mkdtempSync(join(tmpdir(), 'kith-ext-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--headless=new', `--disable-extensions-except=${extension.dir}`, `--load-extension=${extension.dir}`, '--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: 420, height: 720 },
  });
  await configure(token);
}, 180_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  await kith?.close();
  await fixtures?.close();
  for (const dir of [dataDir, profileDir, extension?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const extensionUrl = (path: string) => `chrome-extension://${extension.id}/${path}`;

/** The options page, as the user fills it once: the Kith URL and a token. */
async function configure(withToken: string): Promise<string> {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  await page.getByLabel('Kith URL').fill(server.url);
  await page.getByLabel('API token').fill(withToken);
  await page.getByRole('button', { name: 'Save and check' }).click();
  await page.locator('#status').filter({ hasText: /Connected|Saved, but/ }).waitFor({ timeout: 15_000 });
  const status = (await page.locator('#status').textContent()) ?? '';
  await page.close();
  return status;
}

/** The page in a tab, then the popup in another tab aimed at it (?tab=), as the toolbar button opens it for the active tab. */
async function popupFor(path: string, selectId?: string): Promise<{ popup: Page; target: Page }> {
  const target = await context.newPage();
  await target.goto(fixtures.url(path));
  if (selectId) {
    await target.evaluate((id) => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id)!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, selectId);
  }
  const popup = await context.newPage();
  await popup.goto(extensionUrl('popup.html'));
  const tabId = await popup.evaluate(async (url) => (await chrome.tabs.query({ url })).map((t) => t.id)[0], target.url());
  expect(tabId).toBeTypeOf('number');
  await popup.goto(extensionUrl(`popup.html?tab=${tabId}`));
  await popup.locator('body[data-ready="true"]').waitFor();
  return { popup, target };
}

const opportunitiesAt = (url: string) => kith.database.db.select().from(crmOpportunities).where(eq(crmOpportunities.jobUrl, url));

describe('the extension in Chromium', () => {
  it('asks for no permission it does not use', () => {
    expect(extension.manifest.permissions).toEqual(['activeTab', 'scripting', 'storage']);
    expect(extension.manifest.host_permissions).toBeUndefined();
    expect(extension.manifest).not.toHaveProperty('content_scripts');
    expect(extension.manifest).not.toHaveProperty('background');
  });

  it('saves a JSON-LD posting as an opportunity once, with the stage chosen, and shows who the user knows there', async () => {
    const { popup, target } = await popupFor('greenhouse-graph.html');
    const form = popup.locator('#job-form');
    expect(await form.getByLabel('Job title').inputValue()).toBe('Senior Backend Engineer');
    expect(await form.getByLabel('Company').inputValue()).toBe('Acme Robotics');
    expect(await form.getByLabel('Salary').inputValue()).toBe('EUR 85,000–110,000 / year');
    await form.getByLabel('Location').fill('Berlin (hybrid)');
    await form.getByLabel('Stage').selectOption('applied');
    await popup.screenshot({ path: join(SHOTS, 'popup-job.png') }).catch(() => undefined);
    await form.getByRole('button', { name: 'Save job' }).click();
    const result = popup.locator('#job-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/Saved Senior Backend Engineer at Acme Robotics \(applied\)/);
    expect(await result.textContent()).toMatch(/You know 1 person at Acme Robotics.*Omar Haddad, Engineering Manager/);
    await popup.screenshot({ path: join(SHOTS, 'popup-job-saved.png') }).catch(() => undefined);
    const jobUrl = fixtures.url('jobs/acme/4012345');
    const rows = await opportunitiesAt(jobUrl);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ jobTitle: 'Senior Backend Engineer', companyName: 'Acme Robotics', status: 'applied', location: 'Berlin (hybrid)', salaryRange: 'EUR 85,000–110,000 / year' });
    expect(rows[0].jobDescription).toContain('• Go and PostgreSQL');
    await popup.close();

    // The same posting again: nothing changes, and the popup says it is already there.
    const again = await popupFor('greenhouse-graph.html');
    await again.popup.locator('#job-form').getByLabel('Stage').selectOption('interview');
    await again.popup.getByRole('button', { name: 'Save job' }).click();
    await expect.poll(() => again.popup.locator('#job-result').textContent(), { timeout: 15_000 }).toMatch(/Already in Kith: Senior Backend Engineer at Acme Robotics \(applied\)/);
    const after = await opportunitiesAt(jobUrl);
    expect(after).toEqual(rows);
    expect(await kith.database.db.select().from(crmOpportunities)).toHaveLength(1);
    await Promise.all([target.close(), again.popup.close(), again.target.close()]);
  });

  it('saves a microdata-only posting and a page with no posting data (title, URL, selected text)', async () => {
    const micro = await popupFor('microdata.html');
    expect(await micro.popup.locator('#job-source').textContent()).toMatch(/microdata/);
    await micro.popup.getByRole('button', { name: 'Save job' }).click();
    await expect.poll(() => micro.popup.locator('#job-result').textContent(), { timeout: 15_000 }).toMatch(/Saved Product Designer at Umbrella Corp \(interested\).*You know nobody at Umbrella Corp/);
    expect(await opportunitiesAt(fixtures.url('microdata.html'))).toMatchObject([{ companyName: 'Umbrella Corp', salaryRange: 'USD 90,000–120,000 / year', location: 'Raccoon City, MO, US' }]);

    const plain = await popupFor('plain.html', 'pitch');
    const form = plain.popup.locator('#job-form');
    expect(await plain.popup.locator('#job-source').textContent()).toMatch(/No job posting data/);
    expect(await form.getByLabel('Description').inputValue()).toBe('Hooli is hiring an SRE to keep search fast. Rust, Linux, on-call.');
    expect(await form.getByLabel('Company').inputValue()).toBe('');
    await form.getByLabel('Company').fill('Hooli');
    await form.getByRole('button', { name: 'Save job' }).click();
    await expect.poll(() => plain.popup.locator('#job-result').textContent(), { timeout: 15_000 }).toMatch(/Saved We're hiring: Site Reliability Engineer at Hooli/);
    expect(await opportunitiesAt(fixtures.url('plain.html'))).toMatchObject([{ companyName: 'Hooli', jobDescription: 'Hooli is hiring an SRE to keep search fast. Rust, Linux, on-call.' }]);
    for (const p of [micro.popup, micro.target, plain.popup, plain.target]) await p.close();
  });

  it('saves a selected person once and logs an interaction with a note', async () => {
    const { popup, target } = await popupFor('plain.html', 'person');
    await popup.getByRole('tab', { name: 'Person' }).click();
    const form = popup.locator('#person-form');
    expect(await form.getByLabel('Name').inputValue()).toBe('Dana Scully');
    expect(await form.getByLabel('Company').inputValue()).toBe('Hooli');
    await form.getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => popup.locator('#person-result').textContent(), { timeout: 15_000 }).toBe('Saved: Dana Scully (Hooli)');
    await form.getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => popup.locator('#person-result').textContent(), { timeout: 15_000 }).toBe('Already in Kith: Dana Scully (Hooli)');
    const danas = await kith.database.db.select().from(crmContacts).where(eq(crmContacts.email, 'dana.scully@hooli.example'));
    expect(danas).toHaveLength(1);
    expect(danas[0]).toMatchObject({ firstName: 'Dana', lastName: 'Scully', jobTitle: 'Senior Recruiter', company: 'Hooli' });

    await form.getByLabel('Note').fill('Asked about the SRE role; she will send the referral link');
    await form.getByLabel('Interaction').selectOption('call');
    await form.getByRole('button', { name: 'Log interaction' }).click();
    await expect.poll(() => popup.locator('#person-result').textContent(), { timeout: 15_000 }).toMatch(/Logged with Dana Scully/);
    const logged = await kith.database.db.select().from(crmInteractions).where(eq(crmInteractions.contactId, danas[0].id));
    expect(logged).toMatchObject([{ interactionType: 'call', notes: 'Asked about the SRE role; she will send the referral link' }]);
    await Promise.all([popup.close(), target.close()]);
  });

  it('logs the open Gmail message to the matching contact', async () => {
    const { popup, target } = await popupFor('gmail.html');
    expect(await popup.getByRole('tab', { name: 'E-mail' }).getAttribute('aria-selected')).toBe('true');
    const form = popup.locator('#mail-form');
    expect(await form.getByLabel('Address').inputValue()).toBe('priya@stripe.com');
    await popup.screenshot({ path: join(SHOTS, 'popup-mail.png') }).catch(() => undefined);
    await form.getByRole('button', { name: 'Log e-mail' }).click();
    await expect.poll(() => popup.locator('#mail-result').textContent(), { timeout: 15_000 }).toBe('Logged the e-mail with Priya Patel: Re: Platform role at Stripe');
    const [priya] = await kith.database.db.select().from(crmContacts).where(eq(crmContacts.email, 'priya@stripe.com'));
    const mails = await kith.database.db.select().from(crmInteractions).where(eq(crmInteractions.contactId, priya.id));
    expect(mails).toMatchObject([{ interactionType: 'email', subject: 'Re: Platform role at Stripe', notes: 'Hi! Yes, it is. The hiring manager can talk on Thursday.\nSend me your CV.' }]);
    expect(mails[0].interactionDate.toISOString().slice(0, 10)).toBe('2026-03-03');
    await Promise.all([popup.close(), target.close()]);
  });

  it('sends the raw message when the page shows its source: the headers, date and Message-ID are the message\'s, and a second send changes nothing', async () => {
    const { popup, target } = await popupFor('gmail-original.html');
    expect(await popup.getByRole('tab', { name: 'E-mail' }).getAttribute('aria-selected')).toBe('true');
    expect(await popup.locator('#mail-source').textContent()).toMatch(/The raw message, from Gmail's "Show original" \(1 kB\), Message-ID <CAGm8Qx2-interview-slot@mail\.gmail\.com>/);
    const form = popup.locator('#mail-form');
    expect(await form.getByLabel('Address').inputValue()).toBe('priya@stripe.com');
    expect(await form.getByLabel('Subject').inputValue()).toBe('Interview slot for the platform role');
    expect(await form.getByLabel('Address').isDisabled()).toBe(true);
    expect(await form.getByLabel(/Send the raw message/).isChecked()).toBe(true);
    await popup.screenshot({ path: join(SHOTS, 'popup-raw-mail.png') }).catch(() => undefined);
    await form.getByRole('button', { name: 'Log e-mail' }).click();
    await expect.poll(() => popup.locator('#mail-result').textContent(), { timeout: 15_000 }).toBe('Logged the e-mail "Interview slot for the platform role" with Priya Patel.');
    const stored = async (messageId: string) => {
      const [message] = await kith.database.db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId));
      const links = message ? await kith.database.db.select().from(mailThreadInteractions).where(eq(mailThreadInteractions.threadKey, message.threadKey)) : [];
      const interactions = links.length ? await kith.database.db.select().from(crmInteractions).where(eq(crmInteractions.id, links[0].interactionId)) : [];
      return { message, interactions };
    };
    const gmail = await stored('CAGm8Qx2-interview-slot@mail.gmail.com');
    expect(gmail.message).toMatchObject({ fromAddress: 'priya@stripe.com', fromName: 'Priya Patel', subject: 'Interview slot for the platform role', direction: 'incoming', toAddresses: ['me@example.com'] });
    // the Date: header to the second (10:12:17 +0100), not "Mar 11" read off the screen
    expect(gmail.message.sentAt.toISOString()).toBe('2026-03-11T09:12:17.000Z');
    expect(gmail.message.body).toContain('Does that work for you?');
    expect(gmail.interactions).toMatchObject([{ interactionType: 'email', subject: 'Interview slot for the platform role' }]);
    expect(gmail.interactions[0].interactionDate.toISOString()).toBe('2026-03-11T09:12:17.000Z');
    const count = async () => (await kith.database.db.select().from(mailMessages)).length + (await kith.database.db.select().from(crmInteractions)).length;
    const before = await count();
    await form.getByRole('button', { name: 'Log e-mail' }).click();
    await expect.poll(() => popup.locator('#mail-result').textContent(), { timeout: 15_000 }).toBe('That e-mail was already logged; nothing changed.');
    expect(await count()).toBe(before);
    await Promise.all([popup.close(), target.close()]);

    // a page that is the message (text/plain) and a page linking to its .eml
    for (const [path, messageId, sentAt, subject] of [
      ['lunch-message.txt', 'plain-page-lunch@stripe.com', '2026-03-17T11:30:00.000Z', 'Team lunch on Friday'],
      ['eml-link.html', 'eml-link-cv-comments@stripe.com', '2026-03-16T12:05:00.000Z', 'Your CV, with comments'],
    ]) {
      const next = await popupFor(path);
      await next.popup.getByRole('button', { name: 'Log e-mail' }).click();
      await expect.poll(() => next.popup.locator('#mail-result').textContent(), { timeout: 15_000 }).toBe(`Logged the e-mail "${subject}" with Priya Patel.`);
      const { message, interactions } = await stored(messageId);
      expect(message.sentAt.toISOString()).toBe(sentAt);
      expect(interactions[0].interactionDate.toISOString()).toBe(sentAt);
      await Promise.all([next.popup.close(), next.target.close()]);
    }
  });

  it('sends a chat turn and shows the reply and its card', async () => {
    const { popup, target } = await popupFor('plain.html');
    await popup.getByRole('tab', { name: 'Chat' }).click();
    await popup.getByLabel('Message Kith').fill('had coffee with Priya, follow up Friday');
    await popup.getByLabel('Message Kith').press('Enter');
    const card = popup.locator('article.card');
    await card.first().waitFor({ timeout: 30_000 });
    expect(await card.first().textContent()).toMatch(/Priya Patel/);
    expect(await popup.locator('#chat-log').textContent()).toMatch(/2026-03-06/);
    expect(await popup.locator('.msg.assistant').first().textContent()).toMatch(/Priya/);
    await popup.screenshot({ path: join(SHOTS, 'popup-chat.png') }).catch(() => undefined);
    const [priya] = await kith.database.db.select().from(crmContacts).where(eq(crmContacts.email, 'priya@stripe.com'));
    expect(priya.nextFollowUpDate).toBe('2026-03-06');
    const coffees = await kith.database.db.select().from(crmInteractions).where(eq(crmInteractions.interactionType, 'coffee_chat'));
    expect(coffees.map((c) => c.contactId)).toEqual([priya.id]);
    await Promise.all([popup.close(), target.close()]);
  });

  it('with a wrong token: a clear message, and nothing is saved', async () => {
    expect(await configure('kith_not-a-real-token')).toMatch(/Kith refused the token: The token is not valid/);
    const before = await kith.database.db.select().from(crmOpportunities);
    const { popup, target } = await popupFor('lever-array.html');
    await popup.getByRole('button', { name: 'Save job' }).click();
    await expect.poll(() => popup.locator('#job-result').textContent(), { timeout: 15_000 }).toMatch(/Kith refused the token: The token is not valid\. Open the extension's options/);
    await popup.screenshot({ path: join(SHOTS, 'popup-wrong-token.png') }).catch(() => undefined);
    expect(await kith.database.db.select().from(crmOpportunities)).toEqual(before);
    await Promise.all([popup.close(), target.close()]);
    await configure(token);
  });
});
