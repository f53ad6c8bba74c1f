import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildExtension } from './build-extension.js';
import { serveFixtures } from './serve-fixtures.js';
import type { PageCapture } from '../src/extract/page.js';

// The extractor is the very extract.js the extension injects, run in Chromium on each fixture page.
let browser: Browser;
let page: Page;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
let script: string;

beforeAll(async () => {
  const dist = buildExtension();
  script = readFileSync(join(dist, 'extract.js'), 'utf8');
  rmSync(dist, { recursive: true, force: true });
  fixtures = await serveFixtures();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'] });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
});

async function captureOf(name: string, select?: string): Promise<PageCapture> {
  await page.goto(fixtures.url(name));
  await page.addScriptTag({ content: script });
  if (select) {
    await page.evaluate((id) => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id)!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, select);
  }
  return page.evaluate(() => (globalThis as unknown as { __kithCapture: () => PageCapture }).__kithCapture());
}

describe('JobPosting extractor', () => {
  it('reads a @graph with the organization by @id, a salary range, two locations and encoded HTML', async () => {
    const { job } = await captureOf('greenhouse-graph.html');
    expect(job).toMatchObject({
      source: 'json-ld',
      job_title: 'Senior Backend Engineer',
      company_name: 'Acme Robotics',
      location: 'Berlin, BE, DE; Amsterdam, NL',
      salary_range: 'EUR 85,000–110,000 / year',
      date_posted: '2026-02-27',
      employment_type: 'FULL_TIME',
    });
    expect(job.job_description).toBe('About the role\n\nYou will build the APIs our fleet runs on.\n\n• Go and PostgreSQL\n• On-call one week in six');
    // No url in the posting: the canonical link, resolved against the page.
    expect(job.job_url).toBe(fixtures.url('jobs/acme/4012345?gh_src=linkedin'));
  });

  it('reads a top-level array with a nested organization, remote work and raw HTML', async () => {
    const { job } = await captureOf('lever-array.html');
    expect(job).toMatchObject({
      source: 'json-ld',
      job_title: 'Staff Platform Engineer',
      company_name: 'Globex',
      location: 'Remote (European Union); Lisbon, Portugal',
      salary_range: 'USD 140,000–175,000 / year',
      date_posted: '2026-03-01',
      job_url: 'https://jobs.example/globex/7c1e2a90-1111-4c3b-9d0e-5f6a7b8c9d0e?lever-source=LinkedIn',
    });
    expect(job.job_description).toContain("What you'll do\n\nOwn our Kubernetes platform & developer tooling.");
    expect(job.job_description).toContain('• Design multi-region clusters\n• Mentor two engineers');
    expect(job.job_description).not.toMatch(/<|&amp;/);
  });

  it('reads a single object with the organization as text, an hourly value and a text address', async () => {
    const { job } = await captureOf('workday-single.html');
    expect(job).toMatchObject({
      source: 'json-ld', job_title: 'Warehouse Data Analyst', company_name: 'Initech', location: '1 Infinite Loop, Austin, TX',
      salary_range: 'USD 38.5 / hour', date_posted: '2026-02-15', job_description: 'Analyse stock levels.\nBuild the weekly dashboard.\n\nShift: days.',
    });
    expect(job.job_url).toBe(fixtures.url('workday-single.html'));
  });

  it('reads microdata when there is no JSON-LD', async () => {
    const { job } = await captureOf('microdata.html');
    expect(job).toMatchObject({
      source: 'microdata', job_title: 'Product Designer', company_name: 'Umbrella Corp', location: 'Raccoon City, MO, US',
      salary_range: 'USD 90,000–120,000 / year', date_posted: '2026-01-20', employment_type: 'PART_TIME',
      job_description: 'Design the tools our researchers use every day.\n\n• Figma\n• User research',
    });
  });

  it('falls back to the page title, its address and the selected text', async () => {
    const { job } = await captureOf('plain.html', 'pitch');
    expect(job).toMatchObject({
      source: 'page', job_title: "We're hiring: Site Reliability Engineer", company_name: null, salary_range: null,
      job_description: 'Hooli is hiring an SRE to keep search fast. Rust, Linux, on-call.', job_url: fixtures.url('plain.html'),
    });
  });
});

