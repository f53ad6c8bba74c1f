import type { CalendarItem } from '../../agent/tools/calendar/calendar-items.js';
import { countOf } from '../../agent/tools/shared/words.js';

/** One item as a reminder shows it, with its one-use links. */
export interface ReminderLine {
  key: string;
  title: string;
  date: string;
  category: CalendarItem['category'];
  meetingUrl: string | null;
  doneUrl: string;
  snoozeUrl: string;
}

export interface EmailPayload { subject: string; text: string; html: string }
export interface PushPayload { title: string; body: string; tag: string; url: string; actions: Array<{ action: 'done' | 'snooze'; title: string; url: string }> }

const when = (line: ReminderLine, today: string) => (line.date < today ? `overdue since ${line.date}` : 'today');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The daily e-mail: what is due today and overdue, each with Done and Snooze links. */
export function digestEmail(lines: ReminderLine[], today: string, appUrl: string): EmailPayload {
  const overdue = lines.filter((l) => l.date < today).length;
  const subject = lines.length === 1
    ? `Kith reminder: ${lines[0].title}`
    : `Kith: ${countOf(lines.length, 'thing')} to do today${overdue ? ` (${overdue} overdue)` : ''}`;
  const text = [
    `Due on ${today}:`, '',
    ...lines.flatMap((l) => [
      `* ${l.title} (${l.category}, ${when(l, today)})`,
      ...(l.meetingUrl ? [`  Join: ${l.meetingUrl}`] : []),
      `  Done: ${l.doneUrl}`, `  Snooze a day: ${l.snoozeUrl}`, '',
    ]),
    `Open Kith: ${appUrl}`,
    'Change when and how Kith reminds you on its Settings page.',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h2 style="font-size:18px">Due on ${esc(today)}</h2>
<ul style="padding-left:18px">${lines.map((l) => `<li style="margin-bottom:12px"><strong>${esc(l.title)}</strong> <span style="color:#666">(${esc(l.category)}, ${esc(when(l, today))})</span><br>
${l.meetingUrl ? `<a href="${esc(l.meetingUrl)}">Join the call</a> · ` : ''}<a href="${esc(l.doneUrl)}">Done</a> · <a href="${esc(l.snoozeUrl)}">Snooze a day</a></li>`).join('\n')}</ul>
<p><a href="${esc(appUrl)}">Open Kith</a> · change reminders on its Settings page.</p>
</body></html>`;
  return { subject, text, html };
}

/** One push notification per item, with Done and Snooze as notification actions. */
export function pushNotification(line: ReminderLine, today: string, appUrl: string): PushPayload {
  return {
    title: line.title,
    body: `${line.category}, ${when(line, today)}${line.meetingUrl ? ` · ${line.meetingUrl}` : ''}`,
    tag: line.key,
    url: appUrl,
    actions: [
      { action: 'done', title: 'Done', url: line.doneUrl },
      { action: 'snooze', title: 'Snooze a day', url: line.snoozeUrl },
    ],
  };
}
