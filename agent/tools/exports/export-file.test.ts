import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../../test-support/test-database.js';
import { toolHarness } from '../../../test-support/tool-harness.js';
import type { User } from '../../../accounts/users.js';

const FIXTURES = join(import.meta.dirname, '..', 'imports', 'fixtures');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** What a contact format carries: everything but ids, dates of the record, and follow-up fields. */
const carried = (c: Any) => ({
  first_name: c.first_name, last_name: c.last_name, email: c.email, phone: c.phone, company: c.company, job_title: c.job_title,
  linkedin_url: c.linkedin_url, twitter_url: c.twitter_url, location: c.location, notes: c.notes, tags: c.tags,
});
const byName = (a: Any, b: Any) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('export_file round trips', () => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let source: User;
  let original: Any;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    h = toolHarness(database);
    source = await createTestUser(database, 'source');
    const load = (f: string, extra = {}) => h.call(source.id, 'import_file', { content: readFileSync(join(FIXTURES, f), 'utf8'), filename: f, dry_run: false, ...extra });
    await load('Connections.csv');
    await load('google-contacts.csv', { on_match: 'merge' });
    await load('apple.vcf', { on_match: 'merge' });
    await load('outlook.vcf');
    await load('messages.csv');
    await load('huntr-jobs.csv');
    await h.call(source.id, 'update_contact', { contact: 'Priya Patel', next_follow_up_date: '2026-12-03', location: 'San Francisco, CA; "Mission"' });
    await h.call(source.id, 'log_interaction', { contact: 'Priya Patel', interaction_type: 'call', notes: 'Talked about the role', follow_up_date: '2026-12-10' });
    await h.call(source.id, 'update_opportunity', { opportunity: 'Stripe', next_action: 'Send thank-you note', next_action_date: '2026-12-01' });
    original = await h.call(source.id, 'export_data');
  });
  afterAll(async () => { await database?.drop(); });

  const files = async (format: string) => (await h.call(source.id, 'export_file', { format })).files as Array<{ name: string; content: string }>;

  it('csv: one file per table, and importing them into an empty Kith gives the same records', async () => {
    const csv = await files('csv');
    expect(csv.map((f) => f.name.replace(/-\d{4}-\d{2}-\d{2}/, ''))).toEqual(['kith-contacts.csv', 'kith-interactions.csv', 'kith-opportunities.csv', 'kith-activities.csv', 'kith-contact_insights.csv', 'kith-tasks.csv']);
    const other = await createTestDatabase('pglite');
    try {
      const h2 = toolHarness(other);
      const copy = await createTestUser(other, 'copy');
      for (const f of csv.slice(0, 3)) {
        const done = await h2.call(copy.id, 'import_file', { content: f.content, filename: f.name, dry_run: false });
        expect(done.format, f.name).toBe('kith-csv');
      }
      const back = await h2.call(copy.id, 'export_data');
      expect(back.contacts).toEqual(original.contacts);
      expect(back.interactions).toEqual(original.interactions);
      expect(back.opportunities).toEqual(original.opportunities);
      // Follow-up tasks come back from the follow-up dates the contacts carry (import_data makes them),
      // so tasks.csv is for reading, not for importing after contacts.csv (it would add them twice).
      const task = (t: Any) => ({ title: t.title, kind: t.kind, status: t.status, due_date: t.due_date, contact_id: t.contact_id });
      expect(original.tasks.length).toBeGreaterThan(0);
      expect(back.tasks.map(task)).toEqual(original.tasks.map(task));
    } finally {
      await other.drop();
    }
  });

  for (const format of ['vcard', 'google-csv'] as const) {
    it(`${format}: contacts come back with what the format carries, and a second import changes nothing`, async () => {
      const [file] = await files(format);
      const target = await createTestUser(database, `${format}-target`);
      const done = await h.call(target.id, 'import_file', { content: file.content, filename: file.name, dry_run: false });
      expect(done.format).toBe(format === 'vcard' ? 'vcard' : 'google-csv');
      const back = (await h.call(target.id, 'export_data')).contacts;
      expect(back.map(carried).sort(byName)).toEqual(original.contacts.map(carried).sort(byName));
      const again = await h.call(target.id, 'import_file', { content: file.content, filename: file.name, dry_run: false });
      expect(again.summary.contacts.add + again.summary.contacts.update).toBe(0);
    });
  }

  it('vcard: version 4.0 cards that ical.js (the parser Apple-compatible clients share the grammar of) reads as such', async () => {
    const [file] = await files('vcard');
    expect(file.content.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    const cards = ICAL.parse(file.content) as unknown[];
    expect(cards).toHaveLength(original.contacts.length);
    expect(file.content).toContain('EMAIL;TYPE=internet:josé.15@figma.com');
    // lines longer than 75 octets are folded
    for (const line of file.content.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(76);
  });

  it('icalendar: every follow-up and next-action date is an all-day event with a stable UID', async () => {
    const [file] = await files('icalendar');
    const cal = new ICAL.Component(ICAL.parse(file.content) as unknown[]);
    const events = cal.getAllSubcomponents('vevent').map((e) => ({
      uid: String(e.getFirstPropertyValue('uid')), start: String(e.getFirstPropertyValue('dtstart')), summary: String(e.getFirstPropertyValue('summary')),
    }));
    const priya = original.contacts.find((c: Any) => c.first_name === 'Priya');
    expect(events).toEqual(expect.arrayContaining([
      // log_interaction's follow-up date moved the contact's next follow-up from 12-03 to 12-10
      { uid: `contact-${priya.id}@kith`, start: '2026-12-10', summary: 'Follow up with Priya Patel' },
      expect.objectContaining({ start: '2026-12-10', summary: 'Follow up with Priya Patel' }),
      expect.objectContaining({ start: '2026-12-01', summary: 'Send thank-you note: Staff Engineer at Stripe' }),
    ]));
    expect((await files('icalendar'))[0].content.replace(/DTSTAMP:.*\r\n/g, '')).toBe(file.content.replace(/DTSTAMP:.*\r\n/g, ''));
  });

  it('a selection (contacts: ids) exports only those people and what is theirs; another user\'s ids match nothing', async () => {
    const priya = original.contacts.find((c: Any) => c.first_name === 'Priya' && c.last_name === 'Patel');
    const vcard = await h.call(source.id, 'export_file', { format: 'vcard', contacts: [priya.id] });
    expect(vcard.files[0].content.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(vcard.files[0].content).toMatch(/FN:Priya Patel/);
    const ics = (await h.call(source.id, 'export_file', { format: 'icalendar', contacts: [priya.id] })).files[0].content;
    const summaries = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('summary'));
    expect(summaries.sort()).toEqual(['Follow up with Priya Patel', 'Follow up with Priya Patel'].sort());
    const other = await createTestUser(database, 'other');
    const theirs = await h.call(other.id, 'export_file', { format: 'google-csv', contacts: [priya.id] });
    expect(theirs.files[0].content.trim().split(/\r?\n/)).toHaveLength(1);
    const bad = await h.error(source.id, 'export_file', { format: 'vcard', contacts: ['not-an-id'] });
    expect(bad.details.field).toMatch(/contacts/);
  });
});
