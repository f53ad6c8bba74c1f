import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { addUser, type User } from '../../accounts/users.js';
import { createToken } from '../../accounts/tokens.js';
import { setPlan } from '../../accounts/plans.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { launchChromium } from './browser.js';
import { watchConsole } from './console-watch.js';

/** Settings → Users and plans (the owner and admins only) and Teams; a teammate's shared contact on its page. */
let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let member: User;
let memberToken: string;
let priyaId: string;

beforeAll(async () => {
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-admin-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'UTC', KITH_LOG_LEVEL: 'error', KITH_NOW: '2026-11-25T10:00:00Z' } as NodeJS.ProcessEnv));
  member = await addUser(kith.database.db, 'mark@example.test', { displayName: 'Mark Member' });
  await setPlan(kith.database.db, member.id, 'free');
  memberToken = (await createToken(kith.database.db, member.id, 'e2e')).token;
  priyaId = ((await kith.call(kith.owner.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe' })) as { contact: { id: string } }).contact.id;
  await kith.call(member.id, 'add_contact', { first_name: 'Mina', last_name: 'Kwon' });
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('users, plans and teams on the page', () => {
  it('the owner manages users and plans, makes a team and shares a contact with it; axe finds nothing serious', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Users and plans' }).waitFor();
    await page.getByLabel('Plan of Mark Member').selectOption('professional');
    await page.getByText('Mark Member is on Professional.').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Disable Mark Member' }).click();
    await page.getByText('Mark Member is disabled.').waitFor();
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${memberToken}` } })).status).toBe(401);
    await page.getByRole('button', { name: 'Enable Mark Member' }).click();
    await page.getByText('Mark Member is enabled again.').waitFor();

    await page.getByLabel('Name of the new team').fill('Recruiting');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByText('The team Recruiting is made.', { exact: false }).waitFor();
    await page.getByLabel('E-mail of the person to add to Recruiting').fill(member.email);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('list', { name: 'Members of Recruiting' }).getByText('Mark Member').waitFor();
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    // on a phone the users table scrolls inside its card; the page does not get wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${server.url}/#/contacts/${priyaId}`);
    await page.getByLabel('Visible to').selectOption({ label: 'The team Recruiting' });
    await page.getByText('Shared with Recruiting', { exact: false }).waitFor();
    expect(watch.problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('a member sees no admin section, sees the shared contact marked with its owner, and cannot edit it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    expect((await context.request.post(`${server.url}/api/session`, { data: { token: memberToken } })).status()).toBe(200);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await page.getByText('owned by Local owner', { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: 'Users and plans' }).count()).toBe(0);
    await page.goto(`${server.url}/#/contacts`);
    await page.getByText('Shared by Local owner').waitFor();
    await page.getByRole('link', { name: 'Priya Patel' }).click();
    await page.getByText('Local owner shares Priya with the team Recruiting', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Delete Priya/ }).count()).toBe(0);
    await context.close();
  }, 240_000);
});
