import { createHash } from 'node:crypto';
import { and, eq, inArray, lte } from 'drizzle-orm';
import ICAL from 'ical.js';
import { DAVClient, type DAVCalendar } from 'tsdav';
import { calendarAccounts, calendarEventLinks, calendarSyncStates, crmContacts, crmOpportunities, crmTasks } from '../../../db/schema/index.js';
import { withUser } from '../../../db/with-user.js';
import type { KithDb } from '../../../db/types.js';
import type { ToolRuntime } from '../run-tool.js';
import type { ToolContext } from '../shared/context.js';
import { InvalidInputError } from '../shared/errors.js';
import { meetingLinkIn } from '../shared/meeting-links.js';
import { dayOf } from '../shared/user-dates.js';
import { ACTIVE_STATUSES } from '../shared/resolve-opportunity.js';
import { logInteraction, updateInteraction } from '../interactions.js';
import { updateOpportunity } from '../opportunities.js';
import { createTask } from '../tasks.js';
import { calendarSecretPurpose } from './calendar-account-tools.js';
import { calendarItems, type CalendarItem } from './calendar-items.js';
import { itemsCalendar } from './ical-feed.js';
import { inBackgroundChange } from '../background-change.js';
import { trimEndOf } from '../shared/trim.js';

export interface CalendarSyncReport {
  calendars: number;
  /** Calendars whose CTag had not changed: not read at all. */
  unchanged_calendars: number;
  events_read: number;
  interactions_logged: number;
  interactions_updated: number;
  next_actions_set: number;
  tasks_added: number;
  written: number;
  rewritten: number;
  removed: number;
  write_calendar: string;
  synced_at: string;
}

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  url: string | null;
  start: Date;
  allDay: boolean;
  emails: string[];
}

/** The events of one calendar object (its master VEVENT; recurrence exceptions are left alone). */
function parseEvents(data: string): ParsedEvent[] {
  const out: ParsedEvent[] = [];
  const cal = new ICAL.Component(ICAL.parse(data));
  for (const v of cal.getAllSubcomponents('vevent')) {
    if (v.hasProperty('recurrence-id')) continue;
    const e = new ICAL.Event(v);
    if (!e.uid || !e.startDate) continue;
    const people = [...v.getAllProperties('attendee'), ...v.getAllProperties('organizer')]
      .map((p) => String(p.getFirstValue() ?? ''))
      .filter((s) => /^mailto:/i.test(s))
      .map((s) => s.slice(7).trim().toLowerCase());
    const url = v.getFirstPropertyValue('url');
    out.push({
      uid: e.uid, summary: e.summary || 'Meeting', description: e.description || null, location: e.location || null,
      url: url ? String(url) : null, start: e.startDate.toJSDate(), allDay: e.startDate.isDate, emails: [...new Set(people)],
    });
  }
  return out;
}

const hashOf = (item: CalendarItem) => createHash('sha256').update(JSON.stringify(item)).digest('hex');

function pickCalendar(calendars: DAVCalendar[], wanted: string | null): DAVCalendar {
  const events = calendars.filter((c) => !c.components || c.components.includes('VEVENT'));
  if (events.length === 0) throw new InvalidInputError('write_calendar', 'The CalDAV account has no calendar for events.');
  if (!wanted) return events[0];
  const w = wanted.trim().toLowerCase();
  const segment = (url: string) => decodeURIComponent(trimEndOf(url, '/').split('/').pop() ?? '').toLowerCase();
  const found = events.find((c) => c.url.toLowerCase() === w || c.url.toLowerCase() === `${w}/` || String(c.displayName ?? '').toLowerCase() === w || segment(c.url) === w);
  if (!found) throw new InvalidInputError('write_calendar', `write_calendar: no calendar is named "${wanted}" (there are ${events.map((c) => `"${c.displayName ?? c.url}"`).join(', ')}).`);
  return found;
}

const contextFor = (runtime: ToolRuntime, tx: KithDb, userId: string): ToolContext => ({ db: tx, userId, now: runtime.now(), tz: runtime.tz, log: runtime.log, secrets: runtime.secrets });

