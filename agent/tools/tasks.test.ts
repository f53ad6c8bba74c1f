import { describe, it, expect, beforeAll } from 'vitest';
import { createTestDatabase, createTestUser, STORAGES } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import { withAliceAndBob } from '../../test-support/two-users.js';

// "now" is Wednesday 2026-11-25 (UTC); the week ends on Sunday the 29th.
describe.each(STORAGES)('tasks, follow-ups and the agenda on %s', (storage) => {
  const t = withAliceAndBob(storage);

  beforeAll(async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Dana', last_name: 'Scully', company: 'Acme' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', status: 'interview', next_action: 'Onsite interview', next_action_date: '2026-11-27' });
  });

  const contact = async (ref: string) => (await t.h.call(t.alice.id, 'get_contact', { contact: ref })).contact;

  it('a contact has several open tasks; its next follow-up date is the earliest open one', async () => {
    const proposal = await t.h.call(t.alice.id, 'create_task', { title: 'Send Dana the proposal', due_date: '2026-11-28', contact: 'Dana' });
    expect(proposal.task).toMatchObject({ title: 'Send Dana the proposal', due_date: '2026-11-28', status: 'open', kind: 'todo', contact_name: 'Dana Scully' });
    expect((await contact('Dana')).next_follow_up_date).toBe('2026-11-28');
    await t.h.call(t.alice.id, 'create_task', { title: 'Ask Dana about the budget', due_date: '2026-11-26', contact: 'Dana' });
    expect(await contact('Dana')).toMatchObject({ next_follow_up_date: '2026-11-26', follow_up_reason: 'Ask Dana about the budget' });
    await t.h.call(t.alice.id, 'complete_task', { task: 'ask dana about the budget' });
    expect((await contact('Dana')).next_follow_up_date).toBe('2026-11-28');
    const open = await t.h.call(t.alice.id, 'list_tasks', { contact: 'Dana' });
    expect(open.tasks.map((t: { title: string }) => t.title)).toEqual(['Send Dana the proposal']);
    const all = await t.h.call(t.alice.id, 'list_tasks', { contact: 'Dana', status: 'all' });
    expect(all.tasks).toHaveLength(2);
  });

  it('schedule_follow_up moves the follow-up task and leaves the other to-dos alone', async () => {
    await t.h.call(t.alice.id, 'schedule_follow_up', { contact: 'Dana', date: '2026-12-01', reason: 'Check in on the contract' });
    let tasks = (await t.h.call(t.alice.id, 'list_tasks', { contact: 'Dana' })).tasks;
    expect(tasks.map((t: { title: string; due_date: string; kind: string }) => [t.kind, t.title, t.due_date])).toEqual([
      ['todo', 'Send Dana the proposal', '2026-11-28'], ['follow_up', 'Check in on the contract', '2026-12-01'],
    ]);
    await t.h.call(t.alice.id, 'schedule_follow_up', { contact: 'Dana', date: '2026-11-27' });
    tasks = (await t.h.call(t.alice.id, 'list_tasks', { contact: 'Dana' })).tasks;
    expect(tasks).toHaveLength(2);
    expect(await contact('Dana')).toMatchObject({ next_follow_up_date: '2026-11-27', follow_up_reason: 'Check in on the contract' });
    // complete_follow_up completes the follow-up; the proposal is still to do
    await t.h.call(t.alice.id, 'complete_follow_up', { contact: 'Dana' });
    expect((await contact('Dana')).next_follow_up_date).toBe('2026-11-28');
    expect((await t.h.call(t.alice.id, 'list_tasks', { contact: 'Dana' })).tasks.map((t: { title: string }) => t.title)).toEqual(['Send Dana the proposal']);
  });

  it('a snooze moves a date later than it is, never earlier (the 10th by a week is the 17th)', async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Marcus', last_name: 'Lee' });
    await t.h.call(t.alice.id, 'schedule_follow_up', { contact: 'Marcus', date: '2026-12-10' });
    const snoozed = await t.h.call(t.alice.id, 'snooze_follow_up', { contact: 'Marcus', days: 7 });
    expect(snoozed.contact.next_follow_up_date).toBe('2026-12-17');
    const early = await t.h.error(t.alice.id, 'snooze_follow_up', { contact: 'Marcus', until: '2026-12-08' });
    expect(early.code).toBe('invalid');
    expect(early.details.field).toBe('until');
    expect((await contact('Marcus')).next_follow_up_date).toBe('2026-12-17');
    // an overdue one counts from today
    const late = await t.h.call(t.alice.id, 'create_task', { title: 'Renew the domain', due_date: '2026-11-20' });
    const task = await t.h.call(t.alice.id, 'snooze_task', { task: late.task.id, days: 2 });
    expect(task.task.due_date).toBe('2026-11-27');
    expect(task.previous_due_date).toBe('2026-11-20');
    expect((await t.h.call(t.alice.id, 'snooze_task', { task: 'Renew the domain', days: 7 })).task.due_date).toBe('2026-12-04');
  });

  it('reaching offer, rejected or withdrawn clears the next step unless the call gives one', async () => {
    const offer = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', status: 'offer' });
    expect(offer.opportunity).toMatchObject({ status: 'offer', next_action: null, next_action_date: null });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Globex', status: 'interview', next_action: 'Panel', next_action_date: '2026-11-26' });
    const withNext = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Globex', status: 'withdrawn', next_action: 'Send a thank-you note', next_action_date: '2026-11-26' });
    expect(withNext.opportunity).toMatchObject({ next_action: 'Send a thank-you note', next_action_date: '2026-11-26' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Initech', status: 'phone_screen', next_action: 'Screen', next_action_date: '2026-11-30' });
    expect((await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Initech', status: 'interview' })).opportunity.next_action).toBe('Screen');
    expect((await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Initech', status: 'rejected' })).opportunity).toMatchObject({ next_action: null, next_action_date: null });
    // restore a next step for the agenda test
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', next_action: 'Negotiate the offer', next_action_date: '2026-11-29' });
  });

  it('the agenda has tasks, follow-ups and next actions together, overdue included; the dashboard lists them today', async () => {
    await t.h.call(t.alice.id, 'create_task', { title: 'Prepare the portfolio', due_date: '2026-11-23' });
    await t.h.call(t.alice.id, 'create_task', { title: 'Someday: learn Rust' });
    const week = await t.h.call(t.alice.id, 'agenda', { window: 'this_week' });
    expect(week).toMatchObject({ from: '2026-11-25', to: '2026-11-29' });
    const rows = week.items.map((i: { kind: string; title: string; date: string }) => [i.date, i.kind, i.title]);
    expect(rows).toEqual([
      ['2026-11-23', 'todo', 'Prepare the portfolio'],
      ['2026-11-28', 'todo', 'Send Dana the proposal'],
      ['2026-11-29', 'next_action', 'Negotiate the offer'],
    ]);
    expect(week.overdue).toBe(1);
    const overdue = await t.h.call(t.alice.id, 'list_tasks', { window: 'overdue' });
    expect(overdue.tasks.map((t: { title: string; days_overdue: number }) => [t.title, t.days_overdue])).toEqual([['Prepare the portfolio', 2]]);
    const later = await t.h.call(t.alice.id, 'agenda', { from: '2026-12-01', to: '2026-12-31', include_overdue: false });
    expect(later.items.map((i: { title: string }) => i.title)).toEqual(['Renew the domain', 'Follow up with Marcus Lee']);
    const dashboard = await t.h.call(t.alice.id, 'dashboard_summary');
    expect(dashboard.tasks.tasks_due.map((t: { title: string }) => t.title)).toEqual(['Prepare the portfolio']);
  });

  it('deleting a task needs confirmation; users are kept apart', async () => {
    const preview = await t.h.call(t.alice.id, 'delete_task', { task: 'Send Dana the proposal' });
    expect(preview.status).toBe('confirmation_required');
    expect(preview.summary).toContain('Send Dana the proposal');
    expect((await t.h.call(t.alice.id, 'list_tasks', { contact: 'Dana' })).tasks).toHaveLength(1);
    const { tasks } = await t.h.call(t.alice.id, 'list_tasks', {});
    const id = tasks[0].id;
    expect((await t.h.error(t.bob.id, 'complete_task', { task: id })).code).toBe('not_found');
    expect((await t.h.error(t.bob.id, 'delete_task', { task: id, confirm: true })).code).toBe('not_found');
    expect((await t.h.call(t.bob.id, 'list_tasks', { status: 'all' })).tasks).toEqual([]);
    expect((await t.h.call(t.bob.id, 'agenda', {})).items).toEqual([]);
    await t.h.confirmed(t.alice.id, 'delete_task', { task: 'Send Dana the proposal' });
    expect((await contact('Dana')).next_follow_up_date).toBeNull();
    expect((await t.h.error(t.alice.id, 'create_task', { title: '  ' })).details.field).toBe('title');
    expect((await t.h.error(t.alice.id, 'create_task', { title: 'x', due_date: '2026-02-30' })).details.field).toBe('due_date');
  });

  it('export has a tasks array that imports back into another user, follow-up dates and all', async () => {
    const exported = await t.h.call(t.alice.id, 'export_data');
    expect(exported.tasks.length).toBeGreaterThan(3);
    expect(exported.tasks[0]).toHaveProperty('due_date');
    // ids are kept by an import, so the round trip goes to another database
    const elsewhere = await createTestDatabase(storage);
    const other = toolHarness(elsewhere);
    const carol = await createTestUser(elsewhere, 'carol');
    const result = await other.call(carol.id, 'import_data', { data: exported });
    expect(result.imported.tasks).toBe(exported.tasks.length);
    const again = await other.call(carol.id, 'export_data');
    await elsewhere.drop();
    const strip = (ts: Array<Record<string, unknown>>) => ts.map(({ title, due_date, status, kind, contact_id, opportunity_id }) => ({ title, due_date, status, kind, contact_id, opportunity_id }));
    expect(strip(again.tasks)).toEqual(strip(exported.tasks));
    const dates = (e: { contacts: Array<{ first_name: string; next_follow_up_date: string | null }> }) => e.contacts.map((c) => [c.first_name, c.next_follow_up_date]);
    expect(dates(again)).toEqual(dates(exported));
    // an older export without tasks: its follow-up dates become follow-up tasks
    const dave = await createTestUser(t.database, 'dave');
    await t.h.call(dave.id, 'import_data', { data: { contacts: [{ first_name: 'Old', last_name: 'Export', next_follow_up_date: '2026-12-02', follow_up_reason: 'Coffee' }] } });
    const daveTasks = (await t.h.call(dave.id, 'list_tasks', {})).tasks;
    expect(daveTasks.map((t: { title: string; due_date: string; kind: string }) => [t.kind, t.title, t.due_date])).toEqual([['follow_up', 'Coffee', '2026-12-02']]);
    const bad = await t.h.error(dave.id, 'import_data', { data: { tasks: [{ title: 'x', opportunity_id: exported.opportunities[0].id }] } });
    expect(bad.code).toBe('not_found');
    expect(bad.details.field).toBe('tasks[0].opportunity_id');
  });
});
