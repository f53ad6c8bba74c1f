import { and, eq, inArray } from 'drizzle-orm';
import { crmContacts, crmInteractions, crmOpportunities } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { phoneKey } from '../shared/phone.js';
import { cleanContact, emailKey, linkedinKey, nameCompanyKey, type ContactValues, type MatchKeys } from './clean-contact.js';
import { cleanOpportunity, opportunityKey, type OpportunityValues } from './clean-opportunity.js';
import { mergeInto } from './merge-values.js';
import type { ParsedImport } from './drafts.js';
import { OPPORTUNITY_STATUSES } from '../../../db/schema/enums.js';

export type PlanAction = 'add' | 'update' | 'merge' | 'skip';

/** One record of the file and what the import does with it, in words. */
export interface PlanRecord {
  at: string;
  table: 'contacts' | 'interactions' | 'opportunities';
  action: PlanAction;
  name: string;
  reason: string;
  match?: { with: string; id?: string; by: string[] };
  changes?: string[];
  warnings?: string[];
}

export interface PlanOptions {
  /** What to do with a record that matches a contact or an earlier record: leave it (default) or merge it. */
  onMatch: 'skip' | 'merge';
  /** Records ("line 12", "card 3 (line 40)") whose match the user agreed to merge. */
  agree: Set<string>;
}

interface ContactSlot { id: string; origin: 'new' | 'kith'; at: string; values: ContactValues; write: boolean; changed: Set<string> }
interface OpportunitySlot { id: string; origin: 'new' | 'kith'; at: string; values: OpportunityValues; write: boolean; changed: Set<string>; fromStatus?: string }

export interface ImportPlan {
  records: PlanRecord[];
  contacts: ContactSlot[];
  opportunities: OpportunitySlot[];
  interactions: Array<{ contactId: string; type: string; date: string; subject: string | null; notes: string | null }>;
  warnings: string[];
}

const CONTACT_FIELDS: Array<{ key: keyof ContactValues; label: string; same?: (a: string, b: string) => boolean; keepQuietly?: boolean }> = [
  { key: 'last_name', label: 'Last name' },
  { key: 'email', label: 'Other e-mail', same: (a, b) => emailKey(a) === emailKey(b) },
  { key: 'phone', label: 'Other phone', same: (a, b) => phoneKey(a) === phoneKey(b) },
  { key: 'company', label: 'Company (from import)' },
  { key: 'job_title', label: 'Job title (from import)' },
  { key: 'linkedin_url', label: 'LinkedIn (from import)', same: (a, b) => (linkedinKey(a) ?? a) === (linkedinKey(b) ?? b) },
  { key: 'twitter_url', label: 'Twitter (from import)' },
  { key: 'location', label: 'Location (from import)' },
  { key: 'contact_source', label: 'Source', keepQuietly: true },
  { key: 'relationship_type', label: 'Relationship', keepQuietly: true },
  { key: 'connection_strength', label: 'Connection strength', keepQuietly: true },
];

const OPPORTUNITY_FIELDS: Array<{ key: keyof OpportunityValues; label: string; keepQuietly?: boolean }> = [
  { key: 'job_url', label: 'Job posting (from import)' },
  { key: 'application_date', label: 'Applied (from import)' },
  { key: 'location', label: 'Location (from import)' },
  { key: 'salary_range', label: 'Salary (from import)' },
  { key: 'job_description', label: 'Description (from import)', keepQuietly: true },
  { key: 'next_action', label: 'Next action (from import)' },
  { key: 'next_action_date', label: 'Next action date (from import)' },
  { key: 'priority_level', label: 'Priority', keepQuietly: true },
];

const KEY_WORDS = { email: 'same e-mail', linkedin: 'same LinkedIn URL', phone: 'same phone', nameCompany: 'same name and company' } as const;
type KeyKind = keyof typeof KEY_WORDS;

