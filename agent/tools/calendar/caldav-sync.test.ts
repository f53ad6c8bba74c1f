import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { DAVClient, type DAVCalendar } from 'tsdav';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startRadicale, type Radicale } from '../../../test-support/radicale.js';
import { withUser } from '../../../db/with-user.js';
import { calendarAccounts } from '../../../db/schema/index.js';
import { syncCalendar } from './caldav-sync.js';

// "now" is 2026-11-25 15:00 UTC (the harness's default)
const t = withAliceAndBob('pglite');
let radicale: Radicale;
let owner: DAVClient;
let work: DAVCalendar;
const ids: Record<string, string> = {};

const event = (uid: string, start: string, summary: string, extra: string[] = []) => [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Calendar//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T100000Z',
  `DTSTART:${start}`, `SUMMARY:${summary}`, ...extra, 'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n');

/** A second client, never used by Kith: what another device subscribed to the calendar sees. */
async function seenByAnotherClient(): Promise<Array<{ uid: string; summary: string; start: string }>> {
  const other = new DAVClient({ serverUrl: radicale.url, credentials: { username: 'alice', password: 'alice-app-pw' }, authMethod: 'Basic', defaultAccountType: 'caldav' });
  await other.login();
  const [cal] = (await other.fetchCalendars()).filter((c) => c.displayName === 'Work');
  const objects = await other.fetchCalendarObjects({ calendar: cal });
  return objects.flatMap((o) => new ICAL.Component(ICAL.parse(String(o.data))).getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, summary: e.summary, start: e.startDate.toString() };
  })).filter((e) => e.uid.endsWith('@kith')).sort((a, b) => a.summary.localeCompare(b.summary));
}

