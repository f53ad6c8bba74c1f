import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { packageRoot } from '../../db/package-root.js';
import { findUserByEmail } from '../../accounts/users.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { startSmtpCapture, type SmtpCapture } from '../../test-support/smtp-capture.js';
import { launchChromium } from './browser.js';

/**
 * Sign-in for a hosted Kith in Chromium against `kith serve` with sign-in required and an
 * smtp-server the test runs as the instance's mail server: sign-up and its confirmation link,
 * CSRF refused, a passkey on a CDP virtual authenticator, sign-out everywhere, reset by e-mail.
 */
const ARTIFACTS = join(packageRoot(), 'test-artifacts');
const EMAIL = 'ada@example.test';
const PASSWORD = 'analytical engine 1843';
const NEW_PASSWORD = 'difference engine 1822';

let dataDir: string;
let smtp: SmtpCapture;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const linkIn = (text: string, path: string) => {
  const match = new RegExp(`https?://\\S+#/${path}\\?token=[\\w-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[0];
};
const signedIn = (p: Page) => p.getByRole('link', { name: EMAIL }).waitFor({ timeout: 20_000 });
const onSignInPage = (p: Page) => p.getByRole('heading', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });

async function signInWithPassword(p: Page, password: string) {
  await p.goto(`${base}/#/`);
  await onSignInPage(p);
  await p.getByLabel('E-mail').fill(EMAIL);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in', exact: true }).click();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureClientBuilt();
  smtp = await startSmtpCapture();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-signin-'));
  kith = await openKith(loadConfig({ data: dataDir }, {
    KITH_TZ: 'UTC', KITH_LOG_LEVEL: 'error', KITH_EMBEDDING_MODEL: 'lexical',
    KITH_SYSTEM_SMTP_URL: `smtp://${smtp.user}:${smtp.password}@127.0.0.1:${smtp.port}?security=none`, KITH_SYSTEM_MAIL_FROM: 'kith@example.test',
  } as NodeJS.ProcessEnv));
  // as behind a reverse proxy: bound to loopback, but nobody is the local owner
  server = await startServer({ kith, port: 0, host: '127.0.0.1', requireSignIn: true, reminders: false });
  // WebAuthn needs a domain for its relying party: localhost, not 127.0.0.1
  base = `http://localhost:${server.port}`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('sign-in in Chromium', () => {
  it('signs up with a password, confirms the e-mail from the link and lands signed in on the Free plan', async () => {
    await page.goto(`${base}/`);
    await onSignInPage(page);
    expect(server.localOwner).toBe(false);
    await shot(page, 'sign-in');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').filter({ hasText: `Check your mail: we sent a link to ${EMAIL}` }).waitFor({ timeout: 20_000 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual([EMAIL]);
    expect(mail.parsed.subject).toBe('Confirm your e-mail for Kith');
    // not signed in before the address is confirmed
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    await page.goto(linkIn(mail.parsed.text ?? '', 'verify-email'));
    await signedIn(page);
    const user = await findUserByEmail(kith.database.db, EMAIL);
    expect(user).toMatchObject({ plan: 'free', role: 'member' });
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    const cookie = (await context.cookies()).find((c) => c.name === 'kith_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    // the link works once
    const again = await page.evaluate((t) => fetch('/api/auth/verify-email', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: t }) }).then((r) => r.status), new URL(linkIn(mail.parsed.text ?? '', 'verify-email')).hash.split('token=')[1]);
    expect(again).toBe(400);
  });

  it('refuses a change sent with the cookie but without the CSRF token, and accepts the page\'s own', async () => {
    const post = (withCsrf: boolean) => page.evaluate(async (w) => {
      const me = await (await fetch('/api/me')).json();
      const res = await fetch('/api/contacts', { method: 'POST', headers: { 'content-type': 'application/json', ...(w ? { 'x-csrf-token': me.csrf_token } : {}) }, body: JSON.stringify({ first_name: w ? 'Charles' : 'Forged' }) });
      return { status: res.status, code: (await res.json()).error?.code };
    }, withCsrf);
    expect(await post(false)).toEqual({ status: 403, code: 'csrf' });
    expect((await post(true)).status).toBe(201);
    const names = await page.evaluate(() => fetch('/api/contacts').then((r) => r.json()).then((b) => b.contacts.map((c: { first_name: string }) => c.first_name)));
    expect(names).toEqual(['Charles']);
    // the page's own forms send it: add a contact through the UI
    await page.goto(`${base}/#/contacts/new`);
    await page.getByLabel('First name').fill('Mary');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await expect.poll(() => page.evaluate(() => fetch('/api/contacts').then((r) => r.json()).then((b) => b.contacts.length)), { timeout: 20_000 }).toBe(2);
  });

  it('adds a passkey on a virtual authenticator, then signs in with it after signing out', async () => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.goto(`${base}/#/account`);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor({ timeout: 20_000 });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);
    await shot(page, 'account-page');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await onSignInPage(page);
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await signedIn(page);
    const after = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0];
    expect(after.signCount).toBeGreaterThan(credentials[0].signCount);
  });

  it('signs out everywhere: another browser\'s session ends too', async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInWithPassword(otherPage, PASSWORD);
    await signedIn(otherPage);
    await page.goto(`${base}/#/account`);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await onSignInPage(page);
    expect(await otherPage.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    await otherPage.reload();
    await onSignInPage(otherPage);
    await other.close();
  });

  it('resets the password from an e-mailed link: the old one stops working and other sessions end', async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInWithPassword(otherPage, PASSWORD);
    await signedIn(otherPage);

    await page.goto(`${base}/#/`);
    await onSignInPage(page);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByRole('button', { name: 'Send the reset link' }).click();
    await page.getByRole('status').filter({ hasText: `If ${EMAIL} has an account` }).waitFor({ timeout: 20_000 });
    const mails = await smtp.waitFor(2);
    const reset = mails[mails.length - 1];
    expect(reset.parsed.subject).toBe('Reset your Kith password');
    await page.goto(linkIn(reset.parsed.text ?? '', 'reset-password'));
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await signedIn(page);
    expect(await otherPage.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    await other.close();

    await page.goto(`${base}/#/account`);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signInWithPassword(page, PASSWORD);
    await page.getByRole('alert').filter({ hasText: 'The e-mail or the password is wrong.' }).waitFor({ timeout: 20_000 });
    await signInWithPassword(page, NEW_PASSWORD);
    await signedIn(page);
  });
});
