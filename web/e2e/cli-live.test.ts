import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { runCli } from '../../test-support/run-cli.js';
import { startServe, type ServeProcess } from '../../test-support/serve-process.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { watchConsole } from './console-watch.js';

// A CLI write on an embedded (PGlite) directory that `kith serve` holds goes through the server's
// local endpoint; the server then tells its open pages (server-sent events), as for any other write.
let dir: string;
let data: string;
let serve: ServeProcess;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kith-cli-live-'));
  data = join(dir, 'data');
  serve = await startServe(data);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a CLI write while kith serve holds the directory', () => {
  it('reaches the open contacts page as a live update, without a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(`${serve.url}/#/contacts`);
    await page.locator('main#main').waitFor();
    await page.waitForLoadState('networkidle');
    let reloads = 0;
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) reloads++; });
    expect(await page.locator('.contacts-table tbody tr', { hasText: 'Cleo Terminal' }).count()).toBe(0);

    const written = runCli(['--data', data, 'call', 'add_contact', '--input', '{"first_name":"Cleo","last_name":"Terminal","company":"Shellworks"}']);
    expect(written.stderr).not.toMatch(/Another Kith process/);
    expect(written.status, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout).contact.first_name).toBe('Cleo');

    await page.locator('.contacts-table tbody tr', { hasText: 'Cleo Terminal' }).waitFor({ timeout: 10_000 });
    expect(reloads).toBe(0);
    watch.expectClean();
    await context.close();
  });
});
