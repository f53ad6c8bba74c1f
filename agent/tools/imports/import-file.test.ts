import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../../test-support/test-database.js';
import { toolHarness } from '../../../test-support/tool-harness.js';
import { runTool } from '../run-tool.js';
import { importFile } from './import-file-tool.js';
import type { User } from '../../../accounts/users.js';
import { eq } from 'drizzle-orm';
import { crmOpportunityStageChanges } from '../../../db/schema/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe.each(STORAGES)('import_file on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  const users: Record<string, User> = {};
  const user = async (name: string) => (users[name] ??= await createTestUser(database, name));
  const importOf = (u: User, file: string, extra: Record<string, unknown> = {}) =>
    h.call(u.id, 'import_file', { content: fixture(file), filename: file, ...extra });
  const contacts = async (u: User) => (await h.call(u.id, 'export_data')).contacts as Any[];

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database);
  });
  afterAll(async () => { await database?.drop(); });

  it('LinkedIn connections: a dry run first, then the import; duplicates explained; a second import changes nothing', async () => {
    const u = await user('linkedin');
    const dry = await importOf(u, 'Connections.csv');
    expect(dry.format).toBe('linkedin-connections');
    expect(dry.dry_run).toBe(true);
    expect(await contacts(u)).toEqual([]);
    const byLine = Object.fromEntries(dry.records.map((r: Any) => [r.at, r]));
    expect(Object.keys(byLine)).toEqual(['line 5', 'line 6', 'line 7', 'line 8', 'line 10', 'line 11', 'line 12']);
    expect(dry.summary.contacts).toEqual({ add: 6, update: 0, merge: 0, skip: 1 });
    expect(byLine['line 11'].action).toBe('skip');
    expect(byLine['line 11'].reason).toMatch(/matches line 10 of this file \(same LinkedIn URL, same name and company\); not merged/);
    expect(byLine['line 12'].warnings[0]).toMatch(/email "not-an-address" is not an email address; kept in the notes/);

    const done = await importOf(u, 'Connections.csv', { dry_run: false });
    expect(done.summary).toEqual(dry.summary);
    const saved = await contacts(u);
    expect(saved).toHaveLength(6);
    const jose = saved.find((c) => c.first_name === 'José');
    expect(jose).toMatchObject({ last_name: 'Ríos', email: 'josé.15@figma.com', company: 'Figma', contact_source: 'linkedin', notes: 'Connected on LinkedIn: 2024-03-15' });
    expect(saved.map((c) => `${c.first_name} ${c.last_name}`)).toEqual(expect.arrayContaining(['小明 王', 'محمد العلي']));
    expect(saved.find((c) => c.first_name === 'Anna').notes).toContain('E-mail: not-an-address');

    const before = await h.call(u.id, 'export_data');
    const again = await importOf(u, 'Connections.csv', { dry_run: false });
    expect(again.summary.contacts).toEqual({ add: 0, update: 0, merge: 0, skip: 7 });
    expect(again.records.find((r: Any) => r.at === 'line 5').reason).toMatch(/already in Kith \(same e-mail, same LinkedIn URL, same name and company\); nothing new/);
    const after = await h.call(u.id, 'export_data');
    expect({ ...after, exported_at: null }).toEqual({ ...before, exported_at: null });
  });

  it('merges a duplicate within the file when the rule says so, keeping the other value in the notes', async () => {
    const u = await user('merge-rule');
    const done = await importOf(u, 'Connections.csv', { dry_run: false, on_match: 'merge' });
    const lucas = done.records.find((r: Any) => r.at === 'line 11');
    expect(lucas).toMatchObject({ action: 'merge', match: { with: 'line 10 of this file' } });
    const saved = (await contacts(u)).filter((c) => c.first_name === 'Lucas');
    expect(saved).toHaveLength(1);
    expect(saved[0].job_title).toBe('Engineering Manager "Platform"');
    expect(saved[0].notes).toContain('Job title (from import): Engineering Manager');
    expect((await importOf(u, 'Connections.csv', { dry_run: false, on_match: 'merge' })).summary.contacts.skip).toBe(7);
  });

  it('Google CSV over LinkedIn: a match against Kith is merged only for the record the user agreed to', async () => {
    const u = await user('google');
    await importOf(u, 'Connections.csv', { dry_run: false });
    const dry = await importOf(u, 'google-contacts.csv');
    expect(dry.format).toBe('google-csv');
    const priya = dry.records.find((r: Any) => r.at === 'line 2');
    expect(priya).toMatchObject({ action: 'skip', match: { with: 'Priya Patel (Stripe) in Kith', by: ['same LinkedIn URL', 'same name and company'] } });
    expect(priya.changes).toEqual(expect.arrayContaining(['email', 'phone', 'notes']));
    expect(dry.warnings).toContain('1 photo not kept: Kith stores no pictures.');
    const done = await importOf(u, 'google-contacts.csv', { dry_run: false, agree: ['line 2'] });
    expect(done.records.find((r: Any) => r.at === 'line 2').action).toBe('update');
    const p = (await contacts(u)).find((c) => c.first_name === 'Priya');
    expect(p).toMatchObject({ email: 'priya@stripe.com', phone: '+1 415 555 0134', job_title: 'Staff Engineer, Payments', tags: ['mentors'] });
    expect(p.notes).toContain('Other e-mail: priya.patel@gmail.com');
    expect(p.notes).toContain('Job title (from import): Staff Engineer');
    expect(p.notes).toContain('Connected on LinkedIn: 2023-01-02');
    const ünal = (await contacts(u)).find((c) => c.first_name === 'Ünal');
    expect(ünal.phone).toBe('0532 123 45 67 (evenings)');
    const again = await importOf(u, 'google-contacts.csv', { dry_run: false, agree: ['line 2'] });
    expect(again.summary.contacts).toMatchObject({ add: 0, update: 0 });
    // an e-mail the first import kept in the notes is found again
    const vcard = await importOf(u, 'google.vcf');
    expect(vcard.records[0].match.by).toEqual(expect.arrayContaining(['same e-mail']));
  });

  it('LinkedIn messages become interactions with the contacts they were with, once', async () => {
    const u = await user('messages');
    await importOf(u, 'Connections.csv', { dry_run: false });
    const done = await importOf(u, 'messages.csv', { dry_run: false });
    expect(done.format).toBe('linkedin-messages');
    expect(done.summary.interactions).toEqual({ add: 3, update: 0, merge: 0, skip: 1 });
    expect(done.records.find((r: Any) => r.at === 'line 6').reason).toMatch(/no contact in Kith or in this file for Stranger Danger/);
    const priya = await h.call(u.id, 'get_contact', { contact: 'Priya Patel' });
    expect(priya.interactions.map((i: Any) => [i.interaction_type, i.notes])).toEqual([
      ['linkedin_message', 'Sent: Thanks Priya!\nDoes Thursday work?'],
      ['linkedin_message', 'From Priya Patel: Hi Sam, happy to chat about the payments role.'],
    ]);
    expect(priya.contact.last_contact_date).toBe('2025-11-02');
    const again = await importOf(u, 'messages.csv', { dry_run: false });
    expect(again.summary.interactions).toEqual({ add: 0, update: 0, merge: 0, skip: 4 });
  });

  it('vCards from Apple, Google, Outlook (2.1, quoted-printable) and 4.0 import, with every address and number kept', async () => {
    const u = await user('vcard');
    for (const f of ['apple.vcf', 'google.vcf', 'outlook.vcf', 'contacts-v4.vcf']) {
      const done = await importOf(u, f, { dry_run: false });
      expect(done.format, f).toBe('vcard');
      expect(done.summary.contacts.add, f).toBeGreaterThan(0);
    }
    const all = await contacts(u);
    const jose = all.find((c) => c.first_name === 'José');
    expect(jose).toMatchObject({ email: 'josé.15@figma.com', phone: '+34 612 34 56 78', linkedin_url: 'https://www.linkedin.com/in/jose-rios-15', twitter_url: 'https://twitter.com/joserios', tags: ['design', 'friends'] });
    expect(jose.notes).toContain('Met at Config 2024, San Francisco.\nWants an intro to Priya.');
    expect(jose.notes).toContain('Other e-mail: jose.rios@example.es');
    expect(all.find((c) => c.first_name === '小明').notes).toContain('when it writes the card: the parser must join them back without losing the space or any letter.');
    const juergen = all.find((c) => c.first_name === 'Jürgen');
    expect(juergen.notes).toContain('Grüße aus München, sehr freundlich.\nZweite Zeile mit einem sehr langen Text, der umbrochen wurde.');
    expect(all.find((c) => c.first_name === 'Amara').phone).toBe('+234 803 123 4567');
    for (const f of ['apple.vcf', 'google.vcf', 'outlook.vcf', 'contacts-v4.vcf']) {
      expect((await importOf(u, f, { dry_run: false })).summary.contacts.add, f).toBe(0);
    }
  });

  it('any CSV: the mapping is guessed, shown, corrected, and saved for the next file with that header (only for that user)', async () => {
    const u = await user('mapping');
    const dry = await importOf(u, 'any-contacts.csv');
    expect(dry.format).toBe('csv');
    expect(dry.mapping).toMatchObject({ source: 'guessed', saved: false, columns: { Name: 'full_name', 'E-mail': 'email', Mobile: 'phone', Employer: 'company', Role: 'job_title', City: 'location', 'How we met': 'contact_source' } });
    expect(dry.warnings.join('\n')).toMatch(/Favourite food/);
    const done = await importOf(u, 'any-contacts.csv', { dry_run: false, mapping: { 'How we met': 'notes', 'Favourite food': '' } });
    expect(done.mapping).toMatchObject({ source: 'given', saved: true });
    const ana = (await contacts(u)).find((c) => c.email === 'ana@example.mx');
    expect(ana).toMatchObject({ first_name: 'Ana María de la', last_name: 'Cruz', company: 'Globant', notes: 'How we met: conference' });
    const next = await importOf(u, 'any-contacts.csv');
    expect(next.mapping).toMatchObject({ source: 'saved', columns: { 'How we met': 'notes', 'Favourite food': '' } });
    expect(next.summary.contacts.skip).toBe(2);
    const other = await user('mapping-other');
    expect((await importOf(other, 'any-contacts.csv')).mapping.source).toBe('guessed');
  });

  it('job trackers: Huntr, then Teal moves a stage on (merged by rule), and a JSON list of applications', async () => {
    const u = await user('jobs');
    const huntr = await importOf(u, 'huntr-jobs.csv', { dry_run: false });
    expect(huntr.format).toBe('huntr-csv');
    expect(huntr.summary.opportunities.add).toBe(4);
    const teal = await importOf(u, 'teal-jobs.csv', { dry_run: false, on_match: 'merge' });
    expect(teal.format).toBe('teal-csv');
    const stripe = teal.records.find((r: Any) => r.at === 'line 2');
    expect(stripe).toMatchObject({ action: 'update', match: { by: ['same company and job title'] } });
    expect(stripe.changes).toEqual(expect.arrayContaining(['status', 'next_action_date']));
    const [opp] = (await h.call(u.id, 'list_opportunities', { company: 'Stripe' })).opportunities;
    expect(opp).toMatchObject({ status: 'interview', application_date: '2025-10-03', salary_range: '$220k–$260k', next_action_date: '2025-11-30', job_url: 'https://stripe.com/jobs/listing/staff-engineer/123' });
    const stages = await database.db.select().from(crmOpportunityStageChanges).where(eq(crmOpportunityStageChanges.opportunityId, opp.id)).orderBy(crmOpportunityStageChanges.changedAt);
    expect(stages.map((s) => s.toStatus)).toEqual(['applied', 'interview']);
    const json = await importOf(u, 'applications.json', { dry_run: false });
    expect(json.format).toBe('applications-json');
    expect(json.summary.opportunities).toMatchObject({ add: 2, skip: 1 });
    expect((await importOf(u, 'huntr-jobs.csv', { dry_run: false })).summary.opportunities.add).toBe(0);
  });

  it('refuses a malformed file whole, naming the line and column', async () => {
    const u = await user('malformed');
    expect((await h.error(u.id, 'import_file', { content: fixture('broken-quote.csv'), filename: 'broken-quote.csv' })).message)
      .toMatch(/broken-quote\.csv: broken quoting at line 2, column 5: a quoted field is never closed\. Nothing was imported\./);
    expect((await h.error(u.id, 'import_file', { content: fixture('wrong-columns.csv'), dry_run: false })).message)
      .toMatch(/line 3 has 4 columns where the header \(line 1\) has 3/);
    const latin1 = readFileSync(join(FIXTURES, 'latin1.csv')).toString('base64');
    expect((await h.error(u.id, 'import_file', { content_base64: latin1, filename: 'latin1.csv', dry_run: false })).message)
      .toMatch(/latin1\.csv is not UTF-8 text: line 3, column 4 holds the byte 0xe9/);
    expect((await h.error(u.id, 'import_file', { content: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Open\r\n', dry_run: false })).message)
      .toMatch(/the card that starts at line 1 has no END:VCARD/);
    expect(await contacts(u)).toEqual([]);
  });

  it('a cancelled import leaves nothing behind', async () => {
    const u = await user('cancel');
    const controller = new AbortController();
    const many = ['First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      ...Array.from({ length: 4500 }, (_, i) => `P${i},L${i},https://www.linkedin.com/in/p${i},,Acme,Eng,01 Jan 2024`)].join('\n');
    const seen: number[] = [];
    const err = await runTool(h.runtime, u.id, importFile, { content: many, dry_run: false }, {
      signal: controller.signal,
      progress: (done) => { seen.push(done); if (done > 0) controller.abort(); },
    }).catch((e) => e);
    expect(err.message).toMatch(/cancelled; nothing was imported/);
    // cancelled after the first batch was written: the transaction took it back
    expect(seen.filter((n) => n > 0)).toHaveLength(1);
    expect(await contacts(u)).toEqual([]);
  });

  it('imports a Kith JSON export through the same tool', async () => {
    const u = await user('kith-json');
    const data = { contacts: [{ first_name: 'Priya', last_name: 'Patel', email: 'josé.15@figma.com' }] };
    const dry = await h.call(u.id, 'import_file', { content: JSON.stringify(data) });
    expect(dry).toMatchObject({ format: 'kith-json', summary: { contacts: { add: 1 } } });
    expect(await contacts(u)).toEqual([]);
    await h.call(u.id, 'import_file', { content: JSON.stringify(data), dry_run: false });
    expect((await contacts(u))[0].email).toBe('josé.15@figma.com');
  });
});
