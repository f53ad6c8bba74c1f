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
 * without it the server's CORS answer for extension origins still lets the popup through.
 */
async function askForOrigin(origin: string): Promise<boolean> {
  const origins = [`${origin}/*`];
  if (await chrome.permissions.contains({ origins })) return true;
  return chrome.permissions.request({ origins }).catch(() => false);
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
    // Asked first: a permission request must come straight from the user's click.
    const granted = await askForOrigin(origin);
    await saveSettings({ kithUrl: origin, token: next.token });
    try {
      const me = await kithClient({ kithUrl: origin, token: next.token }).get<{ user: { email: string | null; display_name: string | null } }>('/me');
      say(`Saved. Connected to ${origin} as ${me.user.display_name ?? me.user.email ?? 'you'}${granted ? '' : ' (without host access: Kith answers the extension with CORS)'}.`);
    } catch (error) {
      say(`Saved, but: ${(error as Error).message}`, true);
    }
  });
}

void main();
