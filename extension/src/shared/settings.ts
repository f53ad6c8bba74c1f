/// <reference types="chrome" />
/** The user's Kith address and API token, kept in the extension's own storage (never the page's). */
export interface Settings {
  kithUrl: string;
  token: string;
}

export const DEFAULT_KITH_URL = 'http://127.0.0.1:3000';

export async function loadSettings(): Promise<Settings> {
  const stored = await chrome.storage.local.get(['kithUrl', 'token']);
  return { kithUrl: typeof stored.kithUrl === 'string' ? stored.kithUrl : DEFAULT_KITH_URL, token: typeof stored.token === 'string' ? stored.token : '' };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await chrome.storage.local.set({ kithUrl: settings.kithUrl, token: settings.token });
}

/** "http://127.0.0.1:3000/" → its origin, or an error naming what is wrong. */
export function kithOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`Kith URL: "${raw}" is not a URL (e.g. ${DEFAULT_KITH_URL}).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('Kith URL: must start with http:// or https://.');
  return url.origin;
}
