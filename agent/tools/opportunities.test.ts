import { describe, it, expect } from 'vitest';
import { STORAGES } from '../../test-support/test-database.js';
import { withAliceAndBob } from '../../test-support/two-users.js';

describe.each(STORAGES)('opportunity and dashboard tools on %s', (storage) => {
  const t = withAliceAndBob(storage);

  it('adds, moves through stages keeping the date of each move, and summarizes the pipeline', async () => {
    const { opportunity } = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', status: 'applied' });
    expect(opportunity.application_date).toBe('2026-11-25');
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Globex', job_title: 'SRE', priority_level: 'high', salary_range: '200-250k' });
    t.h.setNow('2026-11-27T10:00:00Z');
    const moved = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'the Stripe opportunity', status: 'interview', next_action: 'Interview', next_action_date: '2026-11-30' });
    expect(moved.previous_status).toBe('applied');
    expect(moved.opportunity.stage_history.map((s: { to_status: string; changed_at: string }) => [s.to_status, s.changed_at.slice(0, 10)]))
      .toEqual([['applied', '2026-11-25'], ['interview', '2026-11-27']]);
    const summary = await t.h.call(t.alice.id, 'pipeline_summary');
    const count = (s: string) => summary.stages.find((x: { status: string }) => x.status === s).count;
    expect(count('interview')).toBe(1);
    expect(count('interested')).toBe(1);
    expect(summary.active_total).toBe(2);
    const byStatus = await t.h.call(t.alice.id, 'list_opportunities', { status: ['interview', 'offer'] });
    expect(byStatus.opportunities.map((o: { company_name: string }) => o.company_name)).toEqual(['Stripe']);
    t.h.setNow('2026-11-25T15:00:00Z');
  });

  it('append_notes adds a line to the notes and keeps what was there', async () => {
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Notely', job_title: 'PM', notes: 'Found on their careers page' });
    const moved = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Notely', status: 'withdrawn', append_notes: 'The commute would have been brutal' });
    expect(moved.opportunity.notes).toBe('Found on their careers page\nThe commute would have been brutal');
    const again = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Notely', notes: 'Replaced', append_notes: 'and added' });
    expect(again.opportunity.notes).toBe('Replaced\nand added');
    await t.h.call(t.alice.id, 'delete_opportunity', { opportunity: 'Notely', confirm: true });
  });

  it('refuses bad stages and unknown references; keeps users apart', async () => {
    const bad = await t.h.error(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', status: 'hired' });
    expect(bad.code).toBe('invalid');
    expect(bad.details.field).toBe('status');
    expect((await t.h.error(t.alice.id, 'update_opportunity', { opportunity: 'Initech', status: 'offer' })).code).toBe('not_found');
    expect((await t.h.error(t.bob.id, 'update_opportunity', { opportunity: 'Stripe', status: 'offer' })).code).toBe('not_found');
    const { opportunities } = await t.h.call(t.alice.id, 'list_opportunities', {});
    expect((await t.h.error(t.bob.id, 'delete_opportunity', { opportunity: opportunities[0].id, confirm: true })).code).toBe('not_found');
    expect((await t.h.call(t.bob.id, 'pipeline_summary')).active_total).toBe(0);
  });

  it('two opportunities at one company are ambiguous unless only one is active', async () => {
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'Platform Engineer', status: 'interview' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'Data Engineer', status: 'applied' });
    expect((await t.h.error(t.alice.id, 'update_opportunity', { opportunity: 'Acme', status: 'offer' })).code).toBe('ambiguous');
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Data Engineer at Acme', status: 'rejected' });
    const offer = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Acme', status: 'offer' });
    expect(offer.opportunity.job_title).toBe('Platform Engineer');
  });

  it('finds a company one typo away and a title by part of it; two close companies are ambiguous', async () => {
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Atlassian', job_title: 'Senior Frontend Engineer', status: 'phone_screen' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Datadog', job_title: 'Staff Software Engineer' });
    expect((await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'atlasian', status: 'interview' })).opportunity.company_name).toBe('Atlassian');
    expect((await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Datadgo', priority_level: 'high' })).opportunity.priority_level).toBe('high');
    expect((await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'staff at datadog', status: 'applied' })).opportunity.job_title).toBe('Staff Software Engineer');
    expect((await t.h.error(t.alice.id, 'update_opportunity', { opportunity: 'Senior Staff at Datadog', status: 'applied' })).code).toBe('not_found');
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Datalog', job_title: 'SRE' });
    expect((await t.h.error(t.alice.id, 'update_opportunity', { opportunity: 'Dataog', status: 'offer' })).code).toBe('ambiguous');
    for (const company of ['Atlassian', 'Datadog', 'Datalog']) await t.h.call(t.alice.id, 'delete_opportunity', { opportunity: company, confirm: true });
  });

  it('the dashboard counts, lists today\'s tasks and charts the weeks', async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Marcus', last_name: 'Chen', next_follow_up_date: '2026-11-24' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Marcus', interaction_type: 'call' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Airbnb', status: 'phone_screen', next_action: 'Phone screen', next_action_date: '2026-11-25' });
    const d = await t.h.call(t.alice.id, 'dashboard_summary');
    expect(d.today).toBe('2026-11-25');
    expect(d.stats.contacts).toBe(1);
    expect(d.stats.overdue_follow_ups).toBe(1);
    expect(d.stats.interactions_this_week).toBe(1);
    expect(d.tasks.follow_ups_due.map((f: { name: string }) => f.name)).toEqual(['Marcus Chen']);
    expect(d.tasks.interviews.map((o: { company_name: string }) => o.company_name)).toEqual(['Airbnb']);
    expect(d.interactions_per_week).toHaveLength(8);
    expect(d.interactions_per_week.at(-1)).toEqual({ week_start: '2026-11-23', count: 1 });
    expect(d.recent_activity.length).toBeGreaterThan(3);
    // the same records the list tools give
    expect(d.tasks.follow_ups_due).toEqual((await t.h.call(t.alice.id, 'list_follow_ups', { window: 'due' })).follow_ups);
    expect(d.recent_activity).toEqual((await t.h.call(t.alice.id, 'list_activities', { limit: 10 })).activities);
    expect(d.pipeline).toEqual((await t.h.call(t.alice.id, 'pipeline_summary')).stages);
    const listed = (await t.h.call(t.alice.id, 'list_opportunities', { company: 'Airbnb' })).opportunities;
    const strip = ({ contact_name: _, ...rest }: { contact_name?: string }) => rest;
    expect(d.tasks.interviews.map(strip)).toEqual(listed.map(strip));
    const other = await t.h.call(t.bob.id, 'dashboard_summary');
    expect(other.stats).toEqual({ contacts: 0, active_opportunities: 0, pending_follow_ups: 0, overdue_follow_ups: 0, interactions_this_week: 0 });
  });

  it('deleting a contact keeps its opportunities, unlinked', async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Rita', last_name: 'Recruiter' });
    const { opportunity } = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Hooli', contact: 'Rita' });
    expect(opportunity.contact_id).not.toBeNull();
    await t.h.confirmed(t.alice.id, 'delete_contact', { contact: 'Rita Recruiter' });
    const { opportunities } = await t.h.call(t.alice.id, 'list_opportunities', { company: 'hooli' });
    expect(opportunities[0].contact_id).toBeNull();
  });
});
