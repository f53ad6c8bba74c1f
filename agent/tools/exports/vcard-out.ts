import ICAL from 'ical.js';
import type { ContactRecord } from '../shared/schemas.js';

/**
 * The contacts as vCard 4.0 (RFC 6350), written by ical.js so escaping and line folding are
 * right: Apple Contacts and Google Contacts import it, and Kith reads it back.
 */
export function contactsVcard(contacts: ContactRecord[]): string {
  return contacts.map((c) => {
    const card = new ICAL.Component('vcard');
    const add = (name: string, value: unknown, params: Record<string, string> = {}, type?: string) => {
      const p = new ICAL.Property(name, card);
      for (const [k, v] of Object.entries(params)) p.setParameter(k, v);
      // A number as typed ("0532 123 45 67 (evenings)") is text, not a tel: URI.
      if (type) p.resetType(type);
      p.setValue(value as string);
      card.addProperty(p);
      return p;
    };
    add('version', '4.0');
    add('uid', `urn:uuid:${c.id}`);
    add('fn', `${c.first_name} ${c.last_name}`.trim());
    add('n', [c.last_name, c.first_name, '', '', '']);
    if (c.email) add('email', c.email, { type: 'internet' });
    if (c.phone) add('tel', c.phone, { type: 'cell' }, 'text');
    if (c.company) add('org', [c.company]);
    if (c.job_title) add('title', c.job_title);
    if (c.linkedin_url) add('url', c.linkedin_url, { type: 'linkedin' });
    if (c.twitter_url) add('url', c.twitter_url, { type: 'twitter' });
    if (c.location) add('adr', ['', '', '', c.location, '', '', ''], { label: c.location });
    if (c.notes) add('note', c.notes);
    if (c.tags.length) { const p = new ICAL.Property('categories', card); p.setValues(c.tags); card.addProperty(p); }
    add('rev', ICAL.Time.fromJSDate(new Date(c.updated_at), true));
    return card.toString();
  }).join('\r\n') + (contacts.length ? '\r\n' : '');
}
