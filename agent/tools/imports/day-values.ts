import { DateTime } from 'luxon';

// The day formats contact and job-tracker exports write: ISO, LinkedIn's "15 Mar 2024", the US
// "03/15/2024" of Google and Outlook, "Mar 15, 2024", and ISO date-times.
const DAY_FORMATS = ['yyyy-MM-dd', 'd MMM yyyy', 'dd MMM yyyy', 'M/d/yyyy', 'MM/dd/yyyy', 'M/d/yy', 'MMM d, yyyy', 'MMMM d, yyyy', 'yyyy/MM/dd', 'd.M.yyyy', 'yyyyMMdd'];

/** A calendar day as YYYY-MM-DD, or null when the text is not one of the formats above. */
export function parseDay(raw: string | undefined | null): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const iso = DateTime.fromISO(text, { setZone: true });
  if (iso.isValid) return iso.toISODate();
  for (const f of DAY_FORMATS) {
    const d = DateTime.fromFormat(text, f, { locale: 'en-US' });
    if (d.isValid) return d.toISODate();
  }
  return null;
}

/** An instant as ISO 8601 (LinkedIn writes "2024-03-15 18:30:12 UTC"), or null. */
export function parseInstant(raw: string | undefined | null): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const linkedin = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?) ?(UTC|Z)?$/.exec(text);
  if (linkedin) return DateTime.fromISO(`${linkedin[1]}T${linkedin[2]}`, { zone: 'utc' }).toUTC().toISO();
  const iso = DateTime.fromISO(text, { zone: 'utc' });
  if (iso.isValid) return iso.toUTC().toISO();
  const day = parseDay(text);
  return day ? `${day}T12:00:00.000Z` : null;
}
