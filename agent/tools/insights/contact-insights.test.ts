import { describe, it, expect, beforeAll } from 'vitest';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { contactInsights, keyPhrases } from './contact-insights.js';

const at = (iso: string, type = 'email', outcome: string | null = 'positive', notes: string | null = null) => ({ type, at: new Date(iso), hasTime: true, outcome, subject: null, notes });

describe('contact insights on known interactions', () => {
  it('finds the best day and part of day, the channel, how reliably they answer and the tone', () => {
    const r = contactInsights({
      name: 'Priya Patel', notes: null, storedStrength: 'weak', colleagues: [], sharedTags: [], referred: [], contactFor: [],
      interactions: [
        // Tuesdays 10:00 UTC: answered three times; a Friday without an answer
        at('2026-11-03T10:00:00Z', 'email', 'positive', 'Lovely chat, she was excited and very helpful about the platform team'),
        at('2026-11-10T10:30:00Z', 'email', 'neutral', 'Helpful pointers on the platform team'),
        at('2026-11-17T09:45:00Z', 'call', 'positive', 'Great call, happy to refer me'),
        at('2026-11-20T16:00:00Z', 'email', 'no_response'),
      ],
    }, new Date('2026-11-25T15:00:00Z'), 'UTC');
    const by = Object.fromEntries(r.insights.map((i) => [i.insight_type, i]));
    expect(by.best_contact_time.insight_text).toBe('Tuesdays, in the morning: 3 of 3 answered interactions fell on that day, 3 of 3 with a time in that part of the day.');
    expect(by.preferred_channel.insight_text).toBe('Mostly email: 3 of 4 interactions.');
    expect(by.responsiveness.insight_text).toBe('Answers reliably: 3 of 4 interactions with an outcome got an answer.');
    expect(by.tone.insight_text).toMatch(/^The notes read warm/);
    expect(by.interests.insight_text).toContain('platform team (2×)');
    // four recent interactions, three positive: stronger than the stored "weak"
    expect(r.strength.label).toBe('medium');
    expect(r.suggested_connection_strength).toBe('medium');
    expect(by.relationship_strength.insight_text).toContain('Suggested connection strength: medium (stored: weak)');
    for (const i of r.insights) expect(i.confidence_score).toBeGreaterThanOrEqual(0), expect(i.confidence_score).toBeLessThanOrEqual(1);
  });

  it('says nothing it cannot back: no time or channel without interactions, no suggestion against the stored strength', () => {
    const r = contactInsights({ name: 'New Person', notes: null, storedStrength: 'strong', interactions: [], colleagues: [], sharedTags: [], referred: [], contactFor: [] }, new Date('2026-11-25T15:00:00Z'), 'UTC');
    expect(r.insights.map((i) => i.insight_type)).toEqual(['relationship_strength']);
    expect(r.suggested_connection_strength).toBeNull();
  });

  it('ranks key phrases across notes, a phrase covering its words', () => {
    expect(keyPhrases(['Loves machine learning and rust', 'Talked machine learning again', 'rust meetup', 'Rust and hiking'])).toEqual([
      { phrase: 'rust', count: 3 }, { phrase: 'machine learning', count: 2 },
    ]);
  });
});

describe.each(STORAGES)('compute_contact_insights on %s', (storage) => {
  const t = withAliceAndBob(storage);
  beforeAll(async () => {
    const call = (name: string, input: Record<string, unknown>) => t.h.call(t.alice.id, name, input);
    await call('add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', tags: ['mentor'], connection_strength: 'strong' });
    await call('add_contact', { first_name: 'Marcus', last_name: 'Chen', company: 'stripe' });
    await call('add_contact', { first_name: 'Dana', last_name: 'Doe', tags: ['mentor'] });
    await call('add_opportunity', { company_name: 'Acme', referrer: 'Priya' });
    await call('log_interaction', { contact: 'Priya', interaction_type: 'call', outcome: 'no_response', interaction_date: '2026-03-02T10:00:00Z' });
    await call('log_interaction', { contact: 'Priya', interaction_type: 'call', outcome: 'no_response', interaction_date: '2026-03-09T10:00:00Z' });
  });

  it('stores the insights with confidence, mutual connections included, and suggests a weaker strength', async () => {
    const r = await t.h.call(t.alice.id, 'compute_contact_insights', { contact: 'Priya' });
    const by = Object.fromEntries(r.insights.map((i: { insight_type: string }) => [i.insight_type, i]));
    expect(by.mutual_connections.insight_text).toBe('same company as Marcus Chen; tag mentor with Dana Doe; referred you for Acme.');
    expect(by.responsiveness.insight_text).toBe('Rarely answers: 0 of 2 interactions with an outcome got an answer.');
    expect(r.stored_connection_strength).toBe('strong');
    expect(r.suggested_connection_strength).not.toBeNull();
    expect(r.suggested_connection_strength).not.toBe('strong');
    const again = await t.h.call(t.alice.id, 'compute_contact_insights', { contact: 'Priya' });
    expect(again.insights).toHaveLength(r.insights.length);
    const stored = await t.h.call(t.alice.id, 'get_contact_insights', { contact: 'Priya' });
    expect(stored.insights.map((i: { insight_type: string }) => i.insight_type).sort()).toEqual(r.insights.map((i: { insight_type: string }) => i.insight_type).sort());
  });

  it('keeps another user\'s contacts apart', async () => {
    expect((await t.h.error(t.bob.id, 'compute_contact_insights', { contact: 'Priya' })).code).toBe('not_found');
    expect((await t.h.error(t.bob.id, 'get_contact_insights', { contact: 'Priya' })).code).toBe('not_found');
  });
});
