import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINKEDIN_HOST } from './serve-fixtures.js';

export const EXTENSION_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * npm run build's extension step, run on its own (the tests need only the extension), into a new
 * directory: test files run side by side, and one's build must not empty another's.
 */
export function buildExtension(prefix = 'kith-ext-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync(process.execPath, [join(EXTENSION_ROOT, 'build.mjs'), dir], { stdio: 'inherit' });
  return dir;
}

/** The fixture pages' hosts (LINKEDIN_HOST resolves to 127.0.0.1 in the browsers under test). */
const TEST_HOSTS = ['http://127.0.0.1/*', `http://${LINKEDIN_HOST}/*`];

/**
 * The extension built for the browser under test. Two changes to its manifest stand in for what a
 * person does by hand and a test cannot: a "key" (so the extension id is known before loading it)
 * and host access to the fixture pages' hosts, which a user grants by clicking the toolbar button (activeTab) and
 * in the options page (the optional Kith origin); headless Chromium has no toolbar to click.
 */
export function testCopy(): { dir: string; id: string; manifest: Record<string, unknown> } {
  const dir = buildExtension();
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const id = [...createHash('sha256').update(der).digest('hex').slice(0, 32)].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, key: der.toString('base64'), host_permissions: TEST_HOSTS }, null, 2));
  return { dir, id, manifest };
}

/** The extension's id in Firefox (browser_specific_settings.gecko.id) and the moz-extension:// host the test gives it. */
export const GECKO_ID = 'kith-extension@kith.invalid';

/**
 * The extension built for Firefox under WebDriver BiDi, which may not navigate a tab to a
 * moz-extension:// page: the copy adds a background script that opens the options page once
 * installed (the tab the test then drives), and host access to the fixture pages' hosts (what the user grants by
 * clicking the toolbar button and in the options page).
 */
export function firefoxTestCopy(): { dir: string; manifest: Record<string, unknown> } {
  const dir = buildExtension('kith-ext-firefox-');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'test-open-options.js'), "chrome.runtime.onInstalled.addListener(() => chrome.tabs.create({ url: chrome.runtime.getURL('options.html') }));\n");
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, host_permissions: TEST_HOSTS, background: { scripts: ['test-open-options.js'] } }, null, 2));
  return { dir, manifest };
}
