import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { testCopy } from './build-extension.js';
import { LINKEDIN_HOST } from './serve-fixtures.js';
import { POPUP_VIEWPORT, selectElement, shotPath, wholeInView, type ExtensionDriver, type PopupView, type Target } from './popup-driver.js';

/**
 * The unpacked extension in headless Chromium (playwright-core, a persistent context with
 * --load-extension). The popup is opened in a tab of its own, aimed at the page's tab with ?tab=.
 */
export async function launchChromium(): Promise<{ driver: ExtensionDriver; manifest: Record<string, unknown>; close: () => Promise<void> }> {
  const extension = testCopy();
  const profileDir = mkdtempSync(join(tmpdir(), 'kith-ext-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--headless=new', `--disable-extensions-except=${extension.dir}`, `--load-extension=${extension.dir}`, '--no-sandbox', '--disable-gpu', '--no-first-run',
      `--host-resolver-rules=MAP ${LINKEDIN_HOST} 127.0.0.1`],
    viewport: { width: 420, height: 720 },
  });
  const extensionUrl = (path: string) => `chrome-extension://${extension.id}/${path}`;

  const driver: ExtensionDriver = {
    async open(url, selectId) {
      const target = await context.newPage();
      await target.goto(url);
      if (selectId) await target.evaluate(selectElement, selectId);
      const popup = await context.newPage();
      await popup.setViewportSize(POPUP_VIEWPORT);
      await popup.goto(extensionUrl('popup.html'));
      const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, target.url());
      expect(tabId).toBeTypeOf('number');
      await popup.goto(extensionUrl(`popup.html?tab=${tabId}`));
      await popup.locator('body[data-ready="true"]').waitFor();
      return view(popup, target);
    },
    async configure(kithUrl, token) {
      const page = await context.newPage();
      await page.goto(extensionUrl('options.html'));
      await page.locator('body[data-ready="true"]').waitFor();
      await page.getByLabel('Kith URL').fill(kithUrl);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Save and check' }).click();
      await page.locator('#status').filter({ hasText: /Connected|Saved, but/ }).waitFor({ timeout: 15_000 });
      const status = (await page.locator('#status').textContent()) ?? '';
      await page.close();
      return status;
    },
  };

  return {
    driver,
    manifest: extension.manifest,
    async close() {
      await context.close();
      for (const dir of [profileDir, extension.dir]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function view(popup: Page, target: Page): PopupView {
  const locate = (t: Target): Locator => {
    if (typeof t === 'string') return popup.locator(t).first();
    const scope = t.within ? popup.locator(t.within) : popup;
    // Chromium names a <select> by its label and its chosen option ("Stage Interested")
    return 'label' in t ? scope.getByLabel(new RegExp(`^${t.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`)) : scope.getByRole(t.role, { name: t.name, exact: true });
  };
  return {
    value: (t) => locate(t).inputValue(),
    text: async (selector) => {
      const found = popup.locator(selector);
      return (await found.count()) ? (await found.first().textContent()) ?? '' : '';
    },
    inView: (selector) => popup.locator(selector).first().evaluate(wholeInView),
    attribute: (t, name) => locate(t).getAttribute(name),
    visible: (t) => locate(t).isVisible(),
    checked: (t) => locate(t).isChecked(),
    disabled: (t) => locate(t).isDisabled(),
    fill: (t, text) => locate(t).fill(text),
    select: async (t, value) => void (await locate(t).selectOption(value)),
    click: (t) => locate(t).click(),
    press: (t, key) => locate(t).press(key),
    screenshot: async (name) => void (await popup.screenshot({ path: shotPath('chromium', name) })),
    close: async () => void (await Promise.all([popup.close(), target.close()])),
  };
}
