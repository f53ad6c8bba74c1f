import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServe, type ServeProcess } from '../../test-support/serve-process.js';
import { linkedinConnections } from '../../test-support/linkedin-connections.js';
import { launchChromium } from './browser.js';
import { watchConsole } from './console-watch.js';

/**
 * The Import page with files of LinkedIn rows (30,000 to cancel, 5,000 to finish): the progress bar moves, Cancel leaves nothing,
 * a finished import's counts are what was written. kith serve runs in its own process, as it does
 * for a user: in this one the import would leave the browser's driver no turn to watch the page.
 */
const SHOTS = process.env.KITH_SHOTS ?? join(tmpdir(), 'webapp-shots');

let dataDir: string;
let server: ServeProcess;
let browser: Browser;
let file: string;
/** A file long enough that Cancel, clicked once the first batch is written, lands before the last batch commits. */
let longFile: string;

/** The owner's contacts in the database, counted by the server. */
const contacts = async () => ((await (await fetch(`${server.url}/api/contacts?limit=1`)).json()) as { total: number }).total;

/** Every value the progress bar shows, in order, recorded by the page itself (the bar can move faster than a poll). */
async function recordBar(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { barValues: number[] }).barValues = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('.import-progress progress');
      if (bar?.hasAttribute('value') && seen.at(-1) !== bar.value) seen.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { barValues: number[] }).barValues);
}

async function openPreview(page: Page, path: string, summary: string) {
  await page.goto(`${server.url}/#/import`);
  await page.getByLabel('File').setInputFiles(path);
  const preview = page.getByRole('region', { name: 'Import preview' });
  await preview.getByText(summary).waitFor({ timeout: 90_000 });
  return preview;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-import-'));
  file = join(dataDir, 'Connections.csv');
  writeFileSync(file, linkedinConnections(5000));
  longFile = join(dataDir, 'Connections-long.csv');
  writeFileSync(longFile, linkedinConnections(30_000));
  server = await startServe(join(dataDir, 'data'), { env: { KITH_LOG_LEVEL: 'error', KITH_EMBEDDING_MODEL: 'lexical' } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a large import on the page', { timeout: 180_000 }, () => {
  it('shows its progress, and Cancel leaves the contacts as they were', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
    const page = await context.newPage();
    const watch = watchConsole(page);
    const preview = await openPreview(page, longFile, 'contacts: 29400 to add, 0 to update, 0 to merge, 600 to skip');
    const before = await contacts();
    const bar = await recordBar(page);
    await preview.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = page.getByRole('region', { name: 'Import progress' });
    await progress.getByText('Reading the file and looking for duplicates…').waitFor({ timeout: 60_000 });
    await progress.screenshot({ path: join(SHOTS, 'import-reading-1280.png') });
    // the first batch is written (and not yet kept): cancel now, before taking pictures
    await progress.getByText(/Importing: [1-9][\d,]* of 29,400/).waitFor({ timeout: 60_000 });
    await progress.getByRole('button', { name: 'Cancel import' }).click();
    await progress.screenshot({ path: join(SHOTS, 'import-progress-1280.png') }).catch(() => undefined);
    await page.getByRole('alert').filter({ hasText: 'Cancelled: nothing was imported.' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'import-cancelled-1280-page.png') });
    expect(await progress.count()).toBe(0);
    const values = await bar();
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBeGreaterThan(0);
    expect(values.at(-1)).toBeLessThan(29_400);
    expect(await contacts()).toBe(before);
    // the preview stays, to import after all
    await preview.getByRole('button', { name: 'Import', exact: true }).waitFor();
    watch.expectClean();
    await context.close();
  });

  it('on a phone, a finished import\'s counts are what was written', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
    const page = await context.newPage();
    const watch = watchConsole(page);
    const preview = await openPreview(page, file, 'contacts: 4900 to add, 0 to update, 0 to merge, 100 to skip');
    const before = await contacts();
    const bar = await recordBar(page);
    await preview.getByRole('button', { name: 'Import', exact: true }).click();
    // The phone's run checks the finished counts: how far the bar is at a given moment is timing, so
    // the bar's values are read from its recorded history below, not waited for here.
    await page.getByRole('alert').filter({ hasText: 'Imported: 4900 contacts added, 0 updated, 0 interactions, 0 opportunities added, 0 updated.' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'import-progress-390.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await contacts()).toBe(before + 4900);
    // the bar moved forward through the batches
    const values = await bar();
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    watch.expectClean();
    await context.close();
  });
});
