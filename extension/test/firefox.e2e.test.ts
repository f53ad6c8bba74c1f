import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { eq } from 'drizzle-orm';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { crmOpportunities } from '../../db/schema/index.js';
import { startServer, type RunningServer } from '../../web/server/start-server.js';
import { buildExtension, firefoxTestCopy, GECKO_ID } from './build-extension.js';
import { serveFixtures } from './serve-fixtures.js';

// The same unpacked extension in Firefox ESR (headless, driven over WebDriver BiDi by puppeteer-core,
// installed with webExtension.install as a temporary add-on) against a real Kith server on 127.0.0.1.
const FIREFOX = '/usr/bin/firefox-esr';
const UUID = randomUUID();

let dataDir: string;
let extension: ReturnType<typeof firefoxTestCopy>;
let kith: Kith;
let server: RunningServer;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
let browser: Browser;
let extensionPage: Page;

const extensionUrl = (path: string) => `moz-extension://${UUID}/${path}`;

/** The tab the add-on opened on install, found by where it is (BiDi cannot navigate to moz-extension:// itself). */
async function findExtensionPage(): Promise<Page> {
  for (let i = 0; i < 100; i++) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(extensionUrl(''))) return page;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the extension did not open its options page');
}

/** The extension's own tab shows the popup for the tab holding `url` (?tab=, as the toolbar button opens it for the active tab). */
async function popupFor(url: string): Promise<Page> {
  const tabId = await extensionPage.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  expect(tabId).toBeTypeOf('number');
  const href = extensionUrl(`popup.html?tab=${tabId}`);
  await extensionPage.evaluate((to) => { location.href = to; }, href);
  // polled across the navigation (the page's realm is replaced; BiDi reports no navigation for it)
  await until(() => extensionPage.evaluate((to) => location.href === to && document.body?.dataset.ready === 'true', href));
  return extensionPage;
}

async function until(check: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out: ${check}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

beforeAll(async () => {
  buildExtension();
  extension = firefoxTestCopy();
  fixtures = await serveFixtures();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-ext-firefox-data-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T09:00:00Z', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
  await kith.call(kith.owner.id, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', company: 'Acme Robotics', job_title: 'Engineering Manager' });
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // the moz-extension:// host of the add-on, fixed so the test knows it
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  });
  expect(await browser.installExtension(extension.dir)).toBe(GECKO_ID);
  extensionPage = await findExtensionPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  await fixtures?.close();
  for (const dir of [dataDir, extension?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the extension in Firefox', () => {
  it('is set up in its options page, then saves a JSON-LD posting once, with the stage chosen', async () => {
    const { token } = await createToken(kith.database.db, kith.owner.id, 'firefox test');
    await extensionPage.waitForSelector('#options-form');
    await extensionPage.$eval('input[name="kithUrl"]', (el) => { (el as HTMLInputElement).value = ''; });
    await extensionPage.type('input[name="kithUrl"]', server.url);
    await extensionPage.type('input[name="token"]', token);
    await extensionPage.click('#options-form button[type="submit"]');
    await extensionPage.waitForFunction(() => /Connected|Saved, but/.test(document.getElementById('status')?.textContent ?? ''), { timeout: 20_000 });
    expect(await text(extensionPage, '#status')).toMatch(/^Saved\. Connected to http:\/\/127\.0\.0\.1:\d+ as /);

    const target = await browser.newPage();
    const postingPage = fixtures.url('greenhouse-graph.html');
    await target.goto(postingPage);
    const popup = await popupFor(postingPage);
    expect(await popup.$eval('#job-form [name="job_title"]', (el) => (el as HTMLInputElement).value)).toBe('Senior Backend Engineer');
    expect(await popup.$eval('#job-form [name="company_name"]', (el) => (el as HTMLInputElement).value)).toBe('Acme Robotics');
    expect(await text(popup, '#job-source')).toMatch(/JSON-LD/);
    await popup.select('#job-form [name="status"]', 'applied');
    await popup.click('#job-form button[type="submit"]');
    await popup.waitForFunction(() => (document.getElementById('job-result')?.textContent ?? '').length > 0, { timeout: 20_000 });
    expect(await text(popup, '#job-result')).toMatch(/Saved Senior Backend Engineer at Acme Robotics \(applied\).*Omar Haddad/);
    const jobUrl = fixtures.url('jobs/acme/4012345');
    const rows = await kith.database.db.select().from(crmOpportunities).where(eq(crmOpportunities.jobUrl, jobUrl));
    expect(rows).toMatchObject([{ jobTitle: 'Senior Backend Engineer', companyName: 'Acme Robotics', status: 'applied', salaryRange: 'EUR 85,000–110,000 / year' }]);

    // the same posting again: the popup says it is there, and nothing changes
    const again = await popupFor(postingPage);
    await again.click('#job-form button[type="submit"]');
    await again.waitForFunction(() => /Already in Kith/.test(document.getElementById('job-result')?.textContent ?? ''), { timeout: 20_000 });
    expect(await kith.database.db.select().from(crmOpportunities).where(eq(crmOpportunities.jobUrl, jobUrl))).toEqual(rows);
    await target.close();
  });
});
