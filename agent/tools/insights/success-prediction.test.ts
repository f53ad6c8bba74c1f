import { describe, it, expect } from 'vitest';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import type { ApplicationFacts } from './application-history.js';
import { predictOutcome } from './success-prediction.js';
import { timingOf } from './follow-up-timing.js';
import { wilson } from './statistics.js';

const app = (i: number, over: Partial<ApplicationFacts>): ApplicationFacts => ({
  id: `a${i}`, label: `Job ${i}`, source: 'job_board', referred: false, matchScore: 0.5, daysPostingToApplying: 3, followUps: 0, interview: false, offer: false, applied: true, ...over,
});

describe('success prediction on known histories', () => {
  const target = app(999, { referred: true, interview: null, offer: null });

  it('says there is too little history below five decided applications', () => {
    const p = predictOutcome([app(1, { interview: true }), app(2, {}), app(3, {}), target], target, 'interview');
    expect(p).toMatchObject({ method: 'too_little_history', probability: null, confidence: 'none' });
    expect(p.based_on).toContain('Too little history: 3 decided applications');
  });

  it('falls back on the overall rate, with its interval, on a small history', () => {
    const history = [...Array.from({ length: 10 }, (_, i) => app(i, { interview: i < 4 })), app(50, { interview: null }), target];
    const p = predictOutcome(history, target, 'interview');
    const w = wilson(4, 10);
    expect(p.method).toBe('overall_rate');
    expect(p.probability).toBe(0.4);
    expect(p.interval!.low).toBeCloseTo(w.low, 3);
    expect(p.based_on).toContain('based on 10 applications (4 reached an interview)');
    expect(p.coefficients).toEqual([]);
  });

  it('fits a model whose referral coefficient and calibration come out of the data', () => {
    // 20 referred (16 interviews), 20 not referred (4 interviews); other features the same
    const history = [
      ...Array.from({ length: 20 }, (_, i) => app(i, { referred: true, interview: i < 16 })),
      ...Array.from({ length: 20 }, (_, i) => app(100 + i, { referred: false, interview: i < 4 })),
      target,
    ];
    const p = predictOutcome(history, target, 'interview');
    expect(p.method).toBe('logistic_regression');
    const referred = p.coefficients.find((c) => c.feature === 'referred')!;
    expect(referred.odds_ratio_per_unit).toBeGreaterThan(4);
    expect(referred.reads).toContain('multiplies the odds of an interview');
    expect(p.probability).toBeGreaterThan(0.65);
    expect(p.probability).toBeLessThan(0.8);
    const cold = predictOutcome(history, { ...target, referred: false }, 'interview');
    expect(cold.probability).toBeLessThan(0.35);
    expect(p.calibration!.brier).toBeLessThan(p.calibration!.brier_of_overall_rate);
    // (16·16)/400: leaving a positive out lowers its own group's rate, so ties within a group break against it
    expect(p.calibration!.auc).toBeCloseTo(0.64, 2);
    expect(p.calibration!.bins.reduce((a, b) => a + b.n, 0)).toBe(40);
    expect(p.overall_rate).toMatchObject({ positives: 20, applications: 40, rate: 0.5 });
  });
});

describe('best follow-up times', () => {
  const at = (iso: string, positive: boolean, hasTime = true) => ({ at: new Date(iso), hasTime, positive });
  it('ranks days and hours by positive outcomes, with a minimum per slot, in the user\'s zone', () => {
    const rows = [
      // Tuesdays 10:00 New York (15:00 UTC): 4 of 4 positive
      ...['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'].map((d) => at(`${d}T15:00:00Z`, true)),
      // Fridays 16:00 New York: 1 of 4
      ...['2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27'].map((d, i) => at(`${d}T21:00:00Z`, i === 0)),
      // one Sunday, positive, not enough to count
      at('2026-11-22T15:00:00Z', true),
      // Mondays without a time: count for days only
      ...['2026-11-02', '2026-11-09'].map((d) => at(`${d}T17:00:00Z`, false, false)),
    ];
    const t = timingOf(rows, 'America/New_York');
    expect(t.judged).toBe(11);
    expect(t.best_days[0]).toBe('Tuesday');
    expect(t.best_days).not.toContain('Sunday');
    expect(t.best_hours[0]).toBe('9:00–12:00');
    expect(t.by_weekday.find((s) => s.slot === 'Friday')).toMatchObject({ interactions: 4, positive: 1, rate: 0.25 });
    expect(t.by_hour.reduce((a, s) => a + s.interactions, 0)).toBe(9);
    expect(t.confidence).toBe('low');
  });

  it('says so when there is too little', () => {
    const t = timingOf([at('2026-11-03T15:00:00Z', true)], 'UTC');
    expect(t.best_days).toEqual([]);
    expect(t.based_on).toContain('Too little history: 1 interaction with an outcome');
  });
});

describe.each(STORAGES)('predict_success and best_follow_up_times on %s', (storage) => {
  const t = withAliceAndBob(storage);

  it('reads the history from the pipeline: follow-ups before the answer, days from posting, stage moves', async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Rita', last_name: 'Recruiter', company: 'Acme' });
    t.h.setNow('2026-09-01T15:00:00Z');
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', status: 'applied', contact: 'Rita', posted_date: '2026-08-25', source: 'linkedin' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Rita', interaction_type: 'email', outcome: 'positive', date: '2026-09-03' });
    t.h.setNow('2026-09-05T15:00:00Z');
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Acme', status: 'phone_screen' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Rita', interaction_type: 'call', date: '2026-09-06' });
    for (const [i, company] of ['B1', 'B2', 'B3', 'B4', 'B5'].entries()) {
      t.h.setNow(`2026-09-0${i + 1}T15:00:00Z`);
      await t.h.call(t.alice.id, 'add_opportunity', { company_name: company, status: 'applied', source: 'job_board' });
    }
    t.h.setNow('2026-11-25T15:00:00Z');
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'B1', status: 'rejected' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', status: 'interested', source: 'referral' });
    const p = await t.h.call(t.alice.id, 'predict_success', { opportunity: 'Stripe' });
    // Acme reached a phone screen; B1 was rejected; B2..B5 are over 30 days without a reply
    expect(p.interview).toMatchObject({ method: 'overall_rate', probability: 0.167 });
    expect(p.interview.based_on).toContain('based on 6 applications (1 reached an interview)');
    expect(p.offer.method).toBe('too_little_history');
    expect(p.features).toMatchObject({ referred: true, source: 'referral' });
    expect(p.by_source).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'job_board', applications: 5, interviews: 0 }), expect.objectContaining({ source: 'linkedin', applications: 1, interviews: 1 })]));
    const acme = await t.h.call(t.alice.id, 'predict_success', { opportunity: 'Acme' });
    expect(acme.features).toMatchObject({ follow_ups: 1, days_posting_to_applying: 7, source: 'linkedin' });

    const times = await t.h.call(t.alice.id, 'best_follow_up_times');
    expect(times.judged).toBe(1);
    expect(times.summary).toContain('Too little history');
  });

  it('keeps histories apart', async () => {
    expect((await t.h.error(t.bob.id, 'predict_success', { opportunity: 'Stripe' })).code).toBe('not_found');
    expect((await t.h.call(t.bob.id, 'best_follow_up_times')).judged).toBe(0);
  });
});
