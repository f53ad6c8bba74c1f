import { describe, it, expect, beforeAll } from 'vitest';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { durationOf, rateOf } from './analytics.js';

describe('figures with what they rest on', () => {
  it('gives a rate with its interval, and says when the cases are too few', () => {
    expect(rateOf(7, 14, 'application')).toMatchObject({ rate: 0.5, of: 14, hits: 7, based_on: 'from 14 applications', enough: true });
    expect(rateOf(1, 3, 'application').based_on).toBe('from 3 applications: too little data to read much into');
    expect(rateOf(0, 0, 'application')).toMatchObject({ rate: null, based_on: 'no applications', enough: false });
  });
  it('gives median and mean durations', () => {
    expect(durationOf([3, 10, 7, 1, 20, 5], 'offer')).toMatchObject({ median_days: 6, mean_days: 7.7, n: 6, enough: true, based_on: 'from 6 offers' });
    expect(durationOf([], 'offer')).toMatchObject({ median_days: null, based_on: 'no offers' });
  });
});

describe.each(STORAGES)('job_search_analytics on a known pipeline (%s)', (storage) => {
  const t = withAliceAndBob(storage);
  const at = (day: string) => t.h.setNow(`${day}T15:00:00Z`);

  beforeAll(async () => {
    const call = (name: string, input: Record<string, unknown>) => t.h.call(t.alice.id, name, input);
    at('2026-09-20');
    await call('add_contact', { first_name: 'Rita', last_name: 'Recruiter', contact_source: 'linkedin' });
    await call('add_contact', { first_name: 'Sam', last_name: 'Sender', contact_source: 'referral' });
    await call('add_contact', { first_name: 'Rafa', last_name: 'Referrer' });
    at('2026-10-01'); await call('add_opportunity', { company_name: 'Acme', status: 'applied', source: 'job_board' });
    at('2026-10-02'); await call('add_opportunity', { company_name: 'Beta', status: 'applied', source: 'job_board' });
    at('2026-10-03'); await call('add_opportunity', { company_name: 'Corp', status: 'applied', source: 'referral', referrer: 'Rafa' });
    at('2026-10-04'); await call('add_opportunity', { company_name: 'Delta', source: 'linkedin' });
    at('2026-10-05'); await call('add_opportunity', { company_name: 'Echo', status: 'applied', source: 'job_board' });
    at('2026-10-06'); await call('update_opportunity', { opportunity: 'Corp', status: 'phone_screen' });
    at('2026-10-08'); await call('update_opportunity', { opportunity: 'Acme', status: 'phone_screen' });
    at('2026-10-12'); await call('update_opportunity', { opportunity: 'Beta', status: 'rejected' });
    at('2026-10-15'); await call('update_opportunity', { opportunity: 'Acme', status: 'interview' });
    at('2026-10-16'); await call('update_opportunity', { opportunity: 'Corp', status: 'rejected' });
    at('2026-10-22'); await call('update_opportunity', { opportunity: 'Acme', status: 'offer' });
    at('2026-10-25');
    await call('log_interaction', { contact: 'Rita', interaction_type: 'email', outcome: 'positive', interaction_date: '2026-10-09' });
    await call('log_interaction', { contact: 'Rita', interaction_type: 'email', outcome: 'no_response', interaction_date: '2026-10-10' });
    await call('log_interaction', { contact: 'Rita', interaction_type: 'call', outcome: 'neutral', interaction_date: '2026-10-20' });
    await call('log_interaction', { contact: 'Sam', interaction_type: 'linkedin_message', outcome: 'no_response', interaction_date: '2026-10-21' });
    await call('log_interaction', { contact: 'Sam', interaction_type: 'call', interaction_date: '2026-10-21' });
    at('2026-11-02');
  });

  it('counts the funnel with stage-to-stage conversion, skipped stages counted as passed', async () => {
    const a = await t.h.call(t.alice.id, 'job_search_analytics', {});
    expect(a.opportunities).toBe(5);
    expect(a.applications).toBe(4);
    expect(a.funnel.map((f: { stage: string; reached: number }) => [f.stage, f.reached])).toEqual([
      ['interested', 5], ['applied', 4], ['phone_screen', 2], ['interview', 1], ['final_round', 1], ['offer', 1],
    ]);
    expect(a.funnel[1].conversion_from_previous).toMatchObject({ rate: 0.8, hits: 4, of: 5, based_on: 'from 5 opportunities at interested', enough: true });
    expect(a.funnel[2].conversion_from_previous).toMatchObject({ rate: 0.5, of: 4, enough: false });
    expect(a.funnel[0].conversion_from_previous).toBeNull();
    expect(a.overall.interview_rate).toMatchObject({ rate: 0.5, of: 4, based_on: 'from 4 applications: too little data to read much into' });
    expect(a.overall.offer_rate).toMatchObject({ rate: 0.25, hits: 1 });
  });

  it('times each stage from the stage history, and the time to an offer from applying', async () => {
    const a = await t.h.call(t.alice.id, 'job_search_analytics', {});
    const stage = (s: string) => a.time_in_stage.find((x: { stage: string }) => x.stage === s);
    // applied: Acme 7, Beta 10, Corp 3 days; phone screen: Corp 10, Acme 7; interview: Acme 7
    expect(stage('applied')).toMatchObject({ median_days: 7, mean_days: 6.7, n: 3, enough: false });
    expect(stage('phone_screen')).toMatchObject({ median_days: 8.5, n: 2 });
    expect(stage('interview')).toMatchObject({ median_days: 7, n: 1 });
    expect(stage('interested')).toMatchObject({ n: 0, median_days: null, based_on: 'no stays in interested' });
    // applied on 1 October (midnight UTC), offer on 22 October at 15:00
    expect(a.time_to_offer).toMatchObject({ median_days: 21.6, n: 1, based_on: 'from 1 offer: too little data to read much into' });
  });

  it('gives response rates by interaction type and by contact source, unjudged ones apart', async () => {
    const a = await t.h.call(t.alice.id, 'job_search_analytics', {});
    const r = a.response_rate;
    expect(r.overall).toMatchObject({ hits: 2, of: 4, rate: 0.5 });
    expect(r.without_outcome).toBe(1);
    const type = (k: string) => r.by_interaction_type.find((x: { interaction_type: string }) => x.interaction_type === k);
    expect(type('email').response_rate).toMatchObject({ hits: 1, of: 2 });
    expect(type('email').positive_rate).toMatchObject({ hits: 1, of: 2 });
    expect(type('call').response_rate).toMatchObject({ hits: 1, of: 1 });
    expect(type('linkedin_message').response_rate).toMatchObject({ hits: 0, of: 1 });
    const source = (k: string) => r.by_contact_source.find((x: { contact_source: string }) => x.contact_source === k);
    expect(source('linkedin').response_rate).toMatchObject({ hits: 2, of: 3 });
    expect(source('referral').response_rate).toMatchObject({ hits: 0, of: 1 });
  });

  it('says which sources and referrers led to interviews and offers', async () => {
    const a = await t.h.call(t.alice.id, 'job_search_analytics', {});
    expect(a.by_source.map((s: { source: string; applications: number; interviews: number; offers: number }) => [s.source, s.applications, s.interviews, s.offers]))
      .toEqual([['job_board', 3, 1, 1], ['referral', 1, 1, 0]]);
    expect(a.by_referrer).toEqual([expect.objectContaining({ referrer: 'Rafa Referrer', applications: 1, interviews: 1, offers: 0 })]);
    expect(a.summary).toContain('4 applications of 5 opportunities');
  });

  it('charts activity per week and filters by period', async () => {
    const a = await t.h.call(t.alice.id, 'job_search_analytics', { from: '2026-10-03', to: '2026-10-31' });
    expect(a.period).toEqual({ label: 'from 2026-10-03 to 2026-10-31', from: '2026-10-03', to: '2026-10-31' });
    // Corp, Delta, Echo entered in the period; Acme and Beta before it
    expect(a.opportunities).toBe(3);
    expect(a.funnel.map((f: { reached: number }) => f.reached)).toEqual([3, 2, 1, 0, 0, 0]);
    expect(a.activity_per_week.map((w: { week_start: string }) => w.week_start)).toEqual(['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']);
    // week of 28 Sep inside the period: Corp (3 Oct) and Delta (4 Oct) added, no moves yet
    expect(a.activity_per_week[0]).toEqual({ week_start: '2026-09-28', interactions: 0, opportunities_added: 2, stage_moves: 0 });
    // week of 5 Oct: Echo added; Corp and Acme to phone screen; two e-mails to Rita
    expect(a.activity_per_week[1]).toEqual({ week_start: '2026-10-05', interactions: 2, opportunities_added: 1, stage_moves: 2 });
    expect(a.activity_per_week[3]).toMatchObject({ interactions: 3, stage_moves: 1 });
    const recent = await t.h.call(t.alice.id, 'job_search_analytics', { period: 'last_30_days' });
    expect(recent.period.from).toBe('2026-10-04');
    expect(recent.opportunities).toBe(2);
    expect((await t.h.error(t.alice.id, 'job_search_analytics', { from: '2026-11-01', to: '2026-10-01' })).field).toBe('from');
  });

  it('keeps another user\'s pipeline apart', async () => {
    const b = await t.h.call(t.bob.id, 'job_search_analytics', {});
    expect(b.opportunities).toBe(0);
    expect(b.response_rate.overall.of).toBe(0);
    expect(b.activity_per_week.every((w: { interactions: number }) => w.interactions === 0)).toBe(true);
    expect(b.summary).toContain('No opportunities');
  });
});
