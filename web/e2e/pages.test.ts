import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { openKith, type Kith } from '../../app/open-kith.js';
import { callConfirmed } from '../../agent/tools/run-tool.js';
import { loadConfig } from '../../app/config.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { watchConsole } from './console-watch.js';

/**
 * Every page, at 1280×800 and 390×844, light and dark: axe finds no serious or critical
 * violation, nothing is wider than the screen, the console stays clean (no error, no CSP report),
 * and a screenshot is kept in SHOTS for a person to look at. Then install and offline.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.KITH_SHOTS ?? join(tmpdir(), 'webapp-shots');

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-pages-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
  await kith.call(kith.owner.id, 'load_demo_data', {});
  const find = (await kith.call(kith.owner.id, 'find_contacts', { query: 'Priya' })) as { contacts: Array<{ id: string }> };
  ids.contact = find.contacts[0].id;
  const opps = (await kith.call(kith.owner.id, 'list_opportunities', { company: 'Stripe' })) as { opportunities: Array<{ id: string }> };
  ids.opportunity = opps.opportunities[0].id;
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const PAGES = () => [
  ['home', '/#/'], ['contacts', '/#/contacts'], ['contact', `/#/contacts/${ids.contact}`], ['contact-new', '/#/contacts/new'],
  ['contact-edit', `/#/contacts/${ids.contact}/edit`], ['pipeline', '/#/pipeline'], ['analytics', '/#/analytics'], ['opportunity', `/#/opportunities/${ids.opportunity}`],
  ['opportunity-new', '/#/opportunities/new'], ['import', '/#/import'], ['resumes', '/#/resumes'], ['mail', '/#/mail'], ['settings', '/#/settings'],
] as const;

describe('every page', () => {
  it('passes axe (no serious or critical), fits the screen and logs nothing, light and dark, desktop and phone', async () => {
    const failures: string[] = [];
    for (const [viewport, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: size, colorScheme: scheme, isMobile: viewport === 'phone', hasTouch: viewport === 'phone' });
        await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
        const page = await context.newPage();
        const watch = watchConsole(page);
        for (const [name, path] of PAGES()) {
          await page.goto(`${server.url}${path}`);
          await page.locator('main#main').waitFor();
          await page.waitForLoadState('networkidle');
          await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
          await page.screenshot({ path: join(SHOTS, `${name}-${viewport}-${scheme}.png`), fullPage: true });
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > size.width) failures.push(`${name} ${viewport} ${scheme}: ${width} px wide`);
          // The colours differ between schemes; the structure does not, so structure rules run once per viewport.
          const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
          const { violations } = await axe.analyze();
          for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
            failures.push(`${name} ${viewport} ${scheme}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          }
        }
        failures.push(...watch.problems.map((p) => `${viewport} ${scheme}: ${p}`));
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  }, 900_000); // 48 page loads with axe: several minutes on a loaded machine

  it('on a phone the header is one line with a Menu button that opens every link (axe-clean open), and closes on a choice or Escape', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
    const page = await context.newPage();
    await page.goto(`${server.url}/#/contacts`);
    await page.locator('main#main').waitFor();
    const header = page.locator('header.top');
    const menu = page.getByRole('button', { name: 'Menu' });
    // one line: the header is as tall as its Menu button (plus padding), not two rows of links
    const [headerBox, buttonBox] = [await header.boundingBox(), await menu.boundingBox()];
    expect(headerBox!.height).toBeLessThan(buttonBox!.height + 20);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await page.screenshot({ path: join(SHOTS, 'phone-nav-closed.png') });
    await menu.tap();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Home', 'Contacts', 'Pipeline', 'Analytics', 'Résumés', 'Import', 'Mail', 'Settings']);
    expect(await nav.getByRole('link', { name: 'Contacts' }).getAttribute('aria-current')).toBe('page');
    for (const link of await nav.getByRole('link').all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(SHOTS, 'phone-nav-open.png') });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme}: ${v.id}`)).toEqual([]);
    }
    await nav.getByRole('link', { name: 'Settings' }).tap();
    await page.waitForURL(/#\/settings$/);
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.tap();
    await nav.waitFor();
    await page.keyboard.press('Escape');
    expect(await nav.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('menu-button');
    // on a wide screen there is no Menu button: the links are in the header
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await menu.isVisible()).toBe(false);
    expect(await nav.isVisible()).toBe(true);
    await context.close();
  });

  it('meets the install criteria (manifest, icons, service worker) and opens offline saying so', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(server.url);
    await page.locator('main#main').waitFor();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await fetch(new URL(href!, server.url))).json() as { name: string; short_name: string; start_url: string; display: string; icons: Array<{ sizes: string; type: string; src: string }> };
    expect(manifest).toMatchObject({ short_name: 'Kith', start_url: '/', display: 'standalone' });
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png')!;
      const res = await fetch(new URL(icon.src, server.url));
      expect(res.headers.get('content-type')).toBe('image/png');
    }
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${server.url}/`);
    // The worker controls the page once it has claimed it; the shell is then in its cache.
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    watch.expectClean();

    await context.setOffline(true);
    await page.reload();
    await page.getByText('You are offline.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'offline-phone-light.png') });
    // Back online, the page loads the data by itself.
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Menu' }).waitFor(); // the app's header (on a phone its links are behind Menu)
    await context.close();
  });

  it('first start: the tour offers demo data, and the demo is removed in one confirmed step', async () => {
    await callConfirmed((input) => kith.call(kith.owner.id, 'delete_demo_data', input), {});
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    const tour = page.getByRole('region', { name: 'Welcome to Kith' });
    await tour.waitFor();
    await page.screenshot({ path: join(SHOTS, 'first-start-desktop-light.png') });
    await tour.getByRole('button', { name: 'Load demo data' }).click();
    await page.getByRole('region', { name: 'Demo data' }).waitFor();
    expect(((await kith.call(kith.owner.id, 'find_contacts', { tag: 'kith-demo' })) as { total: number }).total).toBe(6);
    await page.getByRole('button', { name: 'Remove the demo data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Please confirm' });
    expect(await dialog.textContent()).toMatch(/6 contacts and 6 opportunities/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('region', { name: 'Demo data' }).waitFor({ state: 'detached' });
    expect(((await kith.call(kith.owner.id, 'find_contacts', {})) as { total: number }).total).toBe(0);
    expect(((await kith.call(kith.owner.id, 'list_opportunities', {})) as { opportunities: unknown[] }).opportunities).toHaveLength(0);
    await context.close();
  });
});
