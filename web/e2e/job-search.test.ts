import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { watchConsole, type ConsoleWatch } from './console-watch.js';

/** The résumés page and the opportunity page's match, referrers and chances, in Chromium against kith serve. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.KITH_SHOTS ?? '/tmp/webapp-shots';

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let page: Page;
let watch: ConsoleWatch;
let stripe: string;
const call = <T,>(tool: string, input: Record<string, unknown>) => kith.call(kith.owner.id, tool, input) as Promise<T>;

beforeAll(async () => {
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-job-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z', KITH_LOG_LEVEL: 'error', KITH_EMBEDDING_MODEL: 'lexical' } as NodeJS.ProcessEnv));
  await call('add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', job_title: 'Staff Engineer', connection_strength: 'strong' });
  await call('add_contact', { first_name: 'Lena', last_name: 'Ortiz', company: 'Figma', notes: 'Ex-Stripe, billing team.' });
  await call('add_resume', { name: 'Backend 2026', text: 'Senior backend engineer, 2018–present. Go, PostgreSQL, Kafka, gRPC, Docker.' });
  stripe = (await call<{ opportunity: { id: string } }>('add_opportunity', {
    company_name: 'Stripe', job_title: 'Senior Backend Engineer', status: 'applied',
    job_description: 'Payments infrastructure.\nRequirements:\n- 5+ years of backend experience\n- Go or Java\n- PostgreSQL and Kafka\n- Kubernetes and AWS\nNice to have: Terraform',
  })).opportunity.id;
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
  page = await context.newPage();
  watch = watchConsole(page);
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('job search on the web page', () => {
  it('shows the match, what to add, who could refer you and the chances on the opportunity page', async () => {
    await page.goto(`${server.url}/#/opportunities/${stripe}`);
    const match = page.getByRole('region', { name: 'Match' });
    await expect.poll(() => match.textContent(), { timeout: 15_000 }).toContain('Missing');
    expect(await match.textContent()).toContain('Kubernetes');
    expect(await match.textContent()).toContain('Backend 2026');
    const referrers = page.getByRole('region', { name: 'Who could refer you' });
    await expect.poll(() => referrers.textContent(), { timeout: 15_000 }).toContain('Priya Patel');
    expect(await referrers.textContent()).toContain('Lena Ortiz');
    await expect.poll(() => page.getByRole('region', { name: 'Chances' }).textContent(), { timeout: 15_000 }).toContain('Too little history');
    await page.screenshot({ path: join(SHOTS, 'opportunity-job-search.png'), fullPage: true });
    watch.expectClean();
  });

  it('uploads a PDF on the résumés page and the opportunity can name it', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Site reliability engineer: Kubernetes, AWS, Terraform', { x: 50, y: 700, size: 12, font });
    const file = join(dataDir, 'sre.pdf');
    writeFileSync(file, await doc.save());
    await page.goto(`${server.url}/#/resumes`);
    await page.getByLabel('Upload a PDF or DOCX').setInputFiles(file);
    await expect.poll(() => page.getByRole('status').last().textContent(), { timeout: 15_000 }).toContain('Added “sre” (6 words); 1 opportunity scored again');
    await expect.poll(() => page.getByRole('region', { name: 'Your résumés' }).textContent()).toContain('PDF');
    await page.screenshot({ path: join(SHOTS, 'resumes.png'), fullPage: true });
    const listed = await call<{ resumes: Array<{ name: string }> }>('list_resumes', {});
    expect(listed.resumes.map((r) => r.name).sort()).toEqual(['Backend 2026', 'sre']);
    await page.goto(`${server.url}/#/opportunities/${stripe}`);
    await page.getByLabel('Résumé sent').selectOption({ label: 'Backend 2026' });
    await expect.poll(async () => (await call<{ opportunity: { resume_id: string | null } }>('get_opportunity', { opportunity: stripe })).opportunity.resume_id).not.toBeNull();
    watch.expectClean();
  });
});
