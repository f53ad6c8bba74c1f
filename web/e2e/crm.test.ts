import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { ensureClientBuilt } from '../server/build-client.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { watchConsole, type ConsoleWatch } from './console-watch.js';

/**
 * The web app as a CRM, end to end in Chromium against kith serve, each step checked in the
 * database afterwards: contact forms, interactions, bulk work, opportunities, the board, live updates.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dataDir: string;
let kith: Kith;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: ConsoleWatch;
const ids: Record<string, string> = {};

type Contacts = { contacts: Array<Record<string, unknown> & { id: string; tags: string[] }>; total: number };
const call = <T,>(tool: string, input: Record<string, unknown>) => kith.call(kith.owner.id, tool, input) as Promise<T>;

beforeAll(async () => {
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-crm-'));
  kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T09:00:00Z', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
  const add = async (input: Record<string, unknown>) => (await call<{ contact: { id: string } }>('add_contact', input)).contact.id;
  ids.lucas = await add({ first_name: 'Lucas', last_name: 'Martin', company: 'Initech', relationship_type: 'recruiter' });
  ids.priya = await add({ first_name: 'Priya', last_name: 'Patel', company: 'Initech', email: 'priya@initech.example' });
  // 50 people met at one conference, for bulk tagging; a dozen opportunities so the board is tall.
  await call('import_data', { data: { contacts: Array.from({ length: 50 }, (_, i) => ({ first_name: `Guest${String(i).padStart(2, '0')}`, last_name: 'Conference', company: 'Various', tags: ['meetup'] })) } });
  for (let i = 0; i < 10; i++) await call('add_opportunity', { company_name: `Filler ${i}`, job_title: 'Engineer' });
  ids.acme = (await call<{ opportunity: { id: string } }>('add_opportunity', { company_name: 'Acme', job_title: 'Backend Engineer' })).opportunity.id;
  server = await startServer({ kith, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => localStorage.setItem('kith.tour-done', '1'));
  page = await context.newPage();
  watch = watchConsole(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kith?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the web app as a CRM', () => {
  it('adds a contact with every field, shows the tool\'s message next to a bad field, edits it', async () => {
    await page.goto(`${server.url}/#/contacts/new`);
    const form = page.getByRole('form', { name: 'Add a contact' });
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Lovelace');
    await form.getByLabel('Email').fill('ada-at-example');
    await form.getByRole('button', { name: 'Add contact' }).click();
    // The message is add_contact's own (its zod schema), under the field, and nothing was written.
    await expect.poll(() => page.locator('#f-add_contact-email-error').textContent()).toBe('must be an email address');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect((await call<Contacts>('find_contacts', { query: 'Lovelace' })).contacts).toHaveLength(0);

    await form.getByLabel('Email').fill('ada@analytical.example');
    await form.getByLabel('Phone').fill('+44 20 7946 0000');
    await form.getByLabel('Company').fill('Analytical Engines');
    await form.getByLabel('Job title').fill('Mathematician');
    await form.getByLabel('Location').fill('London');
    await form.getByLabel('LinkedIn URL').fill('https://www.linkedin.com/in/ada');
    await form.getByLabel('X / Twitter URL').fill('https://x.com/ada');
    await form.getByLabel('Relationship').selectOption('mentor');
    await form.getByLabel('Connection strength').selectOption('strong');
    await form.getByLabel('How you met').selectOption('networking_event');
    await form.getByLabel('Last contact').fill('2026-02-27');
    await form.getByLabel('Next follow-up').fill('2026-03-10');
    await form.getByLabel('Tags').fill('math, Poetry');
    await form.getByLabel('Notes').fill('Wrote the first program.');
    await form.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('article', { name: 'Contact Ada Lovelace' }).waitFor();
    const [ada] = (await call<Contacts>('find_contacts', { query: 'Lovelace' })).contacts;
    ids.ada = ada.id;
    expect(ada).toMatchObject({
      first_name: 'Ada', last_name: 'Lovelace', email: 'ada@analytical.example', company: 'Analytical Engines', job_title: 'Mathematician',
      location: 'London', linkedin_url: 'https://www.linkedin.com/in/ada', twitter_url: 'https://x.com/ada', relationship_type: 'mentor',
      connection_strength: 'strong', contact_source: 'networking_event', last_contact_date: '2026-02-27', next_follow_up_date: '2026-03-10',
      tags: ['math', 'poetry'], notes: 'Wrote the first program.',
    });
    expect(ada.phone).toMatch(/^\+44/);

    // Quick actions: mail, phone, LinkedIn.
    const card = page.getByRole('article', { name: 'Contact Ada Lovelace' });
    expect(await card.getByRole('link', { name: 'Email Ada Lovelace' }).getAttribute('href')).toBe('mailto:ada@analytical.example');
    expect(await card.getByRole('link', { name: 'Call Ada Lovelace' }).getAttribute('href')).toMatch(/^tel:\+44/);
    expect(await card.getByRole('link', { name: 'Ada Lovelace on LinkedIn' }).getAttribute('href')).toBe('https://www.linkedin.com/in/ada');

    await page.getByRole('link', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit contact' });
    await edit.getByLabel('Company').fill('Babbage & Co');
    await edit.getByLabel('Location').fill('');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('article', { name: 'Contact Ada Lovelace' }).getByText('Babbage & Co').waitFor();
    const [edited] = (await call<Contacts>('find_contacts', { query: 'Lovelace' })).contacts;
    expect(edited).toMatchObject({ company: 'Babbage & Co', location: null, email: 'ada@analytical.example', tags: ['math', 'poetry'] });
  });

  it('logs an interaction with type, date and time, subject, notes, outcome and follow-up; a day alone shows no time', async () => {
    const form = page.getByRole('form', { name: 'Log an interaction' });
    await form.getByLabel('Type').selectOption('call');
    await form.getByLabel('Date').fill('2026-03-03');
    await form.getByLabel('Time (optional)').fill('15:30');
    await form.getByLabel('Outcome').selectOption('positive');
    await form.getByLabel('Subject').fill('Difference engine');
    await form.getByLabel('Notes').fill('She will send the notes on Bernoulli numbers.');
    await form.getByLabel('Follow up on').fill('2026-03-12');
    await form.getByLabel('Follow-up reason').fill('Read the notes');
    await form.getByRole('button', { name: 'Log interaction' }).click();
    await page.getByRole('region', { name: 'Timeline' }).getByText(/Difference engine/).waitFor();
    const logged = (await call<{ interactions: Array<Record<string, unknown>> }>('list_interactions', { contact: ids.ada })).interactions;
    expect(logged).toHaveLength(1);
    // 15:30 in Berlin is 14:30 UTC.
    expect(logged[0]).toMatchObject({ interaction_type: 'call', interaction_date: '2026-03-03T14:30:00.000Z', has_time: true, subject: 'Difference engine', notes: 'She will send the notes on Bernoulli numbers.', outcome: 'positive', follow_up_date: '2026-03-12' });
    const ada = (await call<{ contact: { next_follow_up_date: string; follow_up_reason: string } }>('get_contact', { contact: ids.ada })).contact;
    expect(ada).toMatchObject({ next_follow_up_date: '2026-03-12', follow_up_reason: 'Read the notes' });

    await form.getByLabel('Type').selectOption('email');
    await form.getByLabel('Date').fill('2026-03-02');
    await form.getByLabel('Subject').fill('Thank-you note');
    await form.getByRole('button', { name: 'Log interaction' }).click();
    const entry = page.getByRole('region', { name: 'Timeline' }).locator('li', { hasText: 'Thank-you note' });
    await entry.waitFor();
    expect(await entry.locator('time').textContent()).not.toMatch(/\d:\d\d/);
    expect(await page.getByRole('region', { name: 'Timeline' }).locator('li', { hasText: 'Difference engine' }).locator('time').textContent()).toMatch(/3:30|15:30/);
    expect(await page.getByRole('status').filter({ hasText: 'Logged' }).textContent()).toMatch(/^Logged an email on /);
  });

  it('deletes a contact after the dialog shows the tool\'s own summary', async () => {
    await page.getByRole('button', { name: 'Delete Ada Lovelace…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Please confirm' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Delete Ada Lovelace and 2 interactions?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await call<Contacts>('find_contacts', { query: 'Lovelace' })).contacts).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete Ada Lovelace…' }).click();
    await page.getByRole('dialog', { name: 'Please confirm' }).getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/#\/contacts$/);
    expect((await call<Contacts>('find_contacts', { query: 'Lovelace' })).contacts).toHaveLength(0);
  });

  it('filters, sorts and pages the list, and bulk-tags 50 contacts after one confirmation', async () => {
    await page.goto(`${server.url}/#/contacts`);
    const filters = page.getByRole('search', { name: 'Search and filter contacts' });
    await filters.getByLabel('Relationship').selectOption('recruiter');
    await expect.poll(() => page.locator('.contacts-table tbody tr').count()).toBe(1);
    await filters.getByLabel('Relationship').selectOption('');
    await filters.getByLabel('Tag').fill('meetup');
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages' }).textContent()).toMatch(/50 contacts · page 1 of 2/);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('.contacts-table tbody tr').first().textContent()).toMatch(/Guest25/);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByRole('button', { name: /^Name/ }).click();
    await expect.poll(() => page.locator('.contacts-table tbody tr').first().textContent()).toMatch(/Guest49/);

    const bulk = page.getByRole('form', { name: 'With the selected contacts' });
    await bulk.getByRole('button', { name: 'Select all 50 matches' }).click();
    await expect.poll(() => bulk.locator('.selected-count').textContent()).toBe('50 contacts selected');
    await bulk.getByLabel('Tag', { exact: true }).fill('conference');
    await bulk.getByRole('button', { name: 'Apply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Please confirm' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/Add "conference" to 50 contacts/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await bulk.getByText('Tagged 50 contacts with "conference".').waitFor();
    expect((await call<Contacts>('find_contacts', { tag: 'conference', limit: 200 })).total).toBe(50);

    // Set a field on two contacts, then check the database.
    await filters.getByLabel('Tag').fill('');
    await filters.getByLabel('Search').fill('Guest0');
    await expect.poll(() => page.locator('.contacts-table tbody tr').count()).toBe(10);
    await page.getByLabel('Select Guest00 Conference').check();
    await page.getByLabel('Select Guest01 Conference').check();
    await bulk.getByLabel('Action').selectOption('set');
    await bulk.getByLabel('Field', { exact: true }).selectOption('connection_strength');
    await bulk.getByLabel('Value', { exact: true }).selectOption('weak');
    await bulk.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('dialog', { name: 'Please confirm' }).getByRole('button', { name: 'Confirm' }).click();
    await bulk.getByText(/Set connection strength on 2 contacts/).waitFor();
    expect((await call<Contacts>('find_contacts', { connection_strength: 'weak' })).contacts.map((c) => c.first_name).sort()).toEqual(['Guest00', 'Guest01']);
  });

  it('adds an opportunity with a description, contact and referrer, and shows its page', async () => {
    await page.goto(`${server.url}/#/opportunities/new`);
    const form = page.getByRole('form', { name: 'Add an opportunity' });
    await form.getByLabel('Company').fill('Initech');
    await form.getByLabel('Job title').fill('Staff Engineer');
    await form.getByLabel('Posting URL').fill('https://jobs.initech.example/staff');
    await form.getByLabel('Location').fill('Austin');
    await form.getByLabel('Salary').fill('$180k');
    await form.getByLabel('Stage').selectOption('applied');
    await form.getByLabel('Priority').selectOption('high');
    await form.getByLabel('Applied on').fill('2026-03-01');
    await form.getByLabel('Match (%)').fill('80');
    await form.getByLabel('Next action', { exact: true }).fill('Prepare the take-home');
    await form.getByLabel('Next action on').fill('2026-03-09');
    await form.getByLabel('Contact').selectOption(ids.lucas);
    await form.getByLabel('Referred by').selectOption(ids.priya);
    await form.getByLabel('Job description').fill('Own the TPS report pipeline. Rust and PostgreSQL.');
    await form.getByRole('button', { name: 'Add opportunity' }).click();
    await page.getByRole('heading', { name: 'Staff Engineer at Initech' }).waitFor();
    const [o] = (await call<{ opportunities: Array<Record<string, unknown>> }>('list_opportunities', { company: 'Initech' })).opportunities;
    expect(o).toMatchObject({
      company_name: 'Initech', job_title: 'Staff Engineer', job_url: 'https://jobs.initech.example/staff', location: 'Austin', salary_range: '$180k',
      status: 'applied', priority_level: 'high', application_date: '2026-03-01', match_score: 0.8, next_action: 'Prepare the take-home',
      next_action_date: '2026-03-09', contact_id: ids.lucas, referrer_id: ids.priya, job_description: 'Own the TPS report pipeline. Rust and PostgreSQL.',
    });
    const people = page.getByRole('region', { name: 'People' });
    await people.getByText('Lucas Martin').waitFor();
    await people.getByText('Priya Patel').waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Added as applied').waitFor();
    await page.getByRole('region', { name: 'Notes' }).getByLabel('Add a note').fill('Lucas says the team is small.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(async () => (await call<{ opportunity: { notes: string } }>('get_opportunity', { opportunity: String(o.id) })).opportunity.notes).toMatch(/Lucas says the team is small\.$/);
  });

  it('exports a selection from the bulk bar as vCard 4.0, Google Contacts CSV and iCalendar: only the selected people and what is theirs', async () => {
    await call('update_contact', { contact: ids.priya, next_follow_up_date: '2026-03-12' });
    await page.goto(`${server.url}/#/contacts`);
    await page.getByRole('search', { name: 'Search and filter contacts' }).getByLabel('Search').fill('Initech');
    await expect.poll(() => page.locator('.contacts-table tbody tr').count()).toBe(2);
    await page.getByLabel('Select Lucas Martin').check();
    await page.getByLabel('Select Priya Patel').check();
    const bulk = page.getByRole('form', { name: 'With the selected contacts' });
    await bulk.getByLabel('Action').selectOption('export');
    const download = async (format: string) => {
      await bulk.getByLabel('Format').selectOption(format);
      const [file] = await Promise.all([page.waitForEvent('download'), bulk.getByRole('button', { name: 'Export' }).click()]);
      const { readFileSync } = await import('node:fs');
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };
    const vcard = await download('vcard');
    expect(vcard.name).toMatch(/\.vcf$/);
    expect(vcard.text.match(/BEGIN:VCARD/g)).toHaveLength(2);
    expect(vcard.text).toMatch(/VERSION:4\.0/);
    expect(vcard.text).toMatch(/FN:Priya Patel/);
    expect(vcard.text).toMatch(/FN:Lucas Martin/);
    expect(vcard.text).toMatch(/priya@initech\.example/);
    expect(vcard.text).not.toMatch(/Guest|Lovelace/);
    const google = await download('google-csv');
    const lines = google.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^First Name,Middle Name,Last Name/);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['Lucas', 'Priya']);
    const ics = await download('icalendar');
    expect(ics.name).toMatch(/\.ics$/);
    expect(ics.text).toMatch(/BEGIN:VCALENDAR/);
    expect(ics.text).toMatch(/SUMMARY:Follow up with Priya Patel/);
    expect(ics.text).toMatch(/DTSTART;VALUE=DATE:20260312/);
    // the opportunity Lucas is the contact of (and Priya the referrer of), with its next action
    expect(ics.text).toMatch(/SUMMARY:Prepare the take-home: Staff Engineer at Initech/);
    expect(ics.text).not.toMatch(/Filler|Guest/);
    expect(await bulk.getByRole('status').textContent()).toBe('Exported 2 contacts.');
  });

  it('moves a card to every stage by drag and drop on a phone, one of them out of view, and finds it there after a reload', async () => {
    const phone = await context.newPage();
    const phoneWatch = watchConsole(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/#/pipeline`);
    const card = () => phone.locator(`.opp[data-id="${ids.acme}"]`);
    await card().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const stages = ['applied', 'phone_screen', 'interview', 'final_round', 'offer', 'withdrawn', 'rejected', 'interested'];
    let sawOutOfView = false;
    for (const stage of stages) {
      await phone.evaluate(() => window.scrollTo(0, 0));
      await card().scrollIntoViewIfNeeded();
      const target = phone.locator(`.column[data-stage="${stage}"]`);
      const inView = await target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; });
      if (!inView) sawOutOfView = true;
      const from = (await card().boundingBox())!;
      await phone.mouse.move(from.x + 20, from.y + 10);
      await phone.mouse.down();
      await phone.mouse.move(from.x + 24, from.y + 14);
      // As a person would: hold the card near the bottom (or top) edge until the column scrolls into view.
      for (let i = 0; i < 150; i++) {
        const box = await target.boundingBox();
        // In view below the sticky header, and clear of the edges where the page scrolls.
        if (box && box.y + box.height >= 220 && box.y + 40 <= 700) break;
        await phone.mouse.move(100, box && box.y < 0 ? 20 + (i % 2) : 830 - (i % 2));
      }
      const box = (await target.boundingBox())!;
      const y = Math.max(box.y + 20, 160);
      await phone.mouse.move(box.x + box.width / 2, y);
      await phone.mouse.move(box.x + box.width / 2, y + 2);
      await phone.mouse.up();
      await expect.poll(async () => (await call<{ opportunity: { status: string } }>('get_opportunity', { opportunity: ids.acme })).opportunity.status).toBe(stage);
      if (stage === 'withdrawn') {
        // After a reload the closed stages are collapsed, with their count; opening one shows the card.
        await phone.reload();
        await phone.locator('.column[data-stage="withdrawn"]').getByRole('button', { name: 'Show 1 card' }).click();
        await phone.locator(`.column[data-stage="withdrawn"] .opp[data-id="${ids.acme}"]`).waitFor();
      }
    }
    expect(sawOutOfView).toBe(true);
    await phone.reload();
    await phone.locator(`.column[data-stage="interested"] .opp[data-id="${ids.acme}"]`).waitFor();
    phoneWatch.expectClean();
    await phone.close();
  }, 150_000);

  it('moves a card with the keyboard alone and undoes the last move', async () => {
    await page.goto(`${server.url}/#/pipeline`);
    const card = page.locator(`.opp[data-id="${ids.acme}"]`);
    await card.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await call<{ opportunity: { status: string } }>('get_opportunity', { opportunity: ids.acme })).opportunity.status).toBe('applied');
    await page.locator(`.column[data-stage="applied"] .opp[data-id="${ids.acme}"]`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(ids.acme);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await call<{ opportunity: { status: string } }>('get_opportunity', { opportunity: ids.acme })).opportunity.status).toBe('phone_screen');
    await page.getByRole('button', { name: /^Undo: move Acme/ }).click();
    await expect.poll(async () => (await call<{ opportunity: { status: string } }>('get_opportunity', { opportunity: ids.acme })).opportunity.status).toBe('applied');
    await page.getByRole('status').filter({ hasText: 'Undone' }).waitFor();
  });

  it('shows a change made through the REST API on the open page without a reload', async () => {
    await page.goto(`${server.url}/#/contacts`);
    await page.getByRole('search', { name: 'Search and filter contacts' }).getByLabel('Search').fill('Livewire');
    await expect.poll(() => page.locator('.contacts-table tbody tr').count()).toBe(0);
    await page.waitForTimeout(300);
    const res = await fetch(`${server.url}/api/contacts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ first_name: 'Lena', last_name: 'Livewire' }) });
    expect(res.status).toBe(201);
    const started = Date.now();
    await page.locator('.contacts-table tbody tr', { hasText: 'Lena Livewire' }).waitFor({ timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('logged no console error and no CSP violation on any of these pages', () => {
    watch.expectClean();
  });
});
