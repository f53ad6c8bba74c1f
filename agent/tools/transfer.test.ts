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

  it('a database error part-way writes nothing', async () => {
    const data = sample();
    // valid for zod, refused by the database's check constraint on the second record section
    (data.opportunities[0] as Record<string, unknown>).id = data.contacts[0].id;
    await h.call(carol.id, 'import_data', { data: { contacts: [data.contacts[0]] } });
    const e = await h.error(bob.id, 'import_data', { data: { contacts: [{ ...data.contacts[0], first_name: 'Hijack' }] } });
    expect(e.code).toBe('forbidden');
    expect((await h.call(carol.id, 'export_data')).contacts[0].first_name).toBe('Priya');
    expect((await h.call(bob.id, 'export_data')).contacts).toEqual([]);
  });

  it('upserts by id: importing again updates instead of duplicating', async () => {
    const data = sample();
    await h.call(carol.id, 'import_data', { data });
    data.contacts[1].connection_strength = 'strong';
    await h.call(carol.id, 'import_data', { data });
    const out = await h.call(carol.id, 'export_data');
    const marcus = out.contacts.filter((c: { first_name: string }) => c.first_name === 'Marcus');
    expect(marcus).toHaveLength(1);
    expect(marcus[0].connection_strength).toBe('strong');
  });
});
