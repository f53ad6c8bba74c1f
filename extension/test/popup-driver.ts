import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the popup scenarios need of a browser, so that Chromium (playwright-core) and Firefox
 * (puppeteer-core over WebDriver BiDi) run the very same checks. Controls are found as a person
 * finds them, by their label or their role and name; a bare string is a CSS selector.
 */
export type Target = string | { label: string; within?: string } | { role: 'button' | 'tab'; name: string; within?: string };

export interface PopupView {
  value(target: Target): Promise<string>;
  /** The element's text, '' while it is not there. */
  text(selector: string): Promise<string>;
  /** The element is wholly inside the popup's viewport (POPUP_VIEWPORT): the user sees it without scrolling. */
  inView(selector: string): Promise<boolean>;
  attribute(target: Target, name: string): Promise<string | null>;
  visible(target: Target): Promise<boolean>;
  checked(target: Target): Promise<boolean>;
  disabled(target: Target): Promise<boolean>;
  fill(target: Target, text: string): Promise<void>;
  select(target: Target, value: string): Promise<void>;
  click(target: Target): Promise<void>;
  press(target: Target, key: 'Enter'): Promise<void>;
  /** A picture of the popup, at shotPath(browser, name). */
  screenshot(name: string): Promise<void>;
  /** Closes the popup and the page it was opened for. */
  close(): Promise<void>;
}

export interface ExtensionDriver {
  /** The page in a tab (with the element of that id selected), then the popup aimed at it, ready. */
  open(url: string, selectId?: string): Promise<PopupView>;
  /** The options page, as the user fills it once: the Kith URL and a token; the status it shows. */
  configure(kithUrl: string, token: string): Promise<string>;
}

/**
 * The popup's page is this size in the tests: the popup is 380 px wide and Chrome and Firefox cap
 * a popup's height at 600 px, so what lies below that is out of sight until the user scrolls.
 */
export const POPUP_VIEWPORT = { width: 400, height: 600 } as const;

/** Run in the page: the element's box lies within the viewport (to the pixel: Firefox scrolls it to 600.5). */
export function wholeInView(el: Element): boolean {
  const box = el.getBoundingClientRect();
  return box.height > 0 && box.top >= -1 && box.bottom <= innerHeight + 1;
}

/** Where a driver writes its pictures of the popup (KITH_SHOTS, as for the web app's e2e tests). */
export function shotPath(browser: string, name: string): string {
  const dir = process.env.KITH_SHOTS ?? join(tmpdir(), 'ext-shots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${browser}-${name}.png`);
}

/** Run in the page: selects the element's text, as the user does before clicking the toolbar button. */
export function selectElement(id: string): void {
  const range = document.createRange();
  range.selectNodeContents(document.getElementById(id)!);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
}
