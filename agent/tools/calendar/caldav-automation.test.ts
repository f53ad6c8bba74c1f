import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAVClient } from 'tsdav';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startRadicale, type Radicale } from '../../../test-support/radicale.js';
import { syncCalendar } from './caldav-sync.js';

type Change = { change_id: string; tool: string; summary: string; caused_by: string | null; undone: boolean };

const event = (uid: string, start: string, end: string, summary: string, attendee: string) => [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Calendar//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T100000Z',
  `DTSTART:${start}`, `DTEND:${end}`, `SUMMARY:${summary}`, 'ORGANIZER:mailto:alice@example.test', `ATTENDEE:mailto:${attendee}`, 'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n');

/**
 * The background calendar sync runs the user's automation rules on each calendar's events, as a
 * tool call would: an interview found in the calendar moves its job to interview and asks for the
 * thank-you, also one seen a day ahead (logged at the first sync after it started, though its
 * calendar did not change), and every effect is a change set caused by the sync's, undone alone or
 * with it.
 */
describe('automation rules on the calendar sync, against radicale', () => {
  const t = withAliceAndBob('pglite');
  let radicale: Radicale;
  const ids: Record<string, string> = {};

  const sync = () => syncCalendar(t.h.runtime, t.alice.id);
  const stageOf = async (opportunity: string) => (await t.h.call(t.alice.id, 'get_opportunity', { opportunity })).opportunity.status;
  const openTasks = async (opportunity: string) =>
    ((await t.h.call(t.alice.id, 'list_tasks', { status: 'open', opportunity })).tasks as Array<{ title: string; due_date: string; automation_rule: string | null }>)
      .map((x) => [x.title, x.due_date, x.automation_rule]);
  const meetingsWith = async (contact: string) =>
    ((await t.h.call(t.alice.id, 'list_interactions', { contact })).interactions as Array<{ interaction_type: string; subject: string; interaction_date: string }>)
      .filter((i) => i.interaction_type === 'meeting').map((i) => [i.subject, i.interaction_date]);
  const changes = async (limit = 10) => (await t.h.call(t.alice.id, 'list_changes', { limit })).changes as Change[];

  beforeAll(async () => {
    radicale = await startRadicale({ alice: 'alice-app-pw' });
    const owner = new DAVClient({ serverUrl: radicale.url, credentials: { username: 'alice', password: 'alice-app-pw' }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await owner.login();
    await owner.makeCalendar({ url: `${owner.account!.homeUrl}work/`, props: { displayname: 'Work' } });
    // Kith writes to Work; Interviews only changes when someone else edits it (its CTag stays put).
    await owner.makeCalendar({ url: `${owner.account!.homeUrl}interviews/`, props: { displayname: 'Interviews' } });
    const interviews = (await owner.fetchCalendars()).find((c) => c.displayName === 'Interviews')!;
    const a = t.alice.id;
    ids.priya = (await t.h.call(a, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com' })).contact.id;
    ids.omar = (await t.h.call(a, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', company: 'Acme', email: 'omar@acme.io' })).contact.id;
    t.h.setNow('2026-11-24T09:00:00Z');
    ids.stripe = (await t.h.call(a, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', contact: ids.priya, status: 'applied' })).opportunity.id;
    ids.acme = (await t.h.call(a, 'add_opportunity', { company_name: 'Acme', job_title: 'Platform Engineer', contact: ids.omar, status: 'phone_screen' })).opportunity.id;
    for (const rule of ['follow_up_after_applying', 'thank_you_after_interview', 'interview_moves_stage', 'offer_closes_follow_ups']) {
      await t.h.call(a, 'set_automation_rule', { rule, enabled: true });
    }
    await t.h.call(a, 'update_opportunity', { opportunity: ids.stripe, status: 'interested' });
    await t.h.call(a, 'update_opportunity', { opportunity: ids.stripe, status: 'applied' });
    await owner.createCalendarObject({ calendar: interviews, filename: 'stripe.ics', iCalString: event('stripe-1@test', '20261125T100000Z', '20261125T110000Z', 'Stripe interview with Priya', 'priya@stripe.com') });
    await owner.createCalendarObject({ calendar: interviews, filename: 'acme.ics', iCalString: event('acme-1@test', '20261126T160000Z', '20261126T170000Z', 'Acme technical interview', 'omar@acme.io') });
    await t.h.call(a, 'connect_calendar', { server_url: radicale.url, username: 'alice', password: 'alice-app-pw', write_calendar: 'Work' });
  }, 60_000);

  afterAll(async () => { await radicale?.close(); });

  it('an interview that has happened, found in the calendar, moves the job, asks for the thank-you and takes the follow-up', async () => {
    expect((await openTasks(ids.stripe)).map((x) => x[1])).toEqual(['2026-12-01']);
    t.h.setNow('2026-11-25T15:00:00Z');
    const report = await sync();
    expect(report).toMatchObject({ interactions_logged: 1, next_actions_set: 1 });
    expect(await meetingsWith(ids.priya)).toEqual([['Stripe interview with Priya', '2026-11-25T10:00:00.000Z']]);
    expect(await stageOf(ids.stripe)).toBe('interview');
    expect(await openTasks(ids.stripe)).toEqual([['Send Priya Patel a thank-you note (Backend Engineer at Stripe)', '2026-11-25', 'thank_you_after_interview']]);
    const feed = ((await t.h.call(t.alice.id, 'list_activities', { limit: 20 })).activities as Array<{ description: string }>).map((x) => x.description);
    expect(feed).toContain('Automation "An interview moves the job to Interview": moved Backend Engineer at Stripe from applied to interview (the interview with Priya Patel on 2026-11-25)');
    // The Acme interview is tomorrow: the job's next action, nothing of the rules yet.
    expect(await stageOf(ids.acme)).toBe('phone_screen');
    expect((await t.h.call(t.alice.id, 'get_opportunity', { opportunity: ids.acme })).opportunity).toMatchObject({ next_action: 'Acme technical interview', next_action_date: '2026-11-26' });
    const batch = (await changes()).find((c) => c.tool === 'sync:calendar')!;
    expect(batch.summary).toContain('Priya Patel');
    expect((await changes()).filter((c) => c.caused_by === batch.change_id).map((c) => c.tool).sort())
      .toEqual(['automation:follow_up_after_applying', 'automation:interview_moves_stage', 'automation:thank_you_after_interview']);
  });

  it('undoes one rule\'s effect alone, then the sync with everything its rules did', async () => {
    const batch = (await changes()).find((c) => c.tool === 'sync:calendar')!;
    const thanks = (await changes()).find((c) => c.caused_by === batch.change_id && c.tool === 'automation:thank_you_after_interview')!;
    await t.h.call(t.alice.id, 'undo', { change_id: thanks.change_id });
    expect(await openTasks(ids.stripe)).toEqual([]);
    expect(await stageOf(ids.stripe)).toBe('interview');

    const undone = await t.h.call(t.alice.id, 'undo', { change_id: batch.change_id });
    expect(undone.restored).toMatchObject({ crm_interactions: 1, crm_opportunity_stage_changes: 1 });
    expect(await meetingsWith(ids.priya)).toEqual([]);
    expect(await stageOf(ids.stripe)).toBe('applied');
    expect((await openTasks(ids.stripe)).map((x) => [x[1], x[2]])).toEqual([['2026-12-01', 'follow_up_after_applying']]);
    expect((await t.h.call(t.alice.id, 'get_opportunity', { opportunity: ids.acme })).opportunity.next_action).toBeNull();
  });

  it('an interview seen ahead is logged at the first sync after it started, though its calendar did not change, and the rules run on it', async () => {
    t.h.setNow('2026-11-26T12:00:00Z');
    const before = await sync();
    expect(before.unchanged_calendars).toBe(1);
    expect(await meetingsWith(ids.omar)).toEqual([]);

    t.h.setNow('2026-11-26T18:00:00Z');
    const after = await sync();
    expect(after).toMatchObject({ interactions_logged: 1 });
    expect(await meetingsWith(ids.omar)).toEqual([['Acme technical interview', '2026-11-26T16:00:00.000Z']]);
    expect(await stageOf(ids.acme)).toBe('interview');
    expect(await openTasks(ids.acme)).toEqual([['Send Omar Haddad a thank-you note (Platform Engineer at Acme)', '2026-11-26', 'thank_you_after_interview']]);
    // Logged once: the next sync finds the calendar unchanged again.
    const again = await sync();
    expect(again).toMatchObject({ interactions_logged: 0, unchanged_calendars: 1 });
    expect(await meetingsWith(ids.omar)).toHaveLength(1);
  });
});
