import ICAL from 'ical.js';
import { InvalidInputError } from '../shared/errors.js';
import { emptyContact, type ContactDraft } from './drafts.js';

/**
 * vCard 2.1 (Outlook), 3.0 (Apple, Google) and 4.0, parsed with ical.js (Mozilla's parser for
 * RFC 6350 and 2426). ical.js reads 3.0 and 4.0; a 2.1 card is first rewritten into 3.0 syntax
 * (bare TYPE parameters, quoted-printable values with their soft line breaks and charset).
 */
export function parseVcards(text: string, name: string): { drafts: ContactDraft[]; photos: number } {
  const cards = splitCards(text, name);
  let photos = 0;
  const drafts = cards.map((card, index) => {
    const at = `card ${index + 1} (line ${card.line})`;
    let component: ICAL.Component;
    try {
      const source = /^VERSION:2\.1\s*$/im.test(card.text) ? fromVersion21(card.text) : card.text;
      component = new ICAL.Component(ICAL.parse(source) as unknown[]);
    } catch (e) {
      throw new InvalidInputError('file', `${name}: ${at} cannot be read: ${(e as Error).message}. Nothing was imported.`);
    }
    const d = emptyContact(at);
    const all = (prop: string) => component.getAllProperties(prop);
    // A text property may hold several values (ical.js splits 3.0 text at unescaped commas).
    const text1 = (prop: string): string | undefined => {
      const values = component.getFirstProperty(prop)?.getValues();
      return values?.length ? values.map((v) => (Array.isArray(v) ? v.join(' ') : String(v))).join(', ') : undefined;
    };
    const n = component.getFirstPropertyValue('n') as unknown;
    if (Array.isArray(n)) {
      const [family, given, additional, prefix, suffix] = n.map((x) => (Array.isArray(x) ? x.join(' ') : String(x ?? '')).trim());
      d.first_name = [given, additional].filter(Boolean).join(' ');
      d.last_name = family;
      if (prefix) d.notes.push(`Name prefix: ${prefix}`);
      if (suffix) d.notes.push(`Name suffix: ${suffix}`);
    }
    if (!d.first_name && !d.last_name) d.full_name = text1('fn');
    for (const p of all('email')) d.emails.push(String(p.getFirstValue()));
    for (const p of all('tel')) d.phones.push(String(p.getFirstValue()).replace(/^tel:/i, ''));
    const org = component.getFirstPropertyValue('org') as unknown;
    if (Array.isArray(org)) {
      d.company = String(org[0] ?? '');
      if (org.slice(1).some(Boolean)) d.notes.push(`Department: ${org.slice(1).filter(Boolean).join(', ')}`);
    } else if (org) d.company = String(org);
    d.job_title = text1('title');
    if (text1('role')) d.notes.push(`Role: ${text1('role')}`);
    const labels = new Map<string, string>();
    for (const p of all('x-ablabel')) if (p.getParameter('group')) labels.set(String(p.getParameter('group')), String(p.getFirstValue()));
    const urls: Array<{ url: string; label: string }> = [
      // Google writes URL:https\://…, escaping the colon.
      ...all('url').map((p) => ({ url: String(p.getFirstValue()).replace(/\\:/g, ':'), label: `${labels.get(String(p.getParameter('group'))) ?? ''} ${p.getParameter('type') ?? ''}` })),
      ...all('x-socialprofile').map((p) => ({ url: String(p.getFirstValue()), label: String(p.getParameter('type') ?? '') })),
    ];
    for (const { url, label } of urls) {
      if ((/linkedin/i.test(label) || /linkedin\.com\//i.test(url)) && !d.linkedin_url) d.linkedin_url = url;
      else if ((/twitter/i.test(label) || /(twitter|x)\.com\//i.test(url)) && !d.twitter_url) d.twitter_url = url;
      else if (!d.notes.includes(`Website: ${url}`)) d.notes.push(`Website: ${url}`);
    }
    const adr = component.getFirstPropertyValue('adr') as unknown;
    if (Array.isArray(adr)) {
      const parts = adr.map((x) => (Array.isArray(x) ? x.join(' ') : String(x ?? '')).trim());
      const [, , street, city, region, postal, country] = parts;
      d.location = [city, region, country].filter(Boolean).join(', ') || undefined;
      const full = [street, postal, city, region, country].filter(Boolean).join(', ');
      if (full && full !== d.location) d.notes.push(`Address: ${full}`);
    }
    const note = text1('note');
    if (note) d.notes.unshift(note);
    const bday = component.getFirstPropertyValue('bday');
    if (bday) d.notes.push(`Birthday: ${String(bday)}`);
    if (text1('nickname')) d.notes.push(`Nickname: ${text1('nickname')}`);
    for (const p of all('categories')) d.tags.push(...p.getValues().map(String).filter((t) => !/^(my ?contacts|starred)$/i.test(t)));
    if (component.getFirstProperty('photo')) photos++;
    return d;
  });
  return { drafts, photos };
}

/** The cards of a file, each with the line it starts on; a card left open refuses the file. */
function splitCards(text: string, name: string): Array<{ text: string; line: number }> {
  const lines = text.split(/\r?\n/);
  const cards: Array<{ text: string; line: number }> = [];
  let start = -1;
  lines.forEach((l, i) => {
    if (/^BEGIN:VCARD\s*$/i.test(l)) {
      if (start !== -1) throw new InvalidInputError('file', `${name}: the card that starts at line ${start + 1} has no END:VCARD before line ${i + 1}. Nothing was imported.`);
      start = i;
    } else if (/^END:VCARD\s*$/i.test(l)) {
      if (start === -1) throw new InvalidInputError('file', `${name}: line ${i + 1}, column 1: END:VCARD without BEGIN:VCARD. Nothing was imported.`);
      cards.push({ text: lines.slice(start, i + 1).join('\r\n') + '\r\n', line: start + 1 });
      start = -1;
    } else if (start === -1 && l.trim() !== '') {
      throw new InvalidInputError('file', `${name}: line ${i + 1}, column 1: text outside a BEGIN:VCARD ... END:VCARD card. Nothing was imported.`);
    }
  });
  if (start !== -1) throw new InvalidInputError('file', `${name}: the card that starts at line ${start + 1} has no END:VCARD. Nothing was imported.`);
  return cards;
}

/** vCard 2.1 lines in 3.0 syntax: `TEL;WORK;VOICE:` → `TEL;TYPE=WORK,VOICE:`, quoted-printable decoded. */
function fromVersion21(card: string): string {
  // A quoted-printable value continues on the next line after a trailing "=" (a soft line break).
  const joined = card.replace(/=\r?\n/g, '');
  return joined.split(/\r?\n/).map((line) => {
    if (/^VERSION:/i.test(line)) return 'VERSION:3.0';
    const colon = line.indexOf(':');
    if (colon === -1 || /^\s/.test(line)) return line;
    const [name, ...params] = line.slice(0, colon).split(';');
    let value = line.slice(colon + 1);
    const types: string[] = [];
    const kept: string[] = [];
    let qp = false;
    let charset = 'utf-8';
    for (const p of params) {
      const eq = p.indexOf('=');
      const key = eq === -1 ? 'TYPE' : p.slice(0, eq).toUpperCase();
      const val = eq === -1 ? p : p.slice(eq + 1);
      if (key === 'ENCODING' && /^quoted-printable$/i.test(val)) qp = true;
      else if (key === 'CHARSET') charset = val;
      else if (key === 'TYPE') types.push(val);
      else kept.push(`${key}=${val}`);
    }
    if (qp) value = decodeQuotedPrintable(value, charset).replace(/\r?\n/g, '\\n');
    // 2.1 does not escape commas, which 3.0 reads as value separators; a list property keeps them.
    if (!/^(CATEGORIES|NICKNAME)$/i.test(name.replace(/^.*\./, ''))) value = value.replace(/,/g, '\\,');
    if (types.length) kept.push(`TYPE=${types.join(',')}`);
    return [name, ...kept].join(';') + ':' + value;
  }).join('\r\n');
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(value.slice(i + 1, i + 3))) { bytes.push(parseInt(value.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(...new TextEncoder().encode(value[i]));
  }
  try {
    return new TextDecoder(charset, { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder('windows-1252').decode(new Uint8Array(bytes));
  }
}
