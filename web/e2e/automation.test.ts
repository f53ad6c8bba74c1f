import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { watchConsole } from './console-watch.js';

/** Settings → Automation in Chromium against kith serve: switch rules on, set the days, and the next write fires them. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.KITH_SHOTS ?? join(tmpdir(), 'webapp-shots');

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-automation-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'UTC', KITH_LOG_LEVEL: 'error', KITH_NOW: '2026-11-25T10:00:00Z', KITH_EMBEDDING_MODEL: 'lexical' } as NodeJS.ProcessEnv));
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Settings → Automation', () => {
  it('switches the follow-up rule on with 4 days, and an application made next gets its follow-up', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Automation' }).waitFor();
    await page.getByRole('checkbox', { name: /^Follow up after applying/ }).check();
    await page.getByRole('checkbox', { name: /^An offer closes the job's follow-ups/ }).check();
    await page.getByLabel('Days after applying').fill('4');
    await page.getByRole('button', { name: 'Save automation' }).click();
    await page.getByText('Saved: 2 rules on.').waitFor();
    const { rules } = await kith.call(kith.owner.id, 'list_automation_rules', {}) as { rules: Array<{ rule: string; enabled: boolean; params: { days?: number } }> };
    expect(rules.filter((r) => r.enabled).map((r) => r.rule)).toEqual(['follow_up_after_applying', 'offer_closes_follow_ups']);
    expect(rules[0].params.days).toBe(4);

    await kith.call(kith.owner.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Platform Engineer', status: 'applied' });
    const { tasks } = await kith.call(kith.owner.id, 'list_tasks', {}) as { tasks: Array<{ title: string; due_date: string }> };
    expect(tasks.map((t) => [t.title, t.due_date])).toEqual([['Follow up on your application: Platform Engineer at Stripe', '2026-11-29']]);
    // A reload shows what is stored.
    await page.reload();
    await page.getByRole('heading', { name: 'Automation' }).waitFor();
    expect(await page.getByLabel('Days after applying').inputValue()).toBe('4');
    expect(await page.getByRole('checkbox', { name: /^Thank-you note after an interview/ }).isChecked()).toBe(false);
    watch.expectClean();
    await context.close();
  });

  it('passes axe and fits the screen, light and dark, desktop and phone', async () => {
    const failures: string[] = [];
    for (const [viewport, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: size, colorScheme: scheme, isMobile: viewport === 'phone', hasTouch: viewport === 'phone' });
        await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
        const page = await context.newPage();
        await page.goto(`${server.url}/#/settings`);
        await page.getByRole('heading', { name: 'Automation' }).waitFor();
        await page.getByRole('button', { name: 'Save automation' }).waitFor();
        await page.locator('section[aria-labelledby="automation-title"]').screenshot({ path: join(SHOTS, `automation-${viewport}-${scheme}.png`) });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > size.width) failures.push(`${viewport} ${scheme}: ${width} px wide`);
        const { violations } = await new AxeBuilder({ page }).include('section[aria-labelledby="automation-title"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
        for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) failures.push(`${viewport} ${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