beforeAll(async () => {
  radicale = await startRadicale({ alice: 'alice-app-pw', bob: 'bob-app-pw' });
  owner = new DAVClient({ serverUrl: radicale.url, credentials: { username: 'alice', password: 'alice-app-pw' }, authMethod: 'Basic', defaultAccountType: 'caldav' });
  await owner.login();
  await owner.makeCalendar({ url: `${owner.account!.homeUrl}work/`, props: { displayname: 'Work' } });
  await owner.makeCalendar({ url: `${owner.account!.homeUrl}personal/`, props: { displayname: 'Personal' } });
  work = (await owner.fetchCalendars()).find((c) => c.displayName === 'Work')!;
  const personal = (await owner.fetchCalendars()).find((c) => c.displayName === 'Personal')!;
  const a = t.alice.id;
  ids.priya = (await t.h.call(a, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'Priya@Stripe.com' })).contact.id;
  ids.omar = (await t.h.call(a, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', company: 'Acme', email: 'omar@acme.io', relationship_type: 'recruiter' })).contact.id;
  ids.dana = (await t.h.call(a, 'add_contact', { first_name: 'Dana', last_name: 'Whitfield', email: 'dana@figma.com' })).contact.id;
  ids.acme = (await t.h.call(a, 'add_opportunity', { company_name: 'Acme', job_title: 'Platform Engineer', status: 'phone_screen', contact: ids.omar })).opportunity.id;
  await t.h.call(a, 'schedule_follow_up', { contact: ids.priya, date: '2026-11-27', reason: 'Send Priya the deck' });
  ids.cv = (await t.h.call(a, 'create_task', { title: 'Update the CV', due_date: '2026-11-30' })).task.id;
  const put = (cal: DAVCalendar, name: string, ics: string) => owner.createCalendarObject({ calendar: cal, filename: `${name}.ics`, iCalString: ics });
  await put(work, 'coffee', event('coffee-1@test', '20261120T100000Z', 'Coffee with Priya', ['DTEND:20261120T110000Z', 'ORGANIZER:mailto:alice@example.test', 'ATTENDEE;CN=Priya:mailto:priya@stripe.com', 'DESCRIPTION:Talked about the platform team']));
  await put(work, 'interview', event('interview-1@test', '20261202T160000Z', 'Acme technical interview', [
    'DTEND:20261202T170000Z', 'ATTENDEE:mailto:omar@acme.io', 'LOCATION:https://acme.zoom.us/j/98765432100?pwd=abc123', 'DESCRIPTION:Join Zoom Meeting: https://acme.zoom.us/j/98765432100?pwd=abc123',
  ]));
  await put(work, 'dentist', event('dentist-1@test', '20261126T090000Z', 'Dentist', ['DTEND:20261126T100000Z']));
  await put(personal, 'lunch', event('lunch-1@test', '20261126T120000Z', 'Lunch with Dana', ['DTEND:20261126T130000Z', 'ATTENDEE:mailto:dana@figma.com', 'URL:https://meet.google.com/abc-defg-hij']));
  await t.h.call(a, 'connect_calendar', { server_url: radicale.url, username: 'alice', password: 'alice-app-pw', write_calendar: 'Work' });
});

afterAll(async () => { await radicale?.close(); });

describe('CalDAV both ways against radicale', () => {
  it('keeps the connection with its password sealed, and each user\'s own', async () => {
    const { account } = await t.h.call(t.alice.id, 'get_calendar_account');
    expect(account).toMatchObject({ server_url: radicale.url, username: 'alice', password: 'set', write_calendar: 'Work' });
    const [row] = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(calendarAccounts));
    expect(row.secret).not.toContain('alice-app-pw');
    expect((await t.h.call(t.bob.id, 'get_calendar_account')).account).toBeNull();
    expect(await withUser(t.database.db, t.bob.id, (tx) => tx.select().from(calendarAccounts))).toEqual([]);
    expect((await t.h.error(t.bob.id, 'connect_calendar', { username: 'bob' })).field).toBe('server_url');
  });

  it('turns meetings with contacts into interactions and next actions, with the interview link', async () => {
    const report = await syncCalendar(t.h.runtime, t.alice.id);
    expect(report).toMatchObject({ calendars: 2, interactions_logged: 1, next_actions_set: 1, tasks_added: 1, write_calendar: 'Work' });
    const priya = await t.h.call(t.alice.id, 'get_contact', { contact: ids.priya });
    const coffee = priya.interactions.find((i: { subject: string }) => i.subject === 'Coffee with Priya');
    expect(coffee).toMatchObject({ interaction_type: 'meeting', interaction_date: '2026-11-20T10:00:00.000Z' });
    expect(coffee.notes).toContain('Talked about the platform team');
    const acme = await t.h.call(t.alice.id, 'get_opportunity', { opportunity: ids.acme });
    expect(acme.opportunity).toMatchObject({ next_action: 'Acme technical interview', next_action_date: '2026-12-02', meeting_url: 'https://acme.zoom.us/j/98765432100?pwd=abc123' });
    // Dana has no opportunity: the lunch ahead is a to-do with her; the dentist (no contact) is nothing
    const tasks = await t.h.call(t.alice.id, 'list_tasks', {});
    expect(tasks.tasks.map((x: { title: string }) => x.title)).toContain('Lunch with Dana');
    expect(JSON.stringify(tasks)).not.toContain('Dentist');
  });

  it('writes follow-ups, interviews and next actions to the chosen calendar, read back by a second client', async () => {
    expect(await seenByAnotherClient()).toEqual([
      { uid: `opportunity-${ids.acme}@kith`, summary: 'Acme technical interview: Platform Engineer at Acme', start: '2026-12-02' },
      expect.objectContaining({ summary: 'Lunch with Dana', start: '2026-11-26' }),
      expect.objectContaining({ summary: 'Send Priya the deck', start: '2026-11-27' }),
      { uid: `task-${ids.cv}@kith`, summary: 'Update the CV', start: '2026-11-30' },
    ]);
  });

  it('is incremental and idempotent: a second sync reads nothing unchanged and creates nothing', async () => {
    const again = await syncCalendar(t.h.runtime, t.alice.id);
    expect(again).toMatchObject({ events_read: 0, interactions_logged: 0, next_actions_set: 0, tasks_added: 0, written: 0, rewritten: 0, removed: 0 });
    expect(again.unchanged_calendars).toBe(1); // Personal; Work changed by Kith's own writes is re-read, each event at a known ETag
    const priya = await t.h.call(t.alice.id, 'get_contact', { contact: ids.priya });
    expect(priya.interactions.filter((i: { subject: string }) => i.subject === 'Coffee with Priya')).toHaveLength(1);
    expect(await seenByAnotherClient()).toHaveLength(4);
    const third = await syncCalendar(t.h.runtime, t.alice.id);
    expect(third.unchanged_calendars).toBe(2);
  });

  it('follows changes both ways: an edited event updates its interaction, a done task leaves the calendar', async () => {
    const objects = await owner.fetchCalendarObjects({ calendar: work });
    const coffee = objects.find((o) => String(o.data).includes('coffee-1@test'))!;
    await owner.updateCalendarObject({ calendarObject: { url: coffee.url, etag: coffee.etag, data: String(coffee.data).replace('SUMMARY:Coffee with Priya', 'SUMMARY:Coffee with Priya at Blue Bottle') } });
    await t.h.call(t.alice.id, 'complete_task', { task: ids.cv });
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: ids.acme, next_action_date: '2026-12-03' });
    const report = await syncCalendar(t.h.runtime, t.alice.id);
    expect(report).toMatchObject({ events_read: 1, interactions_logged: 0, interactions_updated: 1, removed: 1, rewritten: 1 });
    const priya = await t.h.call(t.alice.id, 'get_contact', { contact: ids.priya });
    expect(priya.interactions.filter((i: { interaction_type: string }) => i.interaction_type === 'meeting').map((i: { subject: string }) => i.subject)).toEqual(['Coffee with Priya at Blue Bottle']);
    const seen = await seenByAnotherClient();
    expect(seen.map((e) => e.summary)).not.toContain('Update the CV');
    expect(seen.find((e) => e.uid === `opportunity-${ids.acme}@kith`)?.start).toBe('2026-12-03');
  });

  it('keeps Zoom, Teams and Meet links found in logged notes on the interaction', async () => {
    const logged = await t.h.call(t.alice.id, 'log_interaction', { contact: ids.dana, interaction_type: 'email', notes: 'Here is the invite: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=x. See you then!' });
    expect(logged.interaction.meeting_url).toBe('https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=x');
    const plain = await t.h.call(t.alice.id, 'log_interaction', { contact: ids.dana, interaction_type: 'call', notes: 'No link, just https://example.com/zoom.us' });
    expect(plain.interaction.meeting_url).toBeNull();
  });
});
