import type { z } from 'zod';
import { ContactFields, Tag } from '../shared/schemas.js';
import { isEmailAddress } from '../shared/email.js';
import { isPhoneLike, normalizePhone, phoneKey } from '../shared/phone.js';
import type { ContactDraft } from './drafts.js';

export type ContactValues = {
  first_name: string; last_name: string; email: string | null; phone: string | null; company: string | null;
  job_title: string | null; linkedin_url: string | null; twitter_url: string | null; location: string | null;
  contact_source: z.output<typeof ContactFields>['contact_source'] | null;
  relationship_type: z.output<typeof ContactFields>['relationship_type'] | null;
  connection_strength: z.output<typeof ContactFields>['connection_strength'] | null;
  notes: string | null; tags: string[];
};

/** What duplicates are found by. */
export interface MatchKeys { emails: string[]; linkedin: string | null; phones: string[]; nameCompany: string | null }

export type CleanContact =
  | { ok: true; at: string; values: ContactValues; keys: MatchKeys; warnings: string[] }
  | { ok: false; at: string; reason: string; warnings: string[] };

const LABELS: Record<string, string> = {
  first_name: 'First name', last_name: 'Last name', email: 'E-mail', phone: 'Phone', company: 'Company', job_title: 'Job title',
  linkedin_url: 'LinkedIn', twitter_url: 'Twitter', location: 'Location', contact_source: 'Source',
  relationship_type: 'Relationship', connection_strength: 'Connection strength', tags: 'Tag',
};

type Field = keyof typeof ContactFields.shape;

/**
 * A draft as a contact Kith can store. Nothing is refused for one odd value: a value a field
 * cannot hold (too long, not one of the choices, not a URL) goes into the notes, with a warning
 * that says so; every e-mail and phone beyond the first goes there too. The rules are the schema's
 * (ContactFields), so an import keeps exactly what add_contact would refuse, no more, no less.
 */
export function cleanContact(draft: ContactDraft): CleanContact {
  const warnings: string[] = [];
  const notes: string[] = [];
  const keep = (field: Field | 'email' | 'phone', value: string, why: string) => {
    notes.push(`${LABELS[field] ?? field}: ${value}`);
    warnings.push(`${draft.at}: ${field} "${value.length > 80 ? value.slice(0, 77) + '...' : value}" ${why}; kept in the notes.`);
  };
  const check = <F extends Field>(field: F, raw: string | undefined): NonNullable<z.output<typeof ContactFields.shape[F]>> | null => {
    const value = raw?.trim();
    if (!value) return null;
    const parsed = ContactFields.shape[field].safeParse(value);
    if (parsed.success) return (parsed.data ?? null) as never;
    keep(field, value, parsed.error.issues[0]?.message ?? 'cannot be stored');
    return null;
  };

  let first = draft.first_name?.trim() ?? '';
  let last = draft.last_name?.trim() ?? '';
  if (!first && !last && draft.full_name?.trim()) [first, last] = splitName(draft.full_name.trim());
  if (!first && last) [first, last] = [last, ''];

  const emails: string[] = [];
  for (const raw of draft.emails.map((e) => e.trim().normalize('NFC')).filter(Boolean)) {
    if (!isEmailAddress(raw)) keep('email', raw, 'is not an email address');
    else if (!emails.some((e) => e.toLowerCase() === raw.toLowerCase())) emails.push(raw);
  }
  const phones: string[] = [];
  for (const raw of draft.phones.map((p) => p.trim()).filter(Boolean)) {
    if (!isPhoneLike(raw)) { keep('phone', raw, 'is not a phone number'); continue; }
    const stored = normalizePhone(raw)!;
    if (stored.length > 40) { keep('phone', raw, 'is too long for a phone number'); continue; }
    if (!phones.some((p) => phoneKey(p) === phoneKey(stored))) phones.push(stored);
  }

  if (!first) {
    const hasSomething = emails.length || phones.length || draft.company?.trim() || draft.linkedin_url?.trim();
    if (!hasSomething) return { ok: false, at: draft.at, reason: 'an empty record (no name, e-mail, phone or company)', warnings };
    if (emails[0]) {
      first = emails[0].split('@')[0];
      warnings.push(`${draft.at}: no name in the file; named "${first}" after the e-mail address.`);
    } else {
      first = draft.company?.trim() || phones[0] || 'Unnamed';
      warnings.push(`${draft.at}: no name in the file; named "${first}".`);
    }
  }
  const firstName = check('first_name', first) ?? first.slice(0, 100);
  const lastName = check('last_name', last) ?? '';

  const tags: string[] = [];
  for (const t of draft.tags) {
    const parsed = Tag.safeParse(t);
    if (parsed.success) { if (!tags.includes(parsed.data)) tags.push(parsed.data); } else if (t.trim()) keep('tags', t.trim(), parsed.error.issues[0].message);
  }

  const values: ContactValues = {
    first_name: firstName,
    last_name: lastName,
    email: emails[0] ?? null,
    phone: phones[0] ?? null,
    company: check('company', draft.company),
    job_title: check('job_title', draft.job_title),
    linkedin_url: check('linkedin_url', draft.linkedin_url),
    twitter_url: check('twitter_url', draft.twitter_url),
    location: check('location', draft.location),
    contact_source: check('contact_source', draft.contact_source),
    relationship_type: check('relationship_type', draft.relationship_type),
    connection_strength: check('connection_strength', draft.connection_strength),
    notes: null,
    tags: tags.sort(),
  };
  for (const e of emails.slice(1)) notes.push(`Other e-mail: ${e}`);
  for (const p of phones.slice(1)) notes.push(`Other phone: ${p}`);
  const allNotes = [...draft.notes.map((n) => n.trim()).filter(Boolean), ...notes].join('\n');
  if (allNotes) {
    const parsed = ContactFields.shape.notes.safeParse(allNotes);
    if (!parsed.success) return { ok: false, at: draft.at, reason: `its notes are too long to store (${allNotes.length} characters)`, warnings };
    values.notes = allNotes;
  }
  return {
    ok: true,
    at: draft.at,
    values,
    warnings,
    keys: {
      emails: emails.map(emailKey),
      linkedin: linkedinKey(values.linkedin_url ?? draft.linkedin_url),
      phones: phones.map(phoneKey).filter((k): k is string => !!k),
      nameCompany: nameCompanyKey(firstName, lastName, values.company),
    },
  };
}

/** "José Ríos" → José, Ríos; "Ana María de la Cruz" → Ana María, de la Cruz is beyond a rule: the last word is the last name. */
export function splitName(full: string): [string, string] {
  const words = full.split(/\s+/);
  if (words.length === 1) return [words[0], ''];
  return [words.slice(0, -1).join(' '), words[words.length - 1]];
}

export const emailKey = (e: string): string => e.normalize('NFC').toLowerCase();

/** The profile's slug: https://www.linkedin.com/in/Jane-Doe/ and linkedin.com/in/jane-doe are one person. */
export function linkedinKey(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /linkedin\.com\/(?:in|pub)\/([^/?#\s]+)/i.exec(url);
  if (!m) return null;
  let slug = m[1];
  try { slug = decodeURIComponent(slug); } catch { /* kept as written */ }
  return slug.normalize('NFC').toLowerCase();
}

export function nameCompanyKey(first: string, last: string, company: string | null | undefined): string | null {
  if (!company?.trim()) return null;
  return `${first} ${last}`.trim().normalize('NFC').toLowerCase() + '|' + company.trim().normalize('NFC').toLowerCase();
}
