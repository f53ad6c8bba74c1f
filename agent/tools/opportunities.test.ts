import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import type { User } from '../../accounts/users.js';

describe.each(STORAGES)('opportunity and dashboard tools on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database);
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
  });
  afterAll(async () => { await database?.drop(); });

  it('adds, moves through stages keeping the date of each move, and summarizes the pipeline', async () => {
    const { opportunity } = await h.call(alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', status: 'applied' });
    expect(opportunity.application_date).toBe('2026-11-25');
    await h.call(alice.id, 'add_opportunity', { company_name: 'Globex', job_title: 'SRE', priority_level: 'high', salary_range: '200-250k' });
    h.setNow('2026-11-27T10:00:00Z');
    const moved = await h.call(alice.id, 'update_opportunity', { opportunity: 'the Stripe opportunity', status: 'interview', next_action: 'Interview', next_action_date: '2026-11-30' });
    expect(moved.previous_status).toBe('applied');
    expect(moved.opportunity.stage_history.map((s: { to_status: string; changed_at: string }) => [s.to_status, s.changed_at.slice(0, 10)]))
      .toEqual([['applied', '2026-11-25'], ['interview', '2026-11-27']]);
    const summary = await h.call(alice.id, 'pipeline_summary');
    const count = (s: string) => summary.stages.find((x: { status: string }) => x.status === s).count;
    expect(count('interview')).toBe(1);
    expect(count('interested')).toBe(1);
    expect(summary.active_total).toBe(2);
    const byStatus = await h.call(alice.id, 'list_opportunities', { status: ['interview', 'offer'] });
    expect(byStatus.opportunities.map((o: { company_name: string }) => o.company_name)).toEqual(['Stripe']);
    h.setNow('2026-11-25T15:00:00Z');
  });

  it('refuses bad stages and unknown references; keeps users apart', async () => {
    const bad = await h.error(alice.id, 'update_opportunity', { opportunity: 'Stripe', status: 'hired' });
    expect(bad.code).toBe('invalid');
    expect(bad.details.field).toBe('status');
    expect((await h.error(alice.id, 'update_opportunity', { opportunity: 'Initech', status: 'offer' })).code).toBe('not_found');
    expect((await h.error(bob.id, 'update_opportunity', { opportunity: 'Stripe', status: 'offer' })).code).toBe('not_found');
    const { opportunities } = await h.call(alice.id, 'list_opportunities', {});
    expect((await h.error(bob.id, 'delete_opportunity', { opportunity: opportunities[0].id, confirm: true })).code).toBe('not_found');
    expect((await h.call(bob.id, 'pipeline_summary')).active_total).toBe(0);
  });

  it('two opportunities at one company are ambiguous unless only one is active', async () => {
    await h.call(alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'Platform Engineer', status: 'interview' });
    await h.call(alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'Data Engineer', status: 'applied' });
    expect((await h.error(alice.id, 'update_opportunity', { opportunity: 'Acme', status: 'offer' })).code).toBe('ambiguous');
    await h.call(alice.id, 'update_opportunity', { opportunity: 'Data Engineer at Acme', status: 'rejected' });
    const offer = await h.call(alice.id, 'update_opportunity', { opportunity: 'Acme', status: 'offer' });
    expect(offer.opportunity.job_title).toBe('Platform Engineer');
  });

  it('the dashboard counts, lists today\'s tasks and charts the weeks', async () => {
    await h.call(alice.id, 'add_contact', { first_name: 'Marcus', last_name: 'Chen', next_follow_up_date: '2026-11-24' });
    await h.call(alice.id, 'log_interaction', { contact: 'Marcus', interaction_type: 'call' });
    await h.call(alice.id, 'add_opportunity', { company_name: 'Airbnb', status: 'phone_screen', next_action: 'Phone screen', next_action_date: '2026-11-25' });
    const d = await h.call(alice.id, 'dashboard_summary');
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
    expect(d.tasks.follow_ups_due).toEqual((await h.call(alice.id, 'list_follow_ups', { window: 'due' })).follow_ups);
    expect(d.recent_activity).toEqual((await h.call(alice.id, 'list_activities', { limit: 10 })).activities);
    expect(d.pipeline).toEqual((await h.call(alice.id, 'pipeline_summary')).stages);
    const listed = (await h.call(alice.id, 'list_opportunities', { company: 'Airbnb' })).opportunities;
    const strip = ({ contact_name: _, ...rest }: { contact_name?: string }) => rest;
    expect(d.tasks.interviews.map(strip)).toEqual(listed.map(strip));
    const other = await h.call(bob.id, 'dashboard_summary');
    expect(other.stats).toEqual({ contacts: 0, active_opportunities: 0, pending_follow_ups: 0, overdue_follow_ups: 0, interactions_this_week: 0 });
  });

  it('deleting a contact keeps its opportunities, unlinked', async () => {
    await h.call(alice.id, 'add_contact', { first_name: 'Rita', last_name: 'Recruiter' });
    const { opportunity } = await h.call(alice.id, 'add_opportunity', { company_name: 'Hooli', contact: 'Rita' });
    expect(opportunity.contact_id).not.toBeNull();
    await h.call(alice.id, 'delete_contact', { contact: 'Rita Recruiter', confirm: true });
    const { opportunities } = await h.call(alice.id, 'list_opportunities', { company: 'hooli' });
    expect(opportunities[0].contact_id).toBeNull();
  });
});