describe('person and e-mail extractors', () => {
  it('reads a selected name, "title at company" and e-mail', async () => {
    const { person } = await captureOf('plain.html', 'person');
    expect(person).toEqual({ name: 'Dana Scully', job_title: 'Senior Recruiter', company: 'Hooli', email: 'dana.scully@hooli.example', profile_url: fixtures.url('plain.html') });
  });

  it('reads the last open message of a Gmail thread', async () => {
    const { mail } = await captureOf('gmail.html');
    expect(mail).toMatchObject({ client: 'gmail', sender_name: 'Priya Patel', sender_email: 'priya@stripe.com', subject: 'Re: Platform role at Stripe' });
    expect(mail.date?.slice(0, 10)).toBe('2026-03-03');
    expect(mail.text).toBe('Hi! Yes, it is. The hiring manager can talk on Thursday.\nSend me your CV.');
  });

  it('reads a Gmail thread by what Gmail keeps stable (data-message-id, its email/name attributes, the thread id, a dated title) when every class name has changed', async () => {
    const { mail } = await captureOf('gmail-stable.html');
    expect(mail).toMatchObject({ client: 'gmail', sender_name: 'Me', sender_email: 'me@example.com', subject: 'Interview loop at Acme', text: 'Tuesday at 10 works.\nThanks, see you then.' });
    expect(new Date(mail.date!).getDate()).toBe(5);
    expect(new Date(mail.date!).getHours()).toBe(15);
  });

  it('falls back to Gmail\'s class names only when nothing else is there', async () => {
    const { mail } = await captureOf('gmail-classes.html');
    expect(mail).toMatchObject({ client: 'gmail', sender_name: 'Priya Patel', sender_email: 'priya@stripe.com', subject: 'Coffee next week?', text: 'Are you free for coffee next week?' });
    expect(mail.date?.slice(0, 10)).toBe('2026-03-04');
  });

  it('reads Outlook\'s reading pane by its ARIA roles and labels, test ids and the mailto: link (random class names)', async () => {
    const { mail } = await captureOf('outlook.html');
    expect(mail).toMatchObject({ client: 'outlook', sender_name: 'Priya Patel', sender_email: 'priya@stripe.com', subject: 'Offer details for the platform role', text: 'Hi, the offer letter is attached.\nLet me know by Friday.' });
    expect(new Date(mail.date!).getDate()).toBe(9);
    expect(new Date(mail.date!).getHours()).toBe(11);
  });

  it('reads a schema.org EmailMessage (microdata) first: sender, address from its mailto:, subject, <time datetime>, text', async () => {
    const { mail } = await captureOf('mail-microdata.html');
    expect(mail).toEqual({ client: 'microdata', sender_name: 'Dana Scully', sender_email: 'dana.scully@hooli.example', subject: 'Your application to Hooli', date: '2026-03-10T08:30:00.000Z', text: 'Thanks for applying. We would like to set up a call.' });
  });

  it('finds the raw message: Gmail\'s "Show original", a message-source dialog, a page that is a message, an .eml link', async () => {
    const gmail = (await captureOf('gmail-original.html')).rawMail;
    expect(gmail).toMatchObject({ source: 'gmail-original', from: 'Priya Patel <priya@stripe.com>', subject: 'Interview slot for the platform role', date: 'Wed, 11 Mar 2026 10:12:17 +0100', message_id: '<CAGm8Qx2-interview-slot@mail.gmail.com>' });
    expect(gmail!.raw).toMatch(/^Delivered-To: me@example.com\nReceived: by 2002/);
    expect(gmail!.raw).toContain('Does that w=\nork for you?');
    const outlook = (await captureOf('outlook-source.html')).rawMail;
    expect(outlook).toMatchObject({ source: 'message-source', from: '"Patel, Priya" <priya@stripe.com>', message_id: '<BN8PR-referral-0001@BN8PR.namprd.prod.outlook.com>' });
    const page = (await captureOf('lunch-message.txt')).rawMail;
    expect(page).toMatchObject({ source: 'message-page', subject: 'Team lunch on Friday', message_id: '<plain-page-lunch@stripe.com>' });
    const eml = (await captureOf('eml-link.html')).rawMail;
    expect(eml).toMatchObject({ source: 'eml-link', subject: 'Your CV, with comments', date: 'Mon, 16 Mar 2026 08:05:00 -0400', message_id: '<eml-link-cv-comments@stripe.com>' });
    expect(eml!.raw).toContain('\r\n\r\nI left three comments');
    // pages that show no message source have none
    for (const name of ['gmail.html', 'outlook.html', 'greenhouse-graph.html', 'plain.html']) expect((await captureOf(name)).rawMail).toBeNull();
  });

  it('finds no message on a page that is not mail', async () => {
    const { mail } = await captureOf('greenhouse-graph.html');
    expect(mail.client).toBeNull();
  });
});
