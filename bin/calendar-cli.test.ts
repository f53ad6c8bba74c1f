import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import ICAL from 'ical.js';
import { DAVClient } from 'tsdav';
import { runCli } from '../test-support/run-cli.js';
import { startRadicale, type Radicale } from '../test-support/radicale.js';

describe('kith calendar connect, sync and status against a real radicale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-calendar-cli-'));
  const data = join(dir, 'data');
  const kith = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--data', data, ...args], { env: { KITH_EMBEDDING_MODEL: 'lexical', ...env } });
  let radicale: Radicale;
  let owner: DAVClient;

  beforeAll(async () => {
    radicale = await startRadicale({ alice: 'alice-app-pw' });
    owner = new DAVClient({ serverUrl: radicale.url, credentials: { username: 'alice', password: 'alice-app-pw' }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await owner.login();
    await owner.makeCalendar({ url: `${owner.account!.homeUrl}work/`, props: { displayname: 'Work' } });
    const [work] = (await owner.fetchCalendars()).filter((c) => c.displayName === 'Work');
    await owner.createCalendarObject({ calendar: work, filename: 'coffee.ics', iCalString: [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:coffee-cli@test', 'DTSTAMP:20261120T100000Z',
      'DTSTART:20261120T100000Z', 'DTEND:20261120T110000Z', 'SUMMARY:Coffee with Priya', 'ATTENDEE:mailto:priya@stripe.test', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n') });
  }, 60_000);
  afterAll(async () => { await radicale?.close(); });

  it('connects with the password from the environment, syncs both ways with a report, and shows the connection without the password', async () => {
    expect(kith(['call', 'add_contact', '--input', JSON.stringify({ first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' })]).status).toBe(0);
    expect(kith(['call', 'create_task', '--input', JSON.stringify({ title: 'Send the portfolio', due_date: '2026-11-30' })]).status).toBe(0);
    const nothing = kith(['calendar', 'connect']);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(/url: say what to connect/);
    const connect = kith(['calendar', 'connect', '--url', radicale.url, '--username', 'alice', '--calendar', 'Work'], { KITH_CALDAV_PASSWORD: 'alice-app-pw' });
    expect(connect.status, connect.stderr).toBe(0);
    expect(connect.stdout).not.toContain('alice-app-pw');
    expect(JSON.parse(connect.stdout).account).toMatchObject({ username: 'alice', password: 'set', write_calendar: 'Work' });

    const sync = kith(['calendar', 'sync']);
    expect(sync.status, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ interactions_logged: 1, written: 1, write_calendar: 'Work' });
    // what Kith wrote, read by another client
    const [work] = (await owner.fetchCalendars()).filter((c) => c.displayName === 'Work');
    const summaries = (await owner.fetchCalendarObjects({ calendar: work }))
      .flatMap((o) => new ICAL.Component(ICAL.parse(String(o.data))).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary'))));
    expect(summaries).toContain('Send the portfolio');

    const again = kith(['calendar', 'sync']);
    expect(JSON.parse(again.stdout)).toMatchObject({ interactions_logged: 0, written: 0, rewritten: 0 });
    const status = kith(['calendar', 'status']);
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).account).toMatchObject({ server_url: radicale.url, password: 'set', last_sync_at: '2026-11-25T15:00:00.000Z', last_sync_error: null });
    expect(status.stdout).not.toContain('alice-app-pw');
  }, 240_000); // several kith processes in a row: slow when the cores are shared
});