/**
 * CalDAV both ways (tsdav) for one user. In: every calendar whose CTag changed is read; each event
 * not seen at its ETag whose attendees or organizer are contacts becomes, once past, a meeting
 * interaction with the first of them, and when still ahead the next action of their active
 * opportunity (or a to-do with them), then the meeting at the first sync after it started (a
 * calendar with such an event is read again then); the event's Zoom, Teams or Meet link goes with
 * it. Each calendar's events are one change set (`sync:calendar`) on which the user's automation
 * rules run: an interview logged from the calendar moves its job and asks for the thank-you. Out:
 * every open dated item is an event (UID <key>@kith) in the chosen calendar, rewritten when it
 * changed and removed when done. calendar_event_links remembers both, so a second sync creates
 * nothing twice.
 */
export interface CalendarSyncOptions {
  /** Called as events are read and written: `total` grows as each calendar and the items to write are known. */
  progress?: (done: number, total: number) => void;
}

export async function syncCalendar(runtime: ToolRuntime, userId: string, options: CalendarSyncOptions = {}): Promise<CalendarSyncReport> {
  const [account] = await withUser(runtime.db, userId, (tx) => tx.select().from(calendarAccounts).where(eq(calendarAccounts.userId, userId)));
  if (!account) throw new InvalidInputError('calendar', 'No calendar is connected: connect one first (connect_calendar).');
  if (!runtime.secrets) throw new InvalidInputError('calendar', 'This Kith cannot open stored credentials (no secret key).');
  const password = runtime.secrets.open(account.secret, calendarSecretPurpose(userId));
  const now = runtime.now();
  const report: CalendarSyncReport = {
    calendars: 0, unchanged_calendars: 0, events_read: 0, interactions_logged: 0, interactions_updated: 0, next_actions_set: 0, tasks_added: 0,
    written: 0, rewritten: 0, removed: 0, write_calendar: '', synced_at: now.toISOString(),
  };
  try {
    const client = new DAVClient({ serverUrl: account.serverUrl, credentials: { username: account.username, password }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await client.login();
    const calendars = await client.fetchCalendars();
    const target = pickCalendar(calendars, account.writeCalendar);
    report.calendars = calendars.length;
    report.write_calendar = String(target.displayName ?? target.url);
    const states = await withUser(runtime.db, userId, (tx) => tx.select().from(calendarSyncStates).where(eq(calendarSyncStates.userId, userId)));
    const ctagOf = new Map(states.map((s) => [s.calendarUrl, s.ctag]));
    // A calendar with an event seen ahead that has passed since is read again, whatever its CTag says.
    const passed = new Set((await withUser(runtime.db, userId, (tx) => tx.selectDistinct({ url: calendarEventLinks.calendarUrl }).from(calendarEventLinks)
      .where(and(eq(calendarEventLinks.userId, userId), eq(calendarEventLinks.direction, 'in'), lte(calendarEventLinks.pendingUntil, now))))).map((r) => r.url));
    let done = 0;
    let total = 0;
    options.progress?.(0, 0);

    for (const cal of calendars) {
      if (cal.ctag && ctagOf.get(cal.url) === cal.ctag && !passed.has(cal.url)) { report.unchanged_calendars++; continue; }
      const objects = await client.fetchCalendarObjects({ calendar: cal });
      total += objects.length;
      options.progress?.(done, total);
      // A calendar's events are a change of their own, like a tool call: the user's rules run on it, and it can be undone
      await inBackgroundChange(runtime, userId, 'sync:calendar', async (ctx) => {
        const tx = ctx.db;
        const links = await tx.select().from(calendarEventLinks).where(and(eq(calendarEventLinks.userId, userId), eq(calendarEventLinks.direction, 'in')));
        const linkOf = new Map(links.map((l) => [l.uid, l]));
        for (const obj of objects) {
          options.progress?.(++done, total);
          if (!obj.data) continue;
          for (const ev of parseEvents(String(obj.data))) {
            if (ev.uid.endsWith('@kith')) continue; // what Kith wrote
            const link = linkOf.get(ev.uid);
            if (link && link.etag === (obj.etag ?? null) && !(link.pendingUntil && link.pendingUntil <= now)) continue;
            report.events_read++;
            await applyEvent(ctx, ev, link, { calendarUrl: cal.url, href: obj.url, etag: obj.etag ?? null }, now, report);
          }
        }
        await tx.insert(calendarSyncStates).values({ userId, calendarUrl: cal.url, ctag: cal.ctag ?? null, syncedAt: now })
          .onConflictDoUpdate({ target: [calendarSyncStates.userId, calendarSyncStates.calendarUrl], set: { ctag: cal.ctag ?? null, syncedAt: now } });
      });
    }

    const { items, outLinks } = await withUser(runtime.db, userId, async (tx) => ({
      items: await calendarItems(contextFor(runtime, tx, userId)),
      outLinks: await tx.select().from(calendarEventLinks).where(and(eq(calendarEventLinks.userId, userId), eq(calendarEventLinks.direction, 'out'))),
    }));
    const outOf = new Map(outLinks.map((l) => [l.uid, l]));
    total += items.length;
    options.progress?.(done, total);
    const keep = new Set<string>();
    for (const item of items) {
      const uid = `${item.key}@kith`;
      keep.add(uid);
      options.progress?.(++done, total);
      const hash = hashOf(item);
      const link = outOf.get(uid);
      if (link && link.contentHash === hash && link.calendarUrl === target.url) continue;
      const ics = itemsCalendar([item], now);
      let href: string;
      let res: Response;
      if (link && link.calendarUrl === target.url) {
        href = link.href;
        res = await client.updateCalendarObject({ calendarObject: { url: href, etag: link.etag ?? undefined, data: ics } });
        // changed on the server since Kith wrote it: Kith's item is the source of this event
        if (res.status === 412) res = await client.updateCalendarObject({ calendarObject: { url: href, data: ics } });
        report.rewritten++;
      } else {
        href = new URL(`${item.key}.ics`, target.url.endsWith('/') ? target.url : `${target.url}/`).toString();
        res = await client.createCalendarObject({ calendar: target, filename: `${item.key}.ics`, iCalString: ics });
        if (res.status === 412) res = await client.updateCalendarObject({ calendarObject: { url: href, data: ics } });
        report.written++;
      }
      if (!res.ok) throw new Error(`the calendar refused an event (${res.status})`);
      const values = { calendarUrl: target.url, href, etag: res.headers.get('etag'), contentHash: hash, itemKey: item.key, updatedAt: now };
      await withUser(runtime.db, userId, (tx) => tx.insert(calendarEventLinks).values({ userId, direction: 'out', uid, ...values })
        .onConflictDoUpdate({ target: [calendarEventLinks.userId, calendarEventLinks.direction, calendarEventLinks.uid], set: values }));
    }
    const gone = outLinks.filter((l) => !keep.has(l.uid));
    for (const l of gone) {
      const res = await client.deleteCalendarObject({ calendarObject: { url: l.href, etag: l.etag ?? undefined } });
      if (!res.ok && res.status !== 404 && res.status !== 412) throw new Error(`the calendar refused to remove an event (${res.status})`);
      if (res.status === 412) await client.deleteCalendarObject({ calendarObject: { url: l.href } });
      report.removed++;
    }
    if (gone.length > 0) await withUser(runtime.db, userId, (tx) => tx.delete(calendarEventLinks).where(inArray(calendarEventLinks.id, gone.map((l) => l.id))));
    await withUser(runtime.db, userId, (tx) => tx.update(calendarAccounts).set({ lastSyncAt: now, lastSyncError: null }).where(eq(calendarAccounts.userId, userId)));
    return report;
  } catch (error) {
    const message = String((error as Error).message ?? error).slice(0, 500);
    await withUser(runtime.db, userId, (tx) => tx.update(calendarAccounts).set({ lastSyncError: message }).where(eq(calendarAccounts.userId, userId))).catch(() => undefined);
    throw error;
  }
}

type Link = typeof calendarEventLinks.$inferSelect;

async function applyEvent(ctx: ToolContext, ev: ParsedEvent, link: Link | undefined, where: { calendarUrl: string; href: string; etag: string | null }, now: Date, report: CalendarSyncReport): Promise<void> {
  const contacts = ev.emails.length === 0 ? [] : await ctx.db.select({ id: crmContacts.id, firstName: crmContacts.firstName, lastName: crmContacts.lastName, email: crmContacts.emailKey })
    .from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.emailKey, ev.emails)));
  const ids: Partial<Pick<Link, 'interactionId' | 'taskId' | 'opportunityId' | 'pendingUntil'>> = { pendingUntil: null };
  if (contacts.length > 0) {
    const primary = contacts.sort((a, b) => ev.emails.indexOf(a.email ?? '') - ev.emails.indexOf(b.email ?? ''))[0];
    const meetingUrl = meetingLinkIn(ev.url, ev.location, ev.description);
    const others = contacts.filter((c) => c.id !== primary.id).map((c) => `${c.firstName} ${c.lastName}`.trim());
    const notes = [ev.description, ev.location && ev.location !== meetingUrl ? `Where: ${ev.location}` : null, meetingUrl ? `Link: ${meetingUrl}` : null, others.length ? `Also there: ${others.join(', ')}` : null]
      .filter(Boolean).join('\n\n').slice(0, 20_000) || undefined;
    const day = ev.allDay ? ev.start.toISOString().slice(0, 10) : dayOf(ev.start, ctx.tz);
    const when = ev.allDay ? day : ev.start.toISOString();
    if (ev.start.getTime() <= now.getTime()) {
      if (link?.interactionId) {
        await updateInteraction.run(ctx, updateInteraction.input.parse({ interaction_id: link.interactionId, subject: ev.summary.slice(0, 500), notes: notes ?? null, interaction_date: when }));
        report.interactions_updated++;
        ids.interactionId = link.interactionId;
      } else {
        const out = await logInteraction.run(ctx, logInteraction.input.parse({ contact: primary.id, interaction_type: 'meeting', interaction_date: when, subject: ev.summary.slice(0, 500), notes }));
        report.interactions_logged++;
        ids.interactionId = out.interaction.id;
      }
    } else {
      // Ahead: a next action or a to-do now, and a meeting once it has passed (the next sync after its start).
      ids.pendingUntil = ev.start;
      const [opportunity] = await ctx.db.select({ id: crmOpportunities.id }).from(crmOpportunities).where(and(
        eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.contactId, contacts.map((c) => c.id)), inArray(crmOpportunities.status, [...ACTIVE_STATUSES]),
      )).limit(1);
      if (opportunity) {
        await updateOpportunity.run(ctx, updateOpportunity.input.parse({ opportunity: opportunity.id, next_action: ev.summary.slice(0, 500), next_action_date: day, ...(meetingUrl ? { meeting_url: meetingUrl } : {}) }));
        report.next_actions_set++;
        ids.opportunityId = opportunity.id;
      } else if (link?.taskId) {
        await ctx.db.update(crmTasks).set({ title: ev.summary.slice(0, 500), dueDate: day, notes: notes ?? null, updatedAt: ctx.now }).where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.id, link.taskId)));
        ids.taskId = link.taskId;
      } else {
        const out = await createTask.run(ctx, createTask.input.parse({ title: ev.summary.slice(0, 500), due_date: day, contact: primary.id, notes }));
        report.tasks_added++;
        ids.taskId = out.task.id;
      }
    }
  }
  const values = { calendarUrl: where.calendarUrl, href: where.href, etag: where.etag, updatedAt: ctx.now, ...ids };
  await ctx.db.insert(calendarEventLinks).values({ userId: ctx.userId, direction: 'in', uid: ev.uid, ...values })
    .onConflictDoUpdate({ target: [calendarEventLinks.userId, calendarEventLinks.direction, calendarEventLinks.uid], set: values });
}
