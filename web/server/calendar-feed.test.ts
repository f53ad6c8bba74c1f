import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { withAliceAndBob } from '../../test-support/two-users.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { createWebApp } from './create-app.js';

const t = withAliceAndBob('pglite');
let kith: Kith;
let app: ReturnType<typeof createWebApp>;
let aliceToken: string;
const ids: Record<string, string> = {};

const get = (path: string, token?: string) => app.request(path, { headers: { host: '127.0.0.1:3000', ...(token ? { authorization: `Bearer ${token}` } : {}) } });

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, summary: e.summary, start: e.startDate.toString(), isDate: e.startDate.isDate, end: e.endDate.toString(), location: e.location, category: v.getFirstPropertyValue('categories') };
  });
}

beforeAll(async () => {
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' } as NodeJS.ProcessEnv), { database: t.database });
  // not bound to loopback: nothing is served without a credential, so the feed's token is all it takes
  app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
  aliceToken = (await createToken(t.database.db, t.alice.id)).token;
  const priya = await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe' });
  await t.h.call(t.alice.id, 'schedule_follow_up', { contact: priya.contact.id, date: '2026-11-27', reason: 'Send the deck' });
  const todo = await t.h.call(t.alice.id, 'create_task', { title: 'Update the CV', due_date: '2026-11-30' });
  ids.todo = todo.task.id;
  const stripe = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Staff Engineer', status: 'interview', next_action: 'Onsite interview', next_action_date: '2026-12-02' });
  ids.stripe = stripe.opportunity.id;
  await t.h.call(t.alice.id, 'create_task', { title: 'No date yet' });
  await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Gone Inc', status: 'rejected' });
  await t.h.call(t.bob.id, 'create_task', { title: 'Bob only', due_date: '2026-11-28' });
});

describe('the iCalendar feed', () => {
  it('serves follow-ups, to-dos and interviews as all-day events that ical.js reads', async () => {
    const feed = await t.h.call(t.alice.id, 'calendar_feed');
    expect(feed.path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
    expect(feed.events).toBe(3);
    const res = await get(feed.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const list = events(await res.text());
    expect(list.map((e) => [e.summary, e.start, e.isDate, e.category])).toEqual([
      ['Send the deck', '2026-11-27', true, 'Follow-up'],
      ['Update the CV', '2026-11-30', true, 'To-do'],
      ['Onsite interview: Staff Engineer at Stripe', '2026-12-02', true, 'Interview'],
    ]);
    expect(list[0].end).toBe('2026-11-28');
    expect(list[1].uid).toBe(`task-${ids.todo}@kith`);
    expect(list[2].uid).toBe(`opportunity-${ids.stripe}@kith`);
    // the same address again: the same UIDs, so a subscribed calendar updates instead of duplicating
    expect(events(await (await get(feed.path)).text()).map((e) => e.uid)).toEqual(list.map((e) => e.uid));
    expect((await t.h.call(t.alice.id, 'calendar_feed')).path).toBe(feed.path);
  });

  it('is each user\'s own: bob\'s address shows only his, a wrong or tampered token nothing', async () => {
    const bobFeed = await t.h.call(t.bob.id, 'calendar_feed');
    expect(events(await (await get(bobFeed.path)).text()).map((e) => e.summary)).toEqual(['Bob only']);
    const alicePath: string = (await t.h.call(t.alice.id, 'calendar_feed')).path;
    const tampered = alicePath.replace(/\/calendar\/(.)/, (_m, c: string) => `/calendar/${c === 'A' ? 'B' : 'A'}`);
    expect((await get(tampered)).status).toBe(404);
    expect((await get('/calendar/short.ics')).status).toBe(404);
  });

  it('rotates: the old address stops answering, the new one serves the same events', async () => {
    const before = await t.h.call(t.alice.id, 'calendar_feed');
    const after = await t.h.call(t.alice.id, 'rotate_calendar_feed');
    expect(after.path).not.toBe(before.path);
    expect((await get(before.path)).status).toBe(404);
    expect(events(await (await get(after.path)).text())).toHaveLength(3);
    const activities = await t.h.call(t.alice.id, 'list_activities', {});
    expect(JSON.stringify(activities)).toContain('Gave the calendar feed a new address');
  });

  it('downloads one card\'s date as an .ics file, and never another user\'s', async () => {
    const res = await get(`/api/calendar/task-${ids.todo}.ics`, aliceToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`kith-task-${ids.todo}.ics`);
    expect(events(await res.text()).map((e) => e.summary)).toEqual(['Update the CV']);
    const opp = events(await (await get(`/api/calendar/opportunity-${ids.stripe}.ics`, aliceToken)).text());
    expect(opp.map((e) => e.start)).toEqual(['2026-12-02']);
    const bobToken = (await createToken(t.database.db, t.bob.id)).token;
    expect((await get(`/api/calendar/task-${ids.todo}.ics`, bobToken)).status).toBe(404);
    expect((await get(`/api/calendar/task-${ids.todo}.ics`)).status).toBe(401);
    const bad = await t.h.error(t.alice.id, 'calendar_file', { item: 'contact-1' });
    expect(bad.message).toContain('item');
  });
});
