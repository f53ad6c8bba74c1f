import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createTestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { crmOpportunities, crmTasks } from '../db/schema/index.js';
import { openKith } from '../app/open-kith.js';
import { loadConfig } from '../app/config.js';
import { createWebApp } from '../web/server/create-app.js';
import { printTable, round, timeIt } from './stats.js';
import { addDays } from '../agent/tools/shared/user-dates.js';
import { withUser } from '../db/with-user.js';
import { calendarItems } from '../agent/tools/calendar/calendar-items.js';
import { itemsCalendar } from '../agent/tools/calendar/ical-feed.js';
import { silentLogger } from '../agent/tools/shared/context.js';

export interface CalendarBenchOptions { events?: number; runs?: number }

/**
 * The iCalendar feed end to end, as a calendar app fetches it: GET /calendar/<token>.ics through
 * the Hono app (token lookup, the user's open items under row-level security, ical-generator),
 * for a user with `events` dated items (half tasks, half opportunities' next steps). Target ≤ 100 ms.
 */
export async function runCalendarBench(options: CalendarBenchOptions = {}) {
  const n = options.events ?? 1000;
  const database = await createTestDatabase('pglite');
  const kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' } as NodeJS.ProcessEnv), { database });
  try {
    const h = toolHarness(database);
    const user = await addUser(database.db, `bench-calendar-${Date.now()}@example.test`);
    const half = Math.floor(n / 2);
    await database.db.insert(crmTasks).values(Array.from({ length: half }, (_, i) => ({ userId: user.id, title: `Follow up on thread ${i}`, notes: `Notes for ${i}`, dueDate: addDays('2026-11-01', i % 120) })));
    await database.db.insert(crmOpportunities).values(Array.from({ length: n - half }, (_, i) => ({ userId: user.id, companyName: `Company ${i}`, jobTitle: 'Engineer', status: 'interview' as const, nextAction: 'Interview', nextActionDate: addDays('2026-11-01', i % 120) })));
    const feed = await h.call(user.id, 'calendar_feed');
    const app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
    let bytes = 0;
    const timing = await timeIt(options.runs ?? 30, async () => {
      const res = await app.request(feed.path, { headers: { host: '127.0.0.1' } });
      bytes = (await res.text()).length;
      if (res.status !== 200) throw new Error(`feed answered ${res.status}`);
    });
    // the two halves on their own: the user's items under row-level security, and the text
    let items: Awaited<ReturnType<typeof calendarItems>> = [];
    const query = await timeIt(options.runs ?? 30, async () => { items = await withUser(database.db, user.id, (tx) => calendarItems({ db: tx, userId: user.id, now: new Date(), tz: 'UTC', log: silentLogger })); });
    const text = await timeIt(options.runs ?? 30, async () => { itemsCalendar(items, new Date()); });
    const rows = [
      { op: `GET feed of ${feed.events} events`, p50_ms: timing.p50, p95_ms: timing.p95, kb: round(bytes / 1024, 1), runs: timing.runs },
      { op: 'of which: read the items', p50_ms: query.p50, p95_ms: query.p95, kb: null, runs: query.runs },
      { op: 'of which: iCalendar text', p50_ms: text.p50, p95_ms: text.p95, kb: null, runs: text.runs },
    ];
    const figures = { events: feed.events, ...timing, read_items: query, ical_text: text, bytes, load: loadavg().map((l) => round(l, 1)), target_ms: 100, met: timing.p50 <= 100 };
    printTable('Calendar feed (PGlite, through the web app)', rows);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'calendar.json'), JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await kith.close({ embed: false });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCalendarBench();
