import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import type { User } from '../../accounts/users.js';

describe.each(STORAGES)('interaction and follow-up tools on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database, { tz: 'America/Los_Angeles' });
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
    await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe' });
    await h.call(alice.id, 'add_contact', { first_name: 'Dana', last_name: 'Whitfield' });
  });
  afterAll(async () => { await database?.drop(); });

  it('logging moves last_contact_date (a day in the user zone) and a follow-up date sets next_follow_up_date', async () => {
    // 15:00 UTC is 07:00 in Los Angeles: still the 25th there
    const logged = await h.call(alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'coffee_chat', follow_up_date: '2026-11-27', notes: 'talked Kubernetes' });
    expect(logged.contact.last_contact_date).toBe('2026-11-25');
    expect(logged.contact.next_follow_up_date).toBe('2026-11-27');
    expect(logged.interaction.follow_up_required).toBe(true);
    // an older interaction does not move the date back
    const older = await h.call(alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'email', interaction_date: '2026-11-20' });
    expect(older.contact.last_contact_date).toBe('2026-11-25');
    const listed = await h.call(alice.id, 'list_interactions', { contact: 'Priya Patel' });
    expect(listed.interactions.map((i: { interaction_type: string }) => i.interaction_type)).toEqual(['coffee_chat', 'email']);
    const period = await h.call(alice.id, 'list_interactions', { from: '2026-11-19', to: '2026-11-21' });
    expect(period.interactions).toHaveLength(1);
  });

  it('the same e-mail logged again (contact, subject, sent time) changes nothing; another time, a day alone or a call is added', async () => {
    await h.call(alice.id, 'add_contact', { first_name: 'Nadia', last_name: 'Kim' });
    const mail = { contact: 'Nadia Kim', interaction_type: 'email', interaction_date: '2026-11-18T09:42:00Z', subject: 'Re: the offer', notes: 'Send me your CV.' };
    const first = await h.call(alice.id, 'log_interaction', mail);
    expect(first.already_logged).toBeUndefined();
    const again = await h.call(alice.id, 'log_interaction', { ...mail, contact: 'Nadia', notes: 'Send me your CV' });
    expect(again).toMatchObject({ already_logged: true, interaction: { id: first.interaction.id, notes: 'Send me your CV.' } });
    const count = async () => (await h.call(alice.id, 'list_interactions', { contact: 'Nadia Kim', limit: 100 })).interactions.length;
    expect(await count()).toBe(1);
    await h.call(alice.id, 'log_interaction', { ...mail, interaction_date: '2026-11-18T10:15:00Z' });
    await h.call(alice.id, 'log_interaction', { ...mail, subject: 'Re: Re: the offer' });
    await h.call(alice.id, 'log_interaction', { ...mail, interaction_type: 'call' });
    await h.call(alice.id, 'log_interaction', { ...mail, interaction_date: '2026-11-17' });
    await h.call(alice.id, 'log_interaction', { ...mail, interaction_date: '2026-11-17' });
    expect(await count()).toBe(6);
    // another user's own Nadia is another contact: their log is theirs
    const carol = await createTestUser(database, 'carol');
    await h.call(carol.id, 'add_contact', { first_name: 'Nadia', last_name: 'Kim' });
    expect((await h.call(carol.id, 'log_interaction', mail)).already_logged).toBeUndefined();
  });

  it('completing a follow-up clears it; snoozing moves it; windows list the right people', async () => {
    await h.call(alice.id, 'schedule_follow_up', { contact: 'Dana', date: '2026-11-20', reason: 'offer letter' });
    const overdue = await h.call(alice.id, 'list_follow_ups', { window: 'overdue' });
    expect(overdue.follow_ups.map((f: { name: string }) => f.name)).toEqual(['Dana Whitfield']);
    expect(overdue.follow_ups[0].days_overdue).toBe(5);
    const week = await h.call(alice.id, 'list_follow_ups', { window: 'this_week' });
    expect(week.follow_ups.map((f: { name: string }) => f.name).sort()).toEqual(['Dana Whitfield', 'Priya Patel']);
    const snoozed = await h.call(alice.id, 'snooze_follow_up', { contact: 'Dana', days: 7 });
    expect(snoozed.contact.next_follow_up_date).toBe('2026-12-02');
    const done = await h.call(alice.id, 'complete_follow_up', { contact: 'Priya' });
    expect(done.contact.next_follow_up_date).toBeNull();
    const interactions = await h.call(alice.id, 'list_interactions', { contact: 'Priya' });
    expect(interactions.interactions.every((i: { follow_up_required: boolean }) => !i.follow_up_required)).toBe(true);
    const err = await h.error(alice.id, 'snooze_follow_up', { contact: 'Dana', until: '2026-11-01' });
    expect(err.code).toBe('invalid');
  });

  it('an ambiguous reference changes nothing and lists the candidates', async () => {
    await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Sharma' });
    const before = await h.call(alice.id, 'list_interactions', {});
    const err = await h.error(alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'call' });
    expect(err.code).toBe('ambiguous');
    expect(err.message).toMatch(/Priya Patel/);
    expect(err.message).toMatch(/Priya Sharma/);
    expect((await h.call(alice.id, 'list_interactions', {})).interactions).toHaveLength(before.interactions.length);
  });

  it('deleting needs confirmation and recomputes last_contact_date; bob cannot touch alice\'s interactions', async () => {
    const { interaction } = await h.call(alice.id, 'log_interaction', { contact: 'Dana Whitfield', interaction_type: 'call', outcome: 'positive' });
    expect((await h.error(bob.id, 'update_interaction', { interaction_id: interaction.id, notes: 'x' })).code).toBe('not_found');
    expect((await h.error(bob.id, 'delete_interaction', { interaction_id: interaction.id, confirm: true })).code).toBe('not_found');
    const pending = await h.call(alice.id, 'delete_interaction', { interaction_id: interaction.id });
    expect(pending.status).toBe('confirmation_required');
    const updated = await h.call(alice.id, 'update_interaction', { interaction_id: interaction.id, notes: 'discussed comp' });
    expect(updated.interaction.notes).toBe('discussed comp');
    const deleted = await h.confirmed(alice.id, 'delete_interaction', { interaction_id: interaction.id });
    expect(deleted.status).toBe('deleted');
    expect(deleted.contact.last_contact_date).toBeNull();
  });

  it('every write records its activity; a failed write records none', async () => {
    const feed = await h.call(alice.id, 'list_activities', { limit: 100 });
    const types = feed.activities.map((a: { activity_type: string }) => a.activity_type);
    expect(types).toContain('interaction_logged');
    expect(types).toContain('follow_up_completed');
    expect(types).toContain('follow_up_snoozed');
    await h.error(alice.id, 'log_interaction', { contact: 'Nobody Atall', interaction_type: 'call' });
    expect((await h.call(alice.id, 'list_activities', { limit: 100 })).activities).toHaveLength(feed.activities.length);
    expect((await h.call(bob.id, 'list_activities', {})).activities).toEqual([]);
  });
});
