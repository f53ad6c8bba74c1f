import ical, { ICalCalendarMethod, type ICalCalendar } from 'ical-generator';
import type { CalendarItem } from './calendar-items.js';

/**
 * Items as an iCalendar document (RFC 5545) that Google Calendar, Apple Calendar and Outlook
 * subscribe to: one all-day event per item, its UID stable across edits so a calendar updates the
 * event instead of adding another. A meeting link goes in LOCATION and URL, where calendar apps
 * show a "join" button.
 */
const DAY_MS = 86_400_000;

export function itemsCalendar(items: CalendarItem[], now: Date, name = 'Kith'): string {
  const cal = ical({ name, prodId: { company: 'Kith', product: 'Kith', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ttl: 60 * 60 });
  const stamp = new Date(now.getTime());
  for (const item of items) {
    const start = Date.parse(`${item.date}T00:00:00Z`);
    cal.createEvent({
      id: `${item.key}@kith`,
      start: new Date(start),
      end: new Date(start + DAY_MS),
      allDay: true,
      stamp,
      summary: item.title,
      description: item.description ?? undefined,
      location: item.meetingUrl ?? undefined,
      url: item.meetingUrl ?? undefined,
      categories: [{ name: item.category }],
    });
  }
  return calendarText(cal);
}

/**
 * The calendar's text, folded here rather than by ical-generator's toString: its folding encodes
 * every character with a new TextEncoder, which made a feed of 1,000 events take ~200 ms. Each
 * event's own toString is unfolded; the calendar's frame (with no events) is folded by the library.
 */
function calendarText(cal: ICalCalendar): string {
  const events = cal.events();
  const body = events.map((e) => foldLines(e.toString())).join('');
  cal.clear();
  const frame = cal.toString();
  const end = frame.lastIndexOf('END:VCALENDAR');
  return frame.slice(0, end) + body + frame.slice(end) + '\r\n';
}

/** RFC 5545 §3.1: lines longer than 75 octets continue on the next line after CRLF and a space, never inside a character. */
export function foldLines(text: string): string {
  const lines = text.split('\r\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length <= 25 || Buffer.byteLength(line) <= 75) continue;
    let out = '';
    let octets = 0;
    for (const ch of line) {
      const size = ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : ch.codePointAt(0)! < 0x10000 ? 3 : 4;
      if (octets + size > 75) { out += '\r\n '; octets = 1; }
      out += ch;
      octets += size;
    }
    lines[i] = out;
  }
  return lines.join('\r\n');
}
