import ICAL from 'ical.js';
import type { KithExport } from '../transfer.js';

/**
 * The dates to act on as an iCalendar file (RFC 5545) a calendar can subscribe to or import:
 * contacts' next follow-up, interactions' follow-up dates, opportunities' next actions. Each is an
 * all-day event with a stable UID, so importing the file again updates instead of duplicating.
 */
export function followUpsCalendar(data: KithExport, now: Date): string {
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.updatePropertyWithValue('prodid', '-//Kith//Follow-ups//EN');
  cal.updatePropertyWithValue('version', '2.0');
  cal.updatePropertyWithValue('calscale', 'GREGORIAN');
  const stamp = ICAL.Time.fromJSDate(now, true);
  const names = new Map(data.contacts.map((c) => [c.id, `${c.first_name} ${c.last_name}`.trim()]));
  const event = (uid: string, day: string, summary: string, description: string | null) => {
    const e = new ICAL.Component('vevent');
    e.updatePropertyWithValue('uid', uid);
    e.updatePropertyWithValue('dtstamp', stamp);
    e.updatePropertyWithValue('dtstart', ICAL.Time.fromDateString(day));
    e.updatePropertyWithValue('summary', summary);
    if (description) e.updatePropertyWithValue('description', description);
    cal.addSubcomponent(e);
  };
  for (const c of data.contacts) {
    if (c.next_follow_up_date) event(`contact-${c.id}@kith`, c.next_follow_up_date, `Follow up with ${names.get(c.id)}`, c.follow_up_reason);
  }
  for (const i of data.interactions) {
    if (i.follow_up_date) event(`interaction-${i.id}@kith`, i.follow_up_date, `Follow up with ${names.get(i.contact_id) ?? 'a contact'}${i.subject ? `: ${i.subject}` : ''}`, i.notes);
  }
  for (const o of data.opportunities) {
    if (o.next_action_date) event(`opportunity-${o.id}@kith`, o.next_action_date, `${o.next_action ?? 'Next step'}: ${o.job_title ? `${o.job_title} at ` : ''}${o.company_name}`, o.notes);
  }
  return cal.toString() + '\r\n';
}
