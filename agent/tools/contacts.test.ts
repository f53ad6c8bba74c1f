import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../test-support/test-database.js';
import { callConfirmed, runTool, type ToolRuntime } from './run-tool.js';
import { addContact, getContact, findContacts, updateContact, tagContacts, deleteContact, mergeContacts } from './contacts.js';
import { silentLogger } from './shared/context.js';
import { ToolError } from './shared/errors.js';
import type { User } from '../../accounts/users.js';

describe.each(STORAGES)('contact tools on %s', (storage) => {
  let database: TestDatabase;
  let runtime: ToolRuntime;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    runtime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger };
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
  });
  afterAll(async () => { await database?.drop(); });

  it('adds, finds, resolves by name and refuses ambiguity', async () => {
    const { contact: priya } = await runTool(runtime, alice.id, addContact, { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'Priya@Stripe.com' });
    expect(priya.email).toBe('priya@stripe.com');
    await runTool(runtime, alice.id, addContact, { first_name: 'Priya', last_name: 'Sharma' });
    const got = await runTool(runtime, alice.id, getContact, { contact: 'priya@stripe.com' });
    expect(got.contact.id).toBe(priya.id);
    expect((await runTool(runtime, alice.id, getContact, { contact: 'Priya Patel' })).contact.id).toBe(priya.id);
    expect((await runTool(runtime, alice.id, getContact, { contact: 'Priya Patle' })).contact.id).toBe(priya.id);
    const err = await runTool(runtime, alice.id, getContact, { contact: 'Priya' }).catch((e) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect(err.code).toBe('ambiguous');
    expect(err.details.candidates.map((c: { name: string }) => c.name).sort()).toEqual(['Priya Patel', 'Priya Sharma']);
    const found = await runTool(runtime, alice.id, findContacts, { query: 'strip' });
    expect(found.contacts.map((c) => c.last_name)).toEqual(['Patel']);
  });

  it('keeps users apart: bob cannot see or change alice by id', async () => {
    const { contact } = await runTool(runtime, alice.id, addContact, { first_name: 'Omar', last_name: 'Haddad' });
    const err = await runTool(runtime, bob.id, getContact, { contact: contact.id }).catch((e) => e);
    expect(err.code).toBe('not_found');
    const upd = await runTool(runtime, bob.id, updateContact, { contact: contact.id, company: 'Evil' }).catch((e) => e);
    expect(upd.code).toBe('not_found');
    const del = await runTool(runtime, bob.id, deleteContact, { contact: contact.id, confirm: true }).catch((e) => e);
    expect(del.code).toBe('not_found');
    expect((await runTool(runtime, bob.id, findContacts, {})).contacts).toEqual([]);
    expect((await runTool(runtime, alice.id, getContact, { contact: contact.id })).contact.company).toBeNull();
  });

  it('resolves typos through the trigram index and never to another user\'s contact', async () => {
    const { contact: nadia } = await runTool(runtime, alice.id, addContact, { first_name: 'Nadia', last_name: 'Petrova' });
    await runTool(runtime, bob.id, addContact, { first_name: 'Nadja', last_name: 'Petrov' });
    expect((await runTool(runtime, alice.id, getContact, { contact: 'Nadia Petorva' })).contact.id).toBe(nadia.id);
    const mine = await runTool(runtime, bob.id, getContact, { contact: 'Nadia Petrova' });
    expect(mine.contact.last_name).toBe('Petrov');
    const none = await runTool(runtime, bob.id, getContact, { contact: 'Petrova Nadia' }).then((r) => r.contact.last_name, (e) => e.code);
    expect(none).not.toBe('Petrova');
    // the function behind it answers only for the transaction's user, whoever calls it
    const rows = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'kith_app', true), set_config('kith.user_id', ${bob.id}, true)`);
      return (await tx.execute(sql`select c.user_id from kith_similar_contact_names('nadia petrova', 10) s join crm_contacts c on c.id = s.contact_id`) as unknown as { rows: Array<{ user_id: string }> }).rows;
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.user_id === bob.id)).toBe(true);
  });

  it('a first name one typo away resolves to the one contact it is near; near two, it asks which; never another user\'s', async () => {
    const { contact: marcus } = await runTool(runtime, alice.id, addContact, { first_name: 'Marcus', last_name: 'Chen' });
    await runTool(runtime, bob.id, addContact, { first_name: 'Marcos', last_name: 'Ruiz' });
    expect((await runTool(runtime, alice.id, getContact, { contact: 'Marcis' })).contact.id).toBe(marcus.id);
    expect((await runTool(runtime, alice.id, getContact, { contact: 'marcsu' })).contact.id).toBe(marcus.id);
    expect((await runTool(runtime, alice.id, getContact, { contact: 'Chne' })).contact.id).toBe(marcus.id);
    expect((await runTool(runtime, bob.id, getContact, { contact: 'Marcis' })).contact.last_name).toBe('Ruiz');
    await runTool(runtime, alice.id, addContact, { first_name: 'Marcos', last_name: 'Lima' });
    const err = await runTool(runtime, alice.id, getContact, { contact: 'Marcis' }).catch((e) => e);
    expect(err.code).toBe('ambiguous');
    expect(err.details.candidates.map((c: { name: string }) => c.name).sort()).toEqual(['Marcos Lima', 'Marcus Chen']);
    expect(await runTool(runtime, alice.id, getContact, { contact: 'Zzyzx' }).catch((e) => e.code)).toBe('not_found');
  });

  it('get_contact returns the same records as the list tools, newest first', async () => {
    const { contact } = await runTool(runtime, alice.id, addContact, { first_name: 'Ines', last_name: 'Garcia', tags: ['mentor', 'rust'] });
    const { logInteraction, listInteractions } = await import('./interactions.js');
    const { addOpportunity, listOpportunities } = await import('./opportunities.js');
    await runTool(runtime, alice.id, logInteraction, { contact: contact.id, interaction_type: 'call', interaction_date: '2026-11-01T09:30:00.123Z', subject: 'Intro', outcome: 'positive' });
    await runTool(runtime, alice.id, logInteraction, { contact: contact.id, interaction_type: 'coffee_chat', notes: 'Talked about Rust', follow_up_date: '2026-12-01', attachments: ['https://example.com/a.pdf'] });
    await runTool(runtime, alice.id, addOpportunity, { company_name: 'Linear', job_title: 'Engineer', contact: contact.id, status: 'applied', salary_range: '180-200k', match_score: 0.82 });
    await runTool(runtime, alice.id, addOpportunity, { company_name: 'Globex', job_title: 'SRE', contact: contact.id, status: 'rejected' });
    const got = await runTool(runtime, alice.id, getContact, { contact: contact.id });
    const listed = await runTool(runtime, alice.id, listInteractions, { contact: contact.id });
    const strip = <T extends object>(r: T) => { const { contact_name: _, ...rest } = r as T & { contact_name?: string }; return rest; };
    expect(got.interactions.map(strip)).toEqual(listed.interactions.map(strip));
    expect(got.interactions.map((i) => i.interaction_type)).toEqual(['coffee_chat', 'call']);
    expect(got.interactions[1].interaction_date).toBe('2026-11-01T09:30:00.123Z');
    const open = (await runTool(runtime, alice.id, listOpportunities, { company: 'Linear' })).opportunities;
    expect(got.open_opportunities.map(strip)).toEqual(open.map(strip));
    expect(got.open_opportunities.map((o) => o.company_name)).toEqual(['Linear']);
    expect(got.open_opportunities[0].match_score).toBeCloseTo(0.82);
    expect(got.contact.tags).toEqual(['mentor', 'rust']);
  });

  it('validates input and names the field', async () => {
    const err = await runTool(runtime, alice.id, addContact, { first_name: 'X', relationship_type: 'boss' }).catch((e) => e);
    expect(err.code).toBe('invalid');
    expect(err.details.field).toBe('relationship_type');
    const err2 = await runTool(runtime, alice.id, addContact, { last_name: 'Y' }).catch((e) => e);
    expect(err2.message).toMatch(/first_name is required/);
    const { contact } = await runTool(runtime, alice.id, addContact, { first_name: 'Phone', last_name: 'Person', phone: '(415) 555-0134' });
    expect(contact.phone).toBe('+1 415 555 0134');
    const badPhone = await runTool(runtime, alice.id, addContact, { first_name: 'Phone', last_name: 'Less', phone: 'call me maybe' }).catch((e) => e);
    expect(badPhone.code).toBe('invalid');
    expect(badPhone.details.field).toBe('phone');
  });

  it('tags, deletes only when confirmed, merges keeping everything', async () => {
    await runTool(runtime, alice.id, addContact, { first_name: 'Tom', last_name: 'Baker', tags: ['python'] });
    const tagged = await runTool(runtime, alice.id, tagContacts, { contacts: ['Tom Baker'], tags: ['Mentor'] });
    expect(tagged.status === 'done' && tagged.contacts[0].tags).toEqual(['mentor', 'python']);
    const pending = await runTool(runtime, alice.id, deleteContact, { contact: 'Tom Baker' });
    expect(pending.status).toBe('confirmation_required');
    expect((await runTool(runtime, alice.id, getContact, { contact: 'Tom Baker' })).contact.first_name).toBe('Tom');
    await runTool(runtime, alice.id, addContact, { first_name: 'Tommy', last_name: 'Baker', email: 'tommy@example.com' });
    const merged = await callConfirmed((i) => runTool(runtime, alice.id, mergeContacts, i), { keep: 'Tom Baker', duplicate: 'tommy@example.com' }) as Awaited<ReturnType<typeof mergeContacts.run>>;
    expect(merged.status).toBe('merged');
    if (merged.status === 'merged') expect(merged.contact.email).toBe('tommy@example.com');
    const deleted = await callConfirmed((i) => runTool(runtime, alice.id, deleteContact, i), { contact: 'Tom Baker' }) as Awaited<ReturnType<typeof deleteContact.run>>;
    expect(deleted.status).toBe('deleted');
  });

  it('pages through contacts with a cursor, each contact once, in name order', async () => {
    for (const last of ['Zed', 'Young', 'Xu', 'Walker', 'Vance']) {
      await runTool(runtime, bob.id, addContact, { first_name: 'Pager', last_name: last, tags: ['paged'] });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await runTool(runtime, bob.id, findContacts, { tag: 'paged', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.contacts.map((c) => c.last_name));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(['Vance', 'Walker', 'Xu', 'Young', 'Zed']);
    const bad = await runTool(runtime, bob.id, findContacts, { cursor: 'not-a-cursor' }).catch((e) => e);
    expect(bad.code).toBe('invalid');
  });
});

describe('contacts in any script', () => {
  it('adds an internationalized address, a name in any script and a number in any format', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const runtime: ToolRuntime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger };
      const user = await createTestUser(database, 'intl');
      const { contact } = await runTool(runtime, user.id, addContact, { first_name: 'José', last_name: 'Ríos', email: 'josé.15@figma.com', phone: '+34 612 34 56 78' });
      expect(contact.email).toBe('josé.15@figma.com');
      const { contact: wang } = await runTool(runtime, user.id, addContact, { first_name: '小明', last_name: '王', phone: '0371 6666 8888 转 123' });
      expect(wang.phone).toBe('0371 6666 8888 转 123');
      expect((await runTool(runtime, user.id, getContact, { contact: 'josé.15@figma.com' })).contact.id).toBe(contact.id);
      const err = await runTool(runtime, user.id, addContact, { first_name: 'X', email: 'not an address' }).catch((e) => e);
      expect(err.message).toMatch(/email: must be an email address/);
    } finally {
      await database.drop();
    }
  });
});
