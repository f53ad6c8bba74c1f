/// <reference types="chrome" />
import type { PageCapture } from '../extract/page.js';

/**
 * The tab the popup is about: the active tab when opened from the toolbar, or ?tab=<id> (a popup
 * opened in a tab of its own, as the tests do). Reading it needs only activeTab + scripting.
 */
export async function targetTab(): Promise<number> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('No tab to read.');
  return tab.id;
}

export async function capture(tabId: number): Promise<PageCapture> {
  await chrome.scripting.executeScript({ target: { tabId }, files: ['extract.js'] });
  const [result] = await chrome.scripting.executeScript({
    target: { tabId },
    func: () => (globalThis as unknown as { __kithCapture: () => unknown }).__kithCapture(),
  });
  return result.result as PageCapture;
}
