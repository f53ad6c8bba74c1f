import { describe, it, expect, beforeAll } from 'vitest';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { cadenceWords, parseCadence } from './cadence.js';

describe('cadences in words', () => {
  it('reads how often', () => {
    expect(parseCadence('every 3 weeks')).toBe(21);
    expect(parseCadence('monthly')).toBe(30);
    expect(parseCadence('fortnightly')).toBe(14);
    expect(parseCadence('10 days')).toBe(10);
    expect(parseCadence('once a quarter')).toBe(91);
    expect(parseCadence('two months')).toBe(60);
    expect(parseCadence('often')).toBeNull();
    expect(parseCadence('9999 years')).toBeNull();
    expect(cadenceWords(21)).toBe('every 3 weeks');
    expect(cadenceWords(30)).toBe('every month');
    expect(cadenceWords(10)).toBe('every 10 days');
  });
});

describe.each(STORAGES)('keep in touch on %s', (storage) => {
  const t = withAliceAndBob(storage);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t.h.setNow('2026-10-01T15:00:00Z');
    for (const [first, last, tags] of [['Priya', 'Patel', []], ['Marcus', 'Chen', ['mentor']], ['Dana', 'Doe', ['mentor', 'friend']], ['Omar', 'Haddad', []]] as const) {
      ids[first] = (await t.h.call(t.alice.id, 'add_contact', { first_name: first, last_name: last, tags: [...tags] })).contact.id;
    }
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'call', interaction_date: '2026-10-01' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Marcus', interaction_type: 'email', interaction_date: '2026-10-05' });
    t.h.setNow('2026-11-02T15:00:00Z');
  });

  it('sets a cadence per contact and per tag; the contact\'s own wins, then the shortest tag', async () => {
    const p = await t.h.call(t.alice.id, 'set_keep_in_touch', { contact: 'Priya', every: 'every 3 weeks' });
    expect(p.contacts[0]).toMatchObject({ name: 'Priya Patel', every_days: 21, last_touch: '2026-10-01', next_date: '2026-10-22', days_overdue: 11 });
    expect(p.summary).toBe('Keeping in touch with Priya Patel every 3 weeks; next on 2026-10-22.');
    const m = await t.h.call(t.alice.id, 'set_keep_in_touch', { tag: 'mentor', every: 'monthly' });
    expect(m.contacts.map((c: { name: string }) => c.name)).toEqual(['Dana Doe', 'Marcus Chen']);
    await t.h.call(t.alice.id, 'set_keep_in_touch', { tag: 'friend', every_days: 60 });
    await t.h.call(t.alice.id, 'set_keep_in_touch', { contact: 'Dana', every_days: 90 });
    const cold = await t.h.call(t.alice.id, 'going_cold', { include_upcoming: 60 });
    const of = (name: string) => cold.contacts.find((c: { name: string }) => c.name === name);
    // Dana: own 90 days over the tags' 30 and 60; never in touch, counted from when she was added (1 October)
    expect(of('Dana Doe')).toMatchObject({ every_days: 90, via_tag: null, last_touch: null, next_date: '2026-12-30' });
    expect(of('Marcus Chen')).toMatchObject({ every_days: 30, via_tag: 'mentor', next_date: '2026-11-04', days_overdue: -2 });
    expect(of('Omar Haddad')).toBeUndefined();
    expect((await t.h.call(t.alice.id, 'going_cold', {})).contacts.map((c: { name: string }) => c.name)).toEqual(['Priya Patel']);
    expect((await t.h.error(t.alice.id, 'set_keep_in_touch', { contact: 'Priya', every: 'often' })).field).toBe('every');
    expect((await t.h.error(t.alice.id, 'set_keep_in_touch', { contact: 'Priya', tag: 'mentor', every: '3 weeks' })).field).toBe('tag');
  });

  it('an interaction logged by the tool resets the next date', async () => {
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'coffee_chat', interaction_date: '2026-11-01' });
    const cold = await t.h.call(t.alice.id, 'going_cold', { include_upcoming: 30 });
    expect(cold.contacts.find((c: { name: string }) => c.name === 'Priya Patel')).toMatchObject({ last_touch: '2026-11-01', next_date: '2026-11-22', days_overdue: -20 });
    expect((await t.h.call(t.alice.id, 'going_cold', {})).contacts).toEqual([]);
  });

  it('an interaction that arrives by import resets it too', async () => {
    t.h.setNow('2026-11-20T15:00:00Z');
    expect((await t.h.call(t.alice.id, 'going_cold', {})).contacts.map((c: { name: string }) => c.name)).toEqual(['Marcus Chen']);
    await t.h.call(t.alice.id, 'import_data', { data: { interactions: [{ contact_id: ids.Marcus, interaction_type: 'meeting', interaction_date: '2026-11-18T10:00:00Z' }] } });
    const cold = await t.h.call(t.alice.id, 'going_cold', { include_upcoming: 40 });
    expect(cold.contacts.find((c: { name: string }) => c.name === 'Marcus Chen')).toMatchObject({ last_touch: '2026-11-18', next_date: '2026-12-18' });
  });

  it('suggests whom to contact today with the reason, follow-ups and cadences together', async () => {
    t.h.setNow('2026-11-25T15:00:00Z');
    await t.h.call(t.alice.id, 'schedule_follow_up', { contact: 'Omar', date: '2026-11-23', reason: 'Send the deck' });
    const s = await t.h.call(t.alice.id, 'who_to_contact_today', {});
    expect(s.suggestions.map((x: { name: string }) => x.name)).toEqual(['Omar Haddad', 'Priya Patel']);
    expect(s.suggestions[0].reasons).toEqual(['follow-up 2 days overdue: Send the deck']);
    expect(s.suggestions[1].reasons).toEqual(['every 3 weeks; last in touch 24 days ago; 3 days overdue']);
    t.h.setNow('2026-11-23T15:00:00Z');
    await t.h.call(t.alice.id, 'set_keep_in_touch', { contact: 'Omar', every: 'weekly' });
    t.h.setNow('2026-11-25T15:00:00Z');
    const s2 = await t.h.call(t.alice.id, 'who_to_contact_today', {});
    expect(s2.suggestions[0].reasons).toEqual(['follow-up 2 days overdue: Send the deck', 'every week; never in touch yet; 48 days overdue']);
    await t.h.call(t.alice.id, 'stop_keep_in_touch', { contact: 'Omar' });
    expect((await t.h.error(t.alice.id, 'stop_keep_in_touch', { contact: 'Omar' })).code).toBe('not_found');
  });

  it('keeps another user\'s cadences apart', async () => {
    expect((await t.h.call(t.bob.id, 'going_cold', { include_upcoming: 90 })).with_cadence).toBe(0);
    expect((await t.h.call(t.bob.id, 'who_to_contact_today', {})).suggestions).toEqual([]);
    expect((await t.h.error(t.bob.id, 'set_keep_in_touch', { contact: ids.Priya, every: '3 weeks' })).code).toBe('not_found');
    expect((await t.h.error(t.bob.id, 'stop_keep_in_touch', { tag: 'mentor' })).code).toBe('not_found');
  });
});
