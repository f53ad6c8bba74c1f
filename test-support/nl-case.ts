import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Cases in the format of the natural-language evaluation (described in README.md, "Natural-language cases"): a setup to
 * import, a sentence, and what must hold afterwards. Checked here in process, against the real
 * tools and database, with the same rules as the evaluation.
 */
export interface NlCase {
  id: string;
  setup?: { contacts?: Array<Record<string, unknown>>; interactions?: Array<Record<string, unknown>>; opportunities?: Array<Record<string, unknown>> };
  /** Sentences said first in the same conversation (in-process runner only): "what's her email?" after "tell me about Priya". */
  before?: string[];
  say: string;
  expect: Record<string, unknown>;
}

type Rec = Record<string, unknown>;
type Data = { contacts?: Rec[]; interactions?: Rec[]; opportunities?: Rec[] };

export function readCases(file: string): NlCase[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('//')).map((l) => JSON.parse(l));
}

const fullName = (c: Rec) => `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim().toLowerCase();

export function buildSetup(setup: NlCase['setup'] = {}) {
  const contacts = (setup.contacts ?? []).map((c) => ({ id: randomUUID(), ...c }));
  const byName = new Map(contacts.map((c) => [fullName(c), c.id]));
  const link = (r: Rec) => {
    const { contact, ...rest } = r;
    if (contact === undefined) return { id: randomUUID(), ...rest };
    return { id: randomUUID(), contact_id: byName.get(String(contact).toLowerCase()), ...rest };
  };
  return { contacts, interactions: (setup.interactions ?? []).map(link), opportunities: (setup.opportunities ?? []).map(link) };
}

const dateOf = (v: unknown) => {
  if (v === null || v === undefined || v === '') return null;
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : new Date(s).toISOString().slice(0, 10);
};

function valueMatches(field: string, actual: unknown, want: unknown): boolean {
  if (want === null) return actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0);
  if (want && typeof want === 'object' && !Array.isArray(want) && 'oneOf' in want) return (want as { oneOf: unknown[] }).oneOf.some((w) => valueMatches(field, actual, w));
  if (Array.isArray(want)) {
    const have = (Array.isArray(actual) ? actual : []).map((x) => String(x).toLowerCase());
    return want.every((w) => have.some((h) => h === String(w).toLowerCase() || h.replace(/s$/, '') === String(w).toLowerCase().replace(/s$/, '')));
  }
  if (typeof want === 'number') return Number(actual) === want;
  if (typeof want === 'boolean') return actual === want;
  if (actual === null || actual === undefined) return false;
  if (typeof want === 'string' && want.startsWith('~')) return String(actual).toLowerCase().includes(want.slice(1).toLowerCase());
  if (/_date$|_at$/.test(field)) return dateOf(actual) === want;
  return String(actual).toLowerCase() === String(want).toLowerCase();
}

/** A name, or one of several ("oneOf": "Raj Malhotra" or "raj malhotra"), compared as the other fields are. */
const nameMatches = (name: string, want: unknown): boolean =>
  want && typeof want === 'object' && 'oneOf' in want ? (want as { oneOf: unknown[] }).oneOf.some((w) => nameMatches(name, w)) : name === String(want).toLowerCase();

function recordMatches(rec: Rec, matcher: Rec, contactsById: Map<unknown, Rec>): boolean {
  return Object.entries(matcher).every(([k, want]) => {
    if (k === 'name') return nameMatches(fullName(rec), want);
    if (k === 'contact') {
      const c = contactsById.get(rec.contact_id);
      return want === null ? !rec.contact_id : !!c && fullName(c) === String(want).toLowerCase();
    }
    return valueMatches(k, rec[k], want);
  });
}

/** The failures of a case: an empty list means it passed. */
export function checkCase(c: NlCase, reply: string, before: Data, after: Data): string[] {
  const fails: string[] = [];
  const exp = c.expect as Record<string, never>;
  const contactsById = new Map((after.contacts ?? []).map((x) => [x.id, x]));
  for (const table of ['contacts', 'interactions', 'opportunities'] as const) {
    for (const m of (exp[table] ?? []) as Rec[]) {
      if (!(after[table] ?? []).some((r) => recordMatches(r, m, contactsById))) fails.push(`no ${table} record matches ${JSON.stringify(m)}`);
    }
    for (const m of ((exp as { absent?: Record<string, Rec[]> }).absent?.[table] ?? [])) {
      if ((after[table] ?? []).some((r) => recordMatches(r, m, contactsById))) fails.push(`a ${table} record matches ${JSON.stringify(m)}`);
    }
  }
  for (const [table, n] of Object.entries((exp as { counts?: Record<string, number> }).counts ?? {})) {
    const have = ((after as Record<string, Rec[]>)[table] ?? []).length;
    if (have !== n) fails.push(`${table}: ${have} records, expected ${n}`);
  }
  const r = reply.toLowerCase();
  for (const s of (exp as { reply_contains?: string[] }).reply_contains ?? []) if (!r.includes(s.toLowerCase())) fails.push(`reply lacks "${s}"`);
  const any = (exp as { reply_contains_any?: string[] }).reply_contains_any;
  if (any && !any.some((s) => r.includes(s.toLowerCase()))) fails.push(`reply has none of ${JSON.stringify(any)}`);
  for (const s of (exp as { reply_excludes?: string[] }).reply_excludes ?? []) if (r.includes(s.toLowerCase())) fails.push(`reply has "${s}"`);
  if ((exp as { unchanged?: boolean }).unchanged) {
    const strip = (x: Data) => JSON.stringify((['contacts', 'interactions', 'opportunities'] as const).map((t) =>
      (x[t] ?? []).map(({ updated_at: _u, created_at: _c, ...rest }) => rest).sort((a, b) => String(a.id).localeCompare(String(b.id)))));
    if (strip(before) !== strip(after)) fails.push('the data changed, but this sentence should change nothing');
  }
  return fails;
}
