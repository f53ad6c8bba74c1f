import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import type { User } from '../../accounts/users.js';

const sample = () => {
  const priya = randomUUID();
  const marcus = randomUUID();
  return {
    contacts: [
      { id: priya, first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com', tags: ['python', 'mentor'], next_follow_up_date: '2026-11-27', relationship_type: 'mentor' },
      { id: marcus, first_name: 'Marcus', last_name: 'Chen', connection_strength: 'weak' },
    ],
    interactions: [
      { id: randomUUID(), contact_id: priya, interaction_type: 'coffee_chat', interaction_date: '2026-11-10T10:00:00Z', notes: 'Kubernetes', outcome: 'positive' },
    ],
    opportunities: [
      { id: randomUUID(), company_name: 'Globex', job_title: 'SRE', status: 'applied', contact_id: marcus, application_date: '2026-11-01' },
    ],
  };
};

describe.each(STORAGES)('import and export on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let alice: User;
  let bob: User;
  let carol: User;

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database);
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
    carol = await createTestUser(database, 'carol');
  });
  afterAll(async () => { await database?.drop(); });

  it('round-trips: export, import elsewhere, export again gives the same records', async () => {
    const data = sample();
    await h.call(alice.id, 'import_data', { data });
    const first = await h.call(alice.id, 'export_data');
    expect(first.contacts).toHaveLength(2);
    expect(first.contacts.find((c: { first_name: string }) => c.first_name === 'Priya').tags).toEqual(['mentor', 'python']);
    // into another database: the same ids, so a second database stands in for "an empty directory"
    const other = await createTestDatabase('pglite');
    try {
      const h2 = toolHarness(other);
      const user = await createTestUser(other, 'copy');
      await h2.call(user.id, 'import_data', { data: first });
      const second = await h2.call(user.id, 'export_data');
      for (const table of ['contacts', 'interactions', 'opportunities', 'contact_insights'] as const) {
        expect(second[table]).toEqual(first[table]);
      }
      // the only addition is the activity that records the import itself
      expect(second.activities).toHaveLength(first.activities.length + 1);
      for (const a of first.activities) expect(second.activities).toContainEqual(a);
      const added = second.activities.filter((a: { id: string }) => !first.activities.some((f: { id: string }) => f.id === a.id));
      expect(added.map((a: { activity_type: string }) => a.activity_type)).toEqual(['data_imported']);
    } finally {
      await other.drop();
    }
  });

  it('is all or nothing and names the record and field', async () => {
    const data = sample();
    (data.contacts[1] as Record<string, unknown>).relationship_type = 'boss';
    const err = await h.error(bob.id, 'import_data', { data });
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/contacts\[1\].*relationship_type/);
    const missing = sample();
    delete (missing.contacts[0] as Record<string, unknown>).first_name;
    expect((await h.error(bob.id, 'import_data', { data: missing })).message).toMatch(/contacts\[0\].*first_name is required/);
    const dangling = sample();
    dangling.interactions[0].contact_id = randomUUID();
    const e3 = await h.error(bob.id, 'import_data', { data: dangling });
    expect(e3.code).toBe('not_found');
    expect(e3.message).toMatch(/interactions\[0\].*contact_id/);
    const exported = await h.call(bob.id, 'export_data');
    expect(exported.contacts).toEqual([]);
    expect(exported.interactions).toEqual([]);
  });

  it('an id of another user\'s record is answered like a missing one and leaves that record alone', async () => {
    const data = sample();
    await h.call(carol.id, 'import_data', { data: { contacts: [data.contacts[0]] } });
    const answer = await h.call(bob.id, 'import_data', { data: { contacts: [{ ...data.contacts[0], first_name: 'Hijack' }], interactions: data.interactions } });
    const missing = await h.call(alice.id, 'import_data', { data: { contacts: [{ ...data.contacts[0], id: randomUUID(), first_name: 'Hijack' }] } });
    expect(answer).toEqual({ imported: { contacts: 1, interactions: 1, opportunities: 0, activities: 0, contact_insights: 0, tasks: 0 } });
    expect(Object.keys(answer)).toEqual(Object.keys(missing));
    expect((await h.call(carol.id, 'export_data')).contacts.map((c: { first_name: string }) => c.first_name)).toEqual(['Priya']);
    const bobs = await h.call(bob.id, 'export_data');
    expect(bobs.contacts.map((c: { first_name: string }) => c.first_name)).toEqual(['Hijack']);
    expect(bobs.contacts[0].id).not.toBe(data.contacts[0].id);
    // the interaction that pointed at the file's id follows the record to its new id
    expect(bobs.interactions[0].contact_id).toBe(bobs.contacts[0].id);
  });

  it('checks every reference against the importer\'s own records', async () => {
    const theirs = sample();
    await h.call((await createTestUser(database, 'frank')).id, 'import_data', { data: theirs });
    const dave = await createTestUser(database, 'dave');
    const activity = (fields: Record<string, unknown>) => ({ activities: [{ activity_type: 'contact_updated', activity_date: '2026-11-10T10:00:00Z', description: 'x', ...fields }] });
    const e1 = await h.error(dave.id, 'import_data', { data: activity({ related_contact_id: theirs.contacts[0].id }) });
    expect(e1.code).toBe('not_found');
    expect(e1.details.field).toBe('activities[0].related_contact_id');
    const e2 = await h.error(dave.id, 'import_data', { data: activity({ related_opportunity_id: theirs.opportunities[0].id }) });
    expect(e2.details.field).toBe('activities[0].related_opportunity_id');
    const e3 = await h.error(dave.id, 'import_data', { data: activity({ related_contact_id: randomUUID() }) });
    expect(e3.message.replace(/[0-9a-f-]{36}/g, 'ID')).toBe(e1.message.replace(/[0-9a-f-]{36}/g, 'ID'));
    expect((await h.call(dave.id, 'export_data')).activities).toEqual([]);
  });

  it('refuses what a tool would refuse, duplicate ids and impossible dates, naming the field', async () => {
    const cases: Array<[(d: ReturnType<typeof sample>) => void, RegExp]> = [
      [(d) => { (d.opportunities[0] as Record<string, unknown>).company_name = 'x'.repeat(1_000_000); }, /opportunities\[0\].*company_name/],
      [(d) => { d.interactions[0].interaction_date = '2024-02-30'; }, /interactions\[0\].*interaction_date.*calendar/],
      [(d) => { d.interactions[0].interaction_date = '+275760-09-13T00:00:00Z'; }, /interactions\[0\].*interaction_date/],
      [(d) => { (d.contacts[0] as Record<string, unknown>).created_at = '-271821-04-20T00:00:00Z'; }, /contacts\[0\].*created_at/],
      [(d) => { d.interactions[0].notes = Array.from({ length: 300_000 }, (_, i) => `w${i}`).join(' '); }, /interactions\[0\].*notes/],
      [(d) => { d.contacts.push({ ...d.contacts[1], first_name: 'Twin' }); }, /contacts\[2\].*id .* appears twice/],
    ];
    for (const [spoil, message] of cases) {
      const data = sample();
      spoil(data);
      const err = await h.error(bob.id, 'import_data', { data });
      expect(err.code).toBe('invalid');
      expect(err.message).toMatch(message);
    }
  });

  it('asks before overwriting: the preview says what would change, and nothing does until confirmed', async () => {
    const data = sample();
    const erin = await createTestUser(database, 'erin');
    await h.call(erin.id, 'import_data', { data });
    data.contacts[0].company = 'Changed';
    const preview = await h.call(erin.id, 'import_data', { data: { ...data, contacts: [...data.contacts, { first_name: 'New' }] } });
    expect(preview.status).toBe('confirmation_required');
    expect(preview.preview.overwrite).toMatchObject({ contacts: 2, interactions: 1, opportunities: 1 });
    expect(preview.preview.create).toMatchObject({ contacts: 1 });
    expect(preview.summary).toMatch(/overwrite 4 existing records/);
    expect((await h.call(erin.id, 'export_data')).contacts.map((c: { company: string | null }) => c.company)).toContain('Stripe');
    await h.confirmed(erin.id, 'import_data', { data });
    expect((await h.call(erin.id, 'export_data')).contacts.map((c: { company: string | null }) => c.company)).toContain('Changed');
  });

  it('upserts by id: importing again updates instead of duplicating', async () => {
    const data = sample();
    await h.call(carol.id, 'import_data', { data });
    data.contacts[1].connection_strength = 'strong';
    await h.confirmed(carol.id, 'import_data', { data });
    const out = await h.call(carol.id, 'export_data');
    const marcus = out.contacts.filter((c: { first_name: string }) => c.first_name === 'Marcus');
    expect(marcus).toHaveLength(1);
    expect(marcus[0].connection_strength).toBe('strong');
  });
});
