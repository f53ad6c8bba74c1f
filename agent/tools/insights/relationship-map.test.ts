import { describe, it, expect, beforeAll } from 'vitest';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { companyKey } from './relationship-map.js';
import { relationshipStrength } from './relationship-strength.js';

describe('relationship strength', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('weighs stored strength, recency, frequency and outcomes', () => {
    const none = relationshipStrength(null, { dates: [], positive: 0, negative: 0, noResponse: 0 }, now);
    // 0.35*0.3 + 0.25*0 + 0.25*0 + 0.15*0.5
    expect(none.score).toBeCloseTo(0.18, 3);
    expect(none.label).toBe('new');
    expect(none.based_on).toContain('no interactions logged');
    const dates = [0, 30, 60, 90, 120].map((d) => new Date(now.getTime() - d * 86_400_000));
    const s = relationshipStrength('strong', { dates, positive: 3, negative: 0, noResponse: 0 }, now);
    expect(s.parts).toEqual({ stored: 1, recency: 1, frequency: 0.632, outcomes: 0.8 });
    expect(s.score).toBeCloseTo(0.35 + 0.25 + 0.25 * 0.632 + 0.15 * 0.8, 2);
    expect(s.label).toBe('strong');
    const old = relationshipStrength('medium', { dates: [new Date(now.getTime() - 90 * 86_400_000)], positive: 0, negative: 0, noResponse: 0 }, now);
    expect(old.parts.recency).toBe(0.5);
  });

  it('reads company names the same way', () => {
    expect(companyKey('Stripe, Inc.')).toBe('stripe');
    expect(companyKey('STRIPE')).toBe('stripe');
    expect(companyKey('Acme Corp')).toBe('acme');
  });
});

describe.each(STORAGES)('who do I know at a company on %s', (storage) => {
  const t = withAliceAndBob(storage);
  beforeAll(async () => {
    const add = (input: object) => t.h.call(t.alice.id, 'add_contact', input);
    await add({ first_name: 'Priya', last_name: 'Patel', company: 'Stripe, Inc.', job_title: 'Staff Engineer', connection_strength: 'strong' });
    await add({ first_name: 'Tom', last_name: 'Baker', company: 'Stripe', connection_strength: 'weak' });
    await add({ first_name: 'Lena', last_name: 'Ortiz', company: 'Figma', notes: 'Ex-Stripe: spent two years on their billing team.' });
    await add({ first_name: 'Sam', last_name: 'Reed', company: 'Acme', notes: 'Loves climbing.' });
    await add({ first_name: 'Noor', last_name: 'Ali', company: 'Globex' });
    await add({ first_name: 'Stripey', last_name: 'Cat', company: 'Stripeless' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Priya', interaction_type: 'coffee_chat', outcome: 'positive', date: '2026-11-20' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Sam', interaction_type: 'call', notes: 'Sam said his manager is moving to Stripe next month.', date: '2026-10-01' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', referrer: 'Noor Ali' });
    await t.h.call(t.bob.id, 'add_contact', { first_name: 'Bobs', last_name: 'Friend', company: 'Stripe' });
  });

  it('finds current staff, alumni from notes, referrers and mentions, ranked by tie and strength', async () => {
    const r = await t.h.call(t.alice.id, 'who_do_i_know', { company: 'stripe' });
    expect(r.people.map((p: { name: string }) => p.name)).toEqual(['Priya Patel', 'Tom Baker', 'Noor Ali', 'Lena Ortiz', 'Sam Reed']);
    const kinds = Object.fromEntries(r.people.map((p: { name: string; connections: Array<{ kind: string }> }) => [p.name, p.connections.map((c) => c.kind)]));
    expect(kinds).toEqual({
      'Priya Patel': ['works_there'], 'Tom Baker': ['works_there'], 'Noor Ali': ['referred_you_there'],
      'Lena Ortiz': ['worked_there'], 'Sam Reed': ['mentioned_in_interaction'],
    });
    expect(r.people[0].strength.label).toBe('strong');
    expect(r.people[0].strength.based_on).toContain('1 interaction');
    expect(r.summary).toContain('5 people');
    expect(r.summary).toContain('2 working there');
  });

  it('ranks who could refer me for an opportunity, and knows who already did', async () => {
    const r = await t.h.call(t.alice.id, 'find_referrers', { opportunity: 'Stripe' });
    expect(r.people[0].name).toBe('Priya Patel');
    expect(r.summary).toContain('Best placed to refer you: Priya Patel');
    const none = await t.h.call(t.alice.id, 'who_do_i_know', { company: 'Initech' });
    expect(none.people).toEqual([]);
    expect(none.summary).toContain('no one at Initech');
  });

  it('never shows another user\'s contacts', async () => {
    const r = await t.h.call(t.bob.id, 'who_do_i_know', { company: 'Stripe' });
    expect(r.people.map((p: { name: string }) => p.name)).toEqual(['Bobs Friend']);
    expect((await t.h.error(t.bob.id, 'find_referrers', { opportunity: 'Stripe' })).code).toBe('not_found');
  });
});
