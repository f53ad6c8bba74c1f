import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { expect } from 'vitest';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { firefoxTestCopy, GECKO_ID } from './build-extension.js';
import { LINKEDIN_HOST } from './serve-fixtures.js';
import { POPUP_VIEWPORT, selectElement, shotPath, wholeInView, type ExtensionDriver, type PopupView, type Target } from './popup-driver.js';

const FIREFOX = '/usr/bin/firefox-esr';

/**
 * The unpacked extension in headless Firefox ESR, driven by puppeteer-core over WebDriver BiDi and
 * installed as a temporary add-on (webExtension.install). BiDi may not navigate a tab to
 * moz-extension://, so the test copy opens its options page on install and that one tab is moved
 * (by the page itself) to the options or to the popup aimed at the page's tab with ?tab=.
 */
export async function launchFirefox(): Promise<{ driver: ExtensionDriver; manifest: Record<string, unknown>; close: () => Promise<void> }> {
  const extension = firefoxTestCopy();
  const uuid = randomUUID();
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // the moz-extension:// host of the add-on, fixed so the test knows it
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // the LinkedIn profile fixture is served from 127.0.0.1, over plain HTTP
      'network.dns.localDomains': LINKEDIN_HOST,
      'network.stricttransportsecurity.preloadlist': false,
      'dom.security.https_first': false,
      // the options page's request for the Kith origin is granted as when the user clicks Allow
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  const extensionUrl = (path: string) => `moz-extension://${uuid}/${path}`;
  expect(await browser.installExtension(extension.dir)).toBe(GECKO_ID);
  const page = await findExtensionPage(browser, extensionUrl(''));
  await page.setViewport({ width: 420, height: 720 });

  /** Moves the extension's tab to `path` and waits for the new page (BiDi reports no navigation for it). */
  async function goTo(path: string, ready: string): Promise<void> {
    const href = extensionUrl(path);
    await page.evaluate((to) => {
      (window as { stale?: boolean }).stale = true;
      location.href = to;
    }, href);
    await until(() => page.evaluate((to, selector) => !(window as { stale?: boolean }).stale && location.href === to && !!document.querySelector(selector), href, ready));
    await page.bringToFront();
  }

  const driver: ExtensionDriver = {
    async open(url, selectId) {
      const target = await browser.newPage();
      await target.goto(url);
      if (selectId) await target.evaluate(selectElement, selectId);
      const tabId = await page.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
      expect(tabId).toBeTypeOf('number');
      await page.setViewport(POPUP_VIEWPORT);
      await goTo(`popup.html?tab=${tabId}`, 'body[data-ready="true"]');
      return view(page, target);
    },
    async configure(kithUrl, token) {
      await goTo('options.html', 'body[data-ready="true"]');
      const options = view(page, null);
      await options.fill({ label: 'Kith URL' }, kithUrl);
      await options.fill({ label: 'API token' }, token);
      await options.click({ role: 'button', name: 'Save and check' });
      await until(() => page.evaluate(() => /Connected|Saved, but/.test(document.getElementById('status')?.textContent ?? '')));
      return page.$eval('#status', (el) => el.textContent ?? '');
    },
  };

  return {
    driver,
    manifest: extension.manifest,
    async close() {
      await browser.close();
      rmSync(extension.dir, { recursive: true, force: true });
    },
  };
}

/** The tab the add-on opened on install, found by where it is. */
async function findExtensionPage(browser: Browser, prefix: string): Promise<Page> {
  for (let i = 0; i < 100; i++) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(prefix)) return page;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the extension did not open its options page');
}

async function until(check: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out: ${check}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Run in the page: the visible control a person means by the target: a form control by the text
 * of its <label> (or its aria-label), a button or tab by its text. Puppeteer's ARIA query
 * (::-p-aria) does this through Firefox's accessibility tree, at 100-250 ms a query here.
 */
function findTarget(t: Exclude<Target, string>): Element | null {
  // no local functions: the bundler would wrap them in a helper the page does not have
  const scope = t.within ? document.querySelector(t.within) : document;
  const selector = 'label' in t ? 'input, select, textarea' : t.role === 'tab' ? '[role="tab"]' : 'button:not([role]), [role="button"]';
  for (const el of Array.from(scope?.querySelectorAll(selector) ?? [])) {
    const names = 'label' in t
      ? [el.getAttribute('aria-label'), ...Array.from((el as HTMLInputElement).labels ?? [], (label) => Array.from(label.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' '))]
      : [el.textContent];
    if (names.some((name) => (name ?? '').replace(/\s+/g, ' ').trim() === ('label' in t ? t.label : t.name))) return el.checkVisibility() ? el : null;
  }
  return null;
}

/**
 * Element handles, not puppeteer's Locators: after the page moves itself to another extension
 * page, Locators wait in vain (BiDi tells puppeteer of no navigation there) while handles work.
 */
function view(popup: Page, target: Page | null): PopupView {
  const one = async (t: Target): Promise<ElementHandle<Element>> => {
    const handle = typeof t === 'string' ? await popup.$(t) : (await popup.evaluateHandle(findTarget, t)).asElement() as ElementHandle<Element> | null;
    if (!handle) throw new Error(`not in the popup: ${JSON.stringify(t)}`);
    return handle;
  };
  return {
    value: async (t) => (await one(t)).evaluate((el) => (el as HTMLInputElement).value),
    text: (css) => popup.$eval(css, (el) => el.textContent ?? '').catch(() => ''),
    inView: (css) => popup.$eval(css, wholeInView),
    attribute: async (t, name) => (await one(t)).evaluate((el, n) => el.getAttribute(n), name),
    visible: async (t) => (typeof t === 'string' ? popup.$eval(t, (el) => el.checkVisibility()).catch(() => false) : (await popup.evaluateHandle(findTarget, t)).asElement() !== null),
    checked: async (t) => (await one(t)).evaluate((el) => (el as HTMLInputElement).checked),
    disabled: async (t) => (await one(t)).evaluate((el) => (el as HTMLInputElement).disabled),
    fill: async (t, text) => {
      const input = await one(t);
      await input.evaluate((el) => { (el as HTMLInputElement).value = ''; });
      await input.type(text);
    },
    select: async (t, value) => void (await (await one(t)).select(value)),
    click: async (t) => (await one(t)).click(),
    press: async (t, key) => (await one(t)).press(key),
    screenshot: async (name) => void (await popup.screenshot({ path: shotPath('firefox', name) })),
    // the extension's tab stays (it is the only one BiDi can reach); the next open() moves it on
    close: async () => target?.close(),
  };
}
