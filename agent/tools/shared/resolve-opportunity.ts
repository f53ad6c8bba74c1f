import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { crmOpportunities } from '../../../db/schema/index.js';
import type { ToolContext } from './context.js';
import { AmbiguousError, ForbiddenError, NotFoundError } from './errors.js';
import { editDistance, isUuid, type ResolveOptions } from './resolve-contact.js';
import { myTeamIds, ownOrShared, sharingMarks } from './sharing.js';

type OpportunityRow = typeof crmOpportunities.$inferSelect;

export const CLOSED_STATUSES = ['rejected', 'withdrawn'] as const;
export const ACTIVE_STATUSES = ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'] as const;

export const opportunityLabel = (o: OpportunityRow): string => (o.jobTitle ? `${o.jobTitle} at ${o.companyName}` : o.companyName);

/**
 * Finds the opportunity a reference means: an id, a company ("the Stripe opportunity"), a job
 * title, or "title at company". Among several, the only active one wins; otherwise it asks.
 * `shared`: also those teammates shared with the caller's teams (to read them); without it a
 * teammate's opportunity is refused by its owner's name.
 */
export async function resolveOpportunity(ctx: ToolContext, reference: string, options: ResolveOptions = {}): Promise<OpportunityRow> {
  const raw = reference.trim();
  const rows = await matchOpportunities(ctx, raw, ownOrShared(crmOpportunities, ctx, options.shared ? await myTeamIds(ctx) : []));
  if (rows.length > 1) {
    const active = rows.filter((r) => !(CLOSED_STATUSES as readonly string[]).includes(r.status));
    if (active.length === 1) return active[0];
  }
  if (rows.length === 1) return rows[0];
  if (rows.length === 0) {
    if (!options.shared) await refuseShared(ctx, raw);
    throw new NotFoundError(`No opportunity matches "${raw}".`, { reference: raw });
  }
  throw new AmbiguousError(raw, rows.map((r) => ({ id: r.id, name: opportunityLabel(r), company: r.companyName, email: null })));
}

async function refuseShared(ctx: ToolContext, raw: string): Promise<void> {
  const teamIds = await myTeamIds(ctx);
  if (teamIds.length === 0) return;
  const [theirs] = await matchOpportunities(ctx, raw, and(ne(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.teamId, teamIds))!);
  if (!theirs) return;
  const mark = (await sharingMarks(ctx, [theirs]))(theirs)!;
  throw new ForbiddenError(
    `${opportunityLabel(theirs)} is ${mark.owner_name}'s opportunity, shared with the team ${mark.team_name}: only ${mark.owner_name} changes or deletes it.`,
    { reason: 'shared_record', owner: mark.owner_name, team: mark.team_name },
  );
}

async function matchOpportunities(ctx: ToolContext, raw: string, mine: SQL): Promise<OpportunityRow[]> {
  let rows: OpportunityRow[];
  if (isUuid(raw)) {
    rows = await ctx.db.select().from(crmOpportunities).where(and(mine, eq(crmOpportunities.id, raw)));
  } else {
    const q = raw.toLowerCase().replace(/^the\s+/, '').replace(/\s(?:opportunity|application|role|job|position)$/, '').trim();
    const at = titleAtCompany(q);
    const company = sql`lower(${crmOpportunities.companyName})`;
    const title = sql`lower(coalesce(${crmOpportunities.jobTitle}, ''))`;
    rows = at
      ? await ctx.db.select().from(crmOpportunities).where(and(mine, sql`${title} = ${at[1]}`, sql`${company} = ${at[2]}`))
      : await ctx.db.select().from(crmOpportunities).where(and(mine, or(sql`${company} = ${q}`, sql`${title} = ${q}`)));
    // "staff at google": part of the title, at that company
    if (rows.length === 0 && at) {
      const part = `%${at[1].replace(/[%_\\]/g, '\\$&')}%`;
      rows = await ctx.db.select().from(crmOpportunities).where(and(mine, sql`${title} like ${part}`, sql`${company} = ${at[2]}`)).limit(10);
    }
    if (rows.length === 0) {
      const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
      rows = await ctx.db.select().from(crmOpportunities).where(and(mine, or(sql`${company} like ${like}`, sql`${title} like ${like}`))).limit(10);
    }
    if (rows.length === 0 && !at) rows = await misspeltCompany(ctx, q, mine);
  }
  return rows;
}

/**
 * A company one typo away ("atlasian" for Atlassian, two for a name of eight letters or more), as
 * contacts' names are found (resolve-contact.ts): the companies of the user's opportunities that
 * start with the same letter and are about as long, by edit distance. Several close: all of their
 * opportunities, so the caller asks which.
 */
async function misspeltCompany(ctx: ToolContext, q: string, mine: SQL): Promise<OpportunityRow[]> {
  if (q.length < 4 || !/^[\p{L}\d]/u.test(q)) return [];
  const company = sql`lower(${crmOpportunities.companyName})`;
  const prefix = `${q[0].replace(/[%_\\]/g, '\\$&')}%`;
  const names = await ctx.db.selectDistinct({ name: company }).from(crmOpportunities)
    .where(and(mine, sql`${company} like ${prefix}`, sql`length(${crmOpportunities.companyName}) between ${q.length - 2} and ${q.length + 2}`))
    .limit(500);
  const allowed = q.length >= 8 ? 2 : 1;
  const close = names.map((n) => String(n.name)).filter((n) => editDistance(n, q) <= allowed);
  if (close.length === 0) return [];
  return ctx.db.select().from(crmOpportunities).where(and(mine, inArray(company, close))).limit(10);
}

/** "title at company" split at the first word "at" or "@" with words on both sides (in linear time, unlike ^(.+?)\s+at\s+(.+)$). */
function titleAtCompany(q: string): [string, string, string] | null {
  const parts = q.split(/(\s+)/); // words and the runs of whitespace between them, alternately
  for (let k = 2; k + 2 < parts.length; k += 2) {
    if ((parts[k] !== 'at' && parts[k] !== '@') || parts[k + 2] === '') continue;
    return parts[0] === '' && k === 2 ? null : [q, parts.slice(0, k - 1).join(''), parts.slice(k + 2).join('')];
  }
  return null;
}
