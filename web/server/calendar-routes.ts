import type { Hono } from 'hono';
import type { Kith } from '../../app/open-kith.js';
import { runTool } from '../../agent/tools/run-tool.js';
import { calendarFile } from '../../agent/tools/calendar/calendar-tools.js';
import { feedOwner } from '../../agent/tools/calendar/feed-token.js';
import type { WebEnv } from './auth.js';
import { syncCalendarOnce } from '../../app/calendar-sync-scheduler.js';
import { ApiError } from './http-errors.js';

type CalendarFile = { name: string; content_type: string; content: string };

/**
 * The iCalendar feed at /calendar/<token>.ics: the secret in the path is the only credential (a
 * calendar app subscribing sends no other), so it is mounted before authentication. An unknown
 * or rotated token is a plain 404, the same as a path that never existed.
 */
export function mountCalendarFeed(app: Hono<WebEnv>, kith: Pick<Kith, 'runtime' | 'database'>): void {
  app.get('/calendar/:file{[A-Za-z0-9_-]+\\.ics}', async (c) => {
    const token = c.req.param('file').slice(0, -'.ics'.length);
    const userId = await feedOwner(kith.database.db, token);
    if (!userId) return c.text('Not found', 404);
    const file = (await runTool(kith.runtime, userId, calendarFile, {})) as CalendarFile;
    return c.body(file.content, 200, { 'Content-Type': file.content_type, 'Cache-Control': 'private, max-age=300' });
  });
}

/** GET /api/calendar/<task-id|opportunity-id>.ics: one card's date as a file to add to a calendar. */
export function mountCalendarDownloads(api: Hono<WebEnv>, kith: Pick<Kith, 'runtime'>): void {
  api.get('/calendar/:file{[A-Za-z0-9_-]+\\.ics}', async (c) => {
    const item = c.req.param('file').slice(0, -'.ics'.length);
    const file = (await runTool(kith.runtime, c.get('user').id, calendarFile, { item })) as CalendarFile;
    return c.body(file.content, 200, { 'Content-Type': file.content_type, 'Content-Disposition': `attachment; filename="${file.name}"` });
  });
}

/** POST /api/calendar/sync: the user's CalDAV sync now (the page's "Sync now"); 409 while another one runs. */
export function mountCalendarSync(api: Hono<WebEnv>, kith: Pick<Kith, 'runtime'>): void {
  api.post('/calendar/sync', async (c) => {
    const report = await syncCalendarOnce(kith.runtime, c.get('user').id);
    if (!report) throw new ApiError(409, 'conflict', 'A sync of this calendar is already running.');
    return c.json(report);
  });
}
