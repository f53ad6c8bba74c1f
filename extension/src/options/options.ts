/// <reference types="chrome" />
import { kithClient } from '../shared/kith-client.js';
import { kithOrigin, loadSettings, saveSettings } from '../shared/settings.js';

const form = document.getElementById('options-form') as HTMLFormElement;
const status = document.getElementById('status') as HTMLElement;
const say = (text: string, error = false) => {
  status.textContent = text;
  status.className = error ? 'error' : '';
};

/**
 * Host access to the Kith origin only (an optional host permission asked for here, in the click):
 * without it the server's CORS answer for extension origins still lets the popup through. Asked
 * before anything is awaited: Firefox allows permissions.request only while the click's handler
 * runs; both browsers answer true at once, without asking, when it is granted already.
 */
function askForOrigin(origin: string): Promise<boolean> {
  return chrome.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
}

async function main(): Promise<void> {
  const settings = await loadSettings();
  (form.elements.namedItem('kithUrl') as HTMLInputElement).value = settings.kithUrl;
  (form.elements.namedItem('token') as HTMLInputElement).value = settings.token;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = { kithUrl: String(data.get('kithUrl') ?? '').trim(), token: String(data.get('token') ?? '').trim() };
    let origin: string;
    try {
      origin = kithOrigin(next.kithUrl);
    } catch (error) {
      say((error as Error).message, true);
      return;
    }
    const granted = await askForOrigin(origin);
    await saveSettings({ kithUrl: origin, token: next.token });
    try {
      const me = await kithClient({ kithUrl: origin, token: next.token }).get<{ user: { email: string | null; display_name: string | null } }>('/me');
      say(`Saved. Connected to ${origin} as ${me.user.display_name ?? me.user.email ?? 'you'}${granted ? '' : ' (without host access: Kith answers the extension with CORS)'}.`);
    } catch (error) {
      say(`Saved, but: ${(error as Error).message}`, true);
    }
  });
  document.body.dataset.ready = 'true';
}

void main();
