import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { crmContacts } from '../../../db/schema/index.js';
import type { ToolContext } from './context.js';
import { AmbiguousError, ForbiddenError, NotFoundError, type Candidate } from './errors.js';
import { fullName } from './records.js';
import { myTeamIds, ownOrShared, sharingMarks } from './sharing.js';

type ContactRow = typeof crmContacts.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string): boolean => UUID.test(s);

const normalize = (ref: string): string =>
  ref.trim().replace(/[’']s$/i, '').replace(/\s+/g, ' ').toLowerCase();

export function candidateOf(c: ContactRow): Candidate {
  return { id: c.id, name: fullName(c), company: c.company, email: c.email };
}

export interface ResolveOptions {
  /**
   * Also the contacts teammates shared with the caller's teams (reading one, logging an
   * interaction with it). Without it only the caller's own contacts resolve, and a shared one is
   * refused by name: only its owner changes or deletes it.
   */
  shared?: boolean;
}

/**
 * Finds the one contact a reference means: an id, an email, or a name (full, first, last, or
 * close to one). Two equally good matches are never guessed between: they raise AmbiguousError.
 */
export async function resolveContact(ctx: ToolContext, reference: string, options: ResolveOptions = {}): Promise<ContactRow> {
  const teamIds = options.shared ? await myTeamIds(ctx) : [];
  const matches = await matchContacts(ctx, reference, ownOrShared(crmContacts, ctx, teamIds));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    if (!options.shared) await refuseShared(ctx, reference);
    throw new NotFoundError(`No contact matches "${reference.trim()}".`, { reference });
  }
  throw new AmbiguousError(reference.trim(), matches.map(candidateOf));
}

/** A reference that only a teammate's shared contact answers is refused by its owner's name, not "not found". */
async function refuseShared(ctx: ToolContext, reference: string): Promise<void> {
  const teamIds = await myTeamIds(ctx);
  if (teamIds.length === 0) return;
  const [theirs] = await matchContacts(ctx, reference, and(ne(crmContacts.userId, ctx.userId), inArray(crmContacts.teamId, teamIds))!);
  if (!theirs) return;
  const mark = (await sharingMarks(ctx, [theirs]))(theirs)!;
  throw new ForbiddenError(
    `${fullName(theirs)} is ${mark.owner_name}'s contact, shared with the team ${mark.team_name}: only ${mark.owner_name} changes or deletes it. You can read it and log interactions with it.`,
    { reason: 'shared_record', owner: mark.owner_name, team: mark.team_name },
  );
}

/**
 * The best tier of matches for a reference; more than one means the reference is ambiguous.
 * `whose`: which contacts may match (default the caller's own).
 */
export async function matchContacts(ctx: ToolContext, reference: string, whose?: SQL): Promise<ContactRow[]> {
  const mine = whose ?? eq(crmContacts.userId, ctx.userId);
  const raw = reference.trim();
  if (isUuid(raw)) {
    return ctx.db.select().from(crmContacts).where(and(mine, eq(crmContacts.id, raw)));
  }
  const q = normalize(raw);
  if (q.includes('@')) {
    return ctx.db.select().from(crmContacts).where(and(mine, eq(crmContacts.emailKey, q))).limit(10);
  }
  const exact = await ctx.db.select().from(crmContacts).where(and(mine, eq(crmContacts.fullNameKey, q))).limit(10);
  if (exact.length > 0) return exact;

  const words = q.split(' ');
  if (words.length === 1) {
    const byPart = await ctx.db
      .select()
      .from(crmContacts)
      .where(and(mine, or(eq(crmContacts.firstNameKey, q), eq(crmContacts.lastNameKey, q))))
      .limit(10);
    if (byPart.length > 0) return byPart;
  } else {
    // "Priya P" or "Priya Pat": a first name and the start of a last name.
    const first = words[0];
    const lastPrefix = words.slice(1).join(' ');
    const byPrefix = await ctx.db
      .select()
      .from(crmContacts)
      .where(and(mine, eq(crmContacts.firstNameKey, first), sql`starts_with(${crmContacts.lastNameKey}, ${lastPrefix})`))
      .limit(10);
    if (byPrefix.length > 0) return byPrefix;
  }

  // Typos and near misses: trigram similarity, accepted only when one match stands out. The
  // database function reads the trigram index (see migration 0009 for why a function).
  const fuzzy = await ctx.db
    .select({ contact: crmContacts, score: sql<number>`name_match.score` })
    .from(crmContacts)
    .innerJoin(sql`kith_similar_contact_names(${q}, 5) as name_match`, sql`name_match.contact_id = ${crmContacts.id}`)
    .where(mine)
    .orderBy(sql`name_match.score desc`);
  const good = fuzzy.filter((f) => Number(f.score) >= 0.45);
  if (good.length === 0) return words.length === 1 ? misspeltName(ctx, q, mine) : [];
  const best = Number(good[0].score);
  return good.filter((f) => best - Number(f.score) < 0.1).map((f) => f.contact);
}

/**
 * A first or last name one typo away ("Marcis", "Marcsu" for Marcus), which trigrams miss in short
 * names: the names of the user's contacts that start with the same letter and are about as long,
 * by edit distance (a swap of two letters is one edit). Several people close: all of them, so the
 * caller asks which.
 */
async function misspeltName(ctx: ToolContext, q: string, mine: SQL): Promise<ContactRow[]> {
  if (q.length < 4 || !/^[\p{L}]/u.test(q)) return [];
  const prefix = `${q[0].replace(/[%_\\]/g, '\\$&')}%`;
  const near = sql`between ${q.length - 1} and ${q.length + 1}`;
  const names = await ctx.db.selectDistinct({ first: crmContacts.firstNameKey, last: crmContacts.lastNameKey }).from(crmContacts)
    .where(and(mine, or(
      and(sql`${crmContacts.firstNameKey} like ${prefix}`, sql`length(${crmContacts.firstNameKey}) ${near}`),
      and(sql`${crmContacts.lastNameKey} like ${prefix}`, sql`length(${crmContacts.lastNameKey}) ${near}`),
    )))
    .limit(500);
  const allowed = q.length >= 8 ? 2 : 1;
  const firsts = [...new Set(names.map((n) => n.first).filter((n): n is string => !!n && editDistance(n, q) <= allowed))];
  const lasts = [...new Set(names.map((n) => n.last).filter((n): n is string => !!n && editDistance(n, q) <= allowed))];
  if (firsts.length === 0 && lasts.length === 0) return [];
  return ctx.db.select().from(crmContacts).where(and(mine, or(
    firsts.length ? inArray(crmContacts.firstNameKey, firsts) : undefined,
    lasts.length ? inArray(crmContacts.lastNameKey, lasts) : undefined,
  ))).limit(10);
}

/** Edits (insert, delete, change, or swap two neighbours) from one word to the other. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
