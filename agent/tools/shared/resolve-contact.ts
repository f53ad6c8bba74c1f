import { and, eq, or, sql, desc } from 'drizzle-orm';
import { crmContacts } from '../../../db/schema/index.js';
import type { ToolContext } from './context.js';
import { AmbiguousError, NotFoundError, type Candidate } from './errors.js';
import { fullName } from './records.js';
import { contactFullNameSql } from './contact-sql.js';

type ContactRow = typeof crmContacts.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string): boolean => UUID.test(s);

const normalize = (ref: string): string =>
  ref.trim().replace(/[’']s$/i, '').replace(/\s+/g, ' ').toLowerCase();

export function candidateOf(c: ContactRow): Candidate {
  return { id: c.id, name: fullName(c), company: c.company, email: c.email };
}

/**
 * Finds the one contact a reference means: an id, an email, or a name (full, first, last, or
 * close to one). Two equally good matches are never guessed between: they raise AmbiguousError.
 */
export async function resolveContact(ctx: ToolContext, reference: string): Promise<ContactRow> {
  const matches = await matchContacts(ctx, reference);
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw new NotFoundError(`No contact matches "${reference.trim()}".`, { reference });
  throw new AmbiguousError(reference.trim(), matches.map(candidateOf));
}

/** The best tier of matches for a reference; more than one means the reference is ambiguous. */
export async function matchContacts(ctx: ToolContext, reference: string): Promise<ContactRow[]> {
  const mine = eq(crmContacts.userId, ctx.userId);
  const raw = reference.trim();
  if (isUuid(raw)) {
    return ctx.db.select().from(crmContacts).where(and(mine, eq(crmContacts.id, raw)));
  }
  const q = normalize(raw);
  if (q.includes('@')) {
    return ctx.db.select().from(crmContacts).where(and(mine, sql`lower(${crmContacts.email}) = ${q}`)).limit(10);
  }
  const exact = await ctx.db.select().from(crmContacts).where(and(mine, sql`${contactFullNameSql} = ${q}`)).limit(10);
  if (exact.length > 0) return exact;

  const words = q.split(' ');
  if (words.length === 1) {
    const byPart = await ctx.db
      .select()
      .from(crmContacts)
      .where(and(mine, or(sql`lower(${crmContacts.firstName}) = ${q}`, sql`lower(${crmContacts.lastName}) = ${q}`)))
      .limit(10);
    if (byPart.length > 0) return byPart;
  } else {
    // "Priya P" or "Priya Pat": a first name and the start of a last name.
    const first = words[0];
    const lastPrefix = words.slice(1).join(' ');
    const byPrefix = await ctx.db
      .select()
      .from(crmContacts)
      .where(and(mine, sql`lower(${crmContacts.firstName}) = ${first}`, sql`lower(${crmContacts.lastName}) like ${lastPrefix.replace(/[%_\\]/g, '\\$&') + '%'}`))
      .limit(10);
    if (byPrefix.length > 0) return byPrefix;
  }

  // Typos and near misses: trigram similarity, accepted only when one match stands out.
  const similarity = sql<number>`greatest(similarity(${contactFullNameSql}, ${q}), word_similarity(${q}, ${contactFullNameSql}))`;
  const fuzzy = await ctx.db
    .select({ contact: crmContacts, score: similarity })
    .from(crmContacts)
    .where(and(mine, sql`(${contactFullNameSql} % ${q} or ${q} <% ${contactFullNameSql})`))
    .orderBy(desc(similarity))
    .limit(5);
  const good = fuzzy.filter((f) => Number(f.score) >= 0.45);
  if (good.length === 0) return [];
  const best = Number(good[0].score);
  return good.filter((f) => best - Number(f.score) < 0.1).map((f) => f.contact);
}