class KeyIndex<T> {
  private maps: Record<KeyKind, Map<string, T>> = { email: new Map(), linkedin: new Map(), phone: new Map(), nameCompany: new Map() };
  add(keys: MatchKeys, value: T) {
    const put = (kind: KeyKind, k: string | null) => { if (k && !this.maps[kind].has(k)) this.maps[kind].set(k, value); };
    keys.emails.forEach((k) => put('email', k));
    put('linkedin', keys.linkedin);
    keys.phones.forEach((k) => put('phone', k));
    put('nameCompany', keys.nameCompany);
  }
  /** The first value any key finds (e-mail first, then LinkedIn, phone, name and company) and every reason it matches. */
  find(keys: MatchKeys): { value: T; by: string[] } | null {
    const hits: Array<[KeyKind, T]> = [];
    for (const k of keys.emails) { const v = this.maps.email.get(k); if (v) hits.push(['email', v]); }
    if (keys.linkedin) { const v = this.maps.linkedin.get(keys.linkedin); if (v) hits.push(['linkedin', v]); }
    for (const k of keys.phones) { const v = this.maps.phone.get(k); if (v) hits.push(['phone', v]); }
    if (keys.nameCompany) { const v = this.maps.nameCompany.get(keys.nameCompany); if (v) hits.push(['nameCompany', v]); }
    if (hits.length === 0) return null;
    const value = hits[0][1];
    return { value, by: [...new Set(hits.filter(([, v]) => v === value).map(([k]) => KEY_WORDS[k]))] };
  }
}

type ContactRow = typeof crmContacts.$inferSelect;

const valuesOfRow = (c: ContactRow): ContactValues => ({
  first_name: c.firstName, last_name: c.lastName, email: c.email, phone: c.phone, company: c.company, job_title: c.jobTitle,
  linkedin_url: c.linkedinUrl, twitter_url: c.twitterUrl, location: c.location, contact_source: c.contactSource,
  relationship_type: c.relationshipType, connection_strength: c.connectionStrength, notes: c.notes, tags: [...(c.tags ?? [])],
});

function keysOfRow(c: ContactRow): MatchKeys {
  // The e-mails and phones an earlier import kept in the notes count too.
  const noted = (line: RegExp) => [...(c.notes ?? '').matchAll(line)].map((m) => m[1].trim());
  return {
    emails: [c.email, ...noted(/^Other e-mail: (.+)$/gm)].filter((e): e is string => !!e).map(emailKey),
    linkedin: linkedinKey(c.linkedinUrl),
    phones: [c.phone, ...noted(/^Other phone: (.+)$/gm)].map(phoneKey).filter((k): k is string => !!k),
    nameCompany: nameCompanyKey(c.firstName, c.lastName, c.company),
  };
}

const display = (v: { first_name: string; last_name: string; company?: string | null }) => `${v.first_name} ${v.last_name}`.trim() + (v.company ? ` (${v.company})` : '');
const clone = <T>(v: T): T => structuredClone(v);

