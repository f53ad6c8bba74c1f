import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface ConsoleWatch {
  /** Console errors, uncaught exceptions, CSP violations and failed API requests, in order. */
  problems: string[];
  expectClean(): void;
}

/**
 * Collects what a page must never show: console errors and warnings about the content security
 * policy (Chromium reports a violation on the console and as a securitypolicyviolation event),
 * uncaught exceptions, and API requests that failed (a new chat asking for a chat that does not exist).
 */
export function watchConsole(page: Page): ConsoleWatch {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/') && r.status() >= 400) problems.push(`${r.request().method()} ${url.pathname} answered ${r.status()}`);
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { problems, expectClean: () => expect(problems).toEqual([]) };
}