/** What importing `parsed` would do, record by record; nothing is written. */
export async function planImport(ctx: ToolContext, parsed: ParsedImport, options: PlanOptions): Promise<ImportPlan> {
  const plan: ImportPlan = { records: [], contacts: [], opportunities: [], interactions: [], warnings: [...parsed.warnings] };
  const allowed = (at: string) => options.onMatch === 'merge' || options.agree.has(at);
  const notMerged = (at: string) => `not merged: merge it with on_match "merge" (--merge), or agree to this one ("${at}")`;

  // Contacts
  const slots = new KeyIndex<ContactSlot>();
  const kith = new KeyIndex<ContactRow>();
  const kithByName = new Map<string, ContactRow[]>();
  const needContacts = parsed.contacts.length > 0 || parsed.interactions.length > 0;
  const existing = needContacts ? await ctx.db.select().from(crmContacts).where(eq(crmContacts.userId, ctx.userId)) : [];
  for (const c of existing) {
    kith.add(keysOfRow(c), c);
    const n = `${c.firstName} ${c.lastName}`.trim().toLowerCase();
    kithByName.set(n, [...(kithByName.get(n) ?? []), c]);
  }
  const kithSlots = new Map<string, ContactSlot>();
  for (const draft of parsed.contacts) {
    const clean = cleanContact(draft);
    const warnings = clean.warnings;
    if (!clean.ok) { plan.records.push({ at: clean.at, table: 'contacts', action: 'skip', name: '', reason: clean.reason, warnings }); continue; }
    const { at, values, keys } = clean;
    const name = display(values);
    const inFile = slots.find(keys);
    const inKith = inFile ? null : kith.find(keys);
    let slot: ContactSlot | undefined = inFile?.value;
    if (!slot && inKith) {
      slot = kithSlots.get(inKith.value.id);
      if (!slot) {
        slot = { id: inKith.value.id, origin: 'kith', at: 'Kith', values: valuesOfRow(inKith.value), write: false, changed: new Set() };
        kithSlots.set(slot.id, slot);
        plan.contacts.push(slot);
      }
    }
    if (!slot) {
      slot = { id: crypto.randomUUID(), origin: 'new', at, values, write: true, changed: new Set() };
      plan.contacts.push(slot);
      slots.add(keys, slot);
      plan.records.push({ at, table: 'contacts', action: 'add', name, reason: 'new contact', warnings });
      continue;
    }
    const by = (inFile ?? inKith)!.by;
    const target = slot.origin === 'kith' ? `${display(slot.values)} in Kith` : `${slot.at} of this file`;
    const match = { with: target, id: slot.origin === 'kith' ? slot.id : undefined, by };
    const trial = clone(slot.values);
    const changes = mergeInto(trial, values, CONTACT_FIELDS);
    slots.add(keys, slot);
    if (changes.length === 0) {
      plan.records.push({ at, table: 'contacts', action: 'skip', name, reason: `already ${slot.origin === 'kith' ? 'in Kith' : `in this file (${slot.at})`} (${by.join(', ')}); nothing new`, match, warnings });
    } else if (allowed(at)) {
      slot.values = trial;
      changes.forEach((c) => slot!.changed.add(c));
      slot.write = true;
      plan.records.push({ at, table: 'contacts', action: slot.origin === 'kith' ? 'update' : 'merge', name, reason: `${by.join(', ')} as ${target}`, match, changes, warnings });
    } else {
      plan.records.push({ at, table: 'contacts', action: 'skip', name, reason: `matches ${target} (${by.join(', ')}); ${notMerged(at)}`, match, changes, warnings });
    }
  }

  // Interactions: with a contact of this file or of Kith, found by LinkedIn URL, e-mail, or an unambiguous name.
  if (parsed.interactions.length > 0) {
    const types = [...new Set(parsed.interactions.map((i) => i.interaction_type))];
    const had = await ctx.db.select({ contactId: crmInteractions.contactId, type: crmInteractions.interactionType, date: crmInteractions.interactionDate, notes: crmInteractions.notes })
      .from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), inArray(crmInteractions.interactionType, types)));
    const key = (contactId: string, type: string, date: string | Date, notes: string | null) => `${contactId}|${type}|${new Date(date).getTime()}|${notes ?? ''}`;
    const seen = new Map<string, string>(had.map((h) => [key(h.contactId, h.type, h.date, h.notes), 'Kith']));
    for (const d of parsed.interactions) {
      const ids = new Set<string>();
      const missing: string[] = [];
      for (const p of d.people) {
        const keys: MatchKeys = { emails: p.email ? [emailKey(p.email)] : [], linkedin: linkedinKey(p.linkedin_url), phones: [], nameCompany: null };
        const hit = slots.find(keys)?.value.id ?? kith.find(keys)?.value.id
          ?? (() => { const byName = kithByName.get((p.name ?? '').toLowerCase()); return byName?.length === 1 ? byName[0].id : undefined; })();
        if (hit) ids.add(hit);
        else missing.push(p.name || p.linkedin_url || p.email || '?');
      }
      const name = d.people.map((p) => p.name).filter(Boolean).join(', ');
      if (ids.size === 0) {
        plan.records.push({ at: d.at, table: 'interactions', action: 'skip', name, reason: `no contact in Kith or in this file for ${missing.join(', ') || 'anyone in it'} (import their contacts first)` });
        continue;
      }
      for (const contactId of ids) {
        const k = key(contactId, d.interaction_type, d.interaction_date, d.notes ?? null);
        const before = seen.get(k);
        if (before) {
          plan.records.push({ at: d.at, table: 'interactions', action: 'skip', name, reason: before === 'Kith' ? 'already in Kith (same contact, time and text); nothing new' : `same message as ${before}; nothing new` });
          continue;
        }
        seen.set(k, d.at);
        plan.interactions.push({ contactId, type: d.interaction_type, date: d.interaction_date, subject: d.subject ?? null, notes: d.notes ?? null });
        plan.records.push({ at: d.at, table: 'interactions', action: 'add', name, reason: `new ${d.interaction_type.replace('_', ' ')}` });
      }
    }
  }

  // Opportunities: the same company and job title is the same application, and so is the same
  // posting URL (one opportunity per URL is a unique key, migration 0061).
  if (parsed.opportunities.length > 0) {
    const rows = await ctx.db.select().from(crmOpportunities).where(eq(crmOpportunities.userId, ctx.userId));
    const index = new Map<string, OpportunitySlot>();
    const byUrl = new Map<string, OpportunitySlot>();
    for (const o of rows) {
      const k = opportunityKey(o.companyName, o.jobTitle);
      const slot: OpportunitySlot = {
        id: o.id, origin: 'kith', at: 'Kith', write: false, changed: new Set(), fromStatus: o.status,
        values: {
          company_name: o.companyName, job_title: o.jobTitle, job_url: o.jobUrl, status: o.status, application_date: o.applicationDate, location: o.location,
          salary_range: o.salaryRange, job_description: o.jobDescription, next_action: o.nextAction, next_action_date: o.nextActionDate,
          priority_level: o.priorityLevel, notes: o.notes,
        },
      };
      if (o.jobUrl) byUrl.set(o.jobUrl, slot);
      if (!index.has(k)) index.set(k, slot);
    }
    for (const draft of parsed.opportunities) {
      const clean = cleanOpportunity(draft);
      if (!clean.ok) { plan.records.push({ at: clean.at, table: 'opportunities', action: 'skip', name: '', reason: clean.reason, warnings: clean.warnings }); continue; }
      const { at, values, key, warnings } = clean;
      const name = values.job_title ? `${values.job_title} at ${values.company_name}` : values.company_name;
      const byKey = index.get(key);
      const slot = byKey ?? (values.job_url ? byUrl.get(values.job_url) : undefined);
      const why = byKey ? 'same company and job title' : 'same posting URL';
      if (!slot) {
        const added: OpportunitySlot = { id: crypto.randomUUID(), origin: 'new', at, values, write: true, changed: new Set() };
        index.set(key, added);
        if (values.job_url) byUrl.set(values.job_url, added);
        plan.opportunities.push(added);
        plan.records.push({ at, table: 'opportunities', action: 'add', name, reason: 'new opportunity', warnings });
        continue;
      }
      const target = slot.origin === 'kith' ? `${name} in Kith` : `${slot.at} of this file`;
      const match = { with: target, id: slot.origin === 'kith' ? slot.id : undefined, by: [why] };
      const trial = clone(slot.values);
      const changes = mergeInto(trial, values, OPPORTUNITY_FIELDS);
      // A tracker's stage is news when it is further along than Kith's (or closes the application).
      const order = (s: string) => OPPORTUNITY_STATUSES.indexOf(s as never);
      if (values.status !== trial.status && order(values.status) > order(trial.status)) { trial.status = values.status; changes.push('status'); }
      if (changes.length === 0) {
        plan.records.push({ at, table: 'opportunities', action: 'skip', name, reason: `already ${slot.origin === 'kith' ? 'in Kith' : `in this file (${slot.at})`} (${why}); nothing new`, match, warnings });
      } else if (allowed(at)) {
        slot.values = trial;
        changes.forEach((c) => slot.changed.add(c));
        if (!slot.write) { slot.write = true; if (slot.origin === 'kith') plan.opportunities.push(slot); }
        plan.records.push({ at, table: 'opportunities', action: slot.origin === 'kith' ? 'update' : 'merge', name, reason: `${why} as ${target}`, match, changes, warnings });
      } else {
        plan.records.push({ at, table: 'opportunities', action: 'skip', name, reason: `matches ${target} (${why}); ${notMerged(at)}`, match, changes, warnings });
      }
    }
  }
  plan.contacts = plan.contacts.filter((s) => s.write);
  return plan;
}
