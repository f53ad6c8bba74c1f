import { eq, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { ToolContext } from './context.js';
import type { SharedMark } from './schemas.js';

/**
 * Team sharing as the tools see it (migration 0078). Row-level security decides what a user may
 * read; these helpers only write the same rule into the queries that list shared records, so that
 * the planner can use the indexes (user_id, and team_id for shared rows) and a user in no team runs
 * exactly the query they ran before teams existed.
 */

interface Shareable { userId: AnyColumn; teamId: AnyColumn }

export interface RosterRow {
  team_id: string; team_name: string; team_owner: string; team_created_at: string | Date;
  user_id: string; email: string; display_name: string | null; added_at: string | Date;
}

const teamIdsByCall = new WeakMap<ToolContext, Promise<string[]>>();
const rosterByCall = new WeakMap<ToolContext, Promise<RosterRow[]>>();

/** The caller's teams, read once per tool call (one index lookup). */
export function myTeamIds(ctx: ToolContext): Promise<string[]> {
  let ids = teamIdsByCall.get(ctx);
  if (!ids) {
    ids = ctx.db.execute(sql`select kith_my_team_ids() as ids`).then((r) => {
      const value = (r as unknown as { rows: { ids: string[] | string | null }[] }).rows[0]?.ids;
      // node-postgres parses uuid[]; PGlite may hand back the array literal
      return Array.isArray(value) ? value : typeof value === 'string' ? value.replace(/^\{|\}$/g, '').split(',').filter(Boolean) : [];
    });
    teamIdsByCall.set(ctx, ids);
  }
  return ids;
}

/** Everyone in the caller's teams, with each team's name and owner (only when a shared record is shown). */
export function teamRoster(ctx: ToolContext): Promise<RosterRow[]> {
  let roster = rosterByCall.get(ctx);
  if (!roster) {
    roster = ctx.db.execute(sql`select * from kith_team_roster()`).then((r) => (r as unknown as { rows: RosterRow[] }).rows);
    rosterByCall.set(ctx, roster);
  }
  return roster;
}

/** For a list: the caller's rows, and those shared with one of their teams. */
export function ownOrShared(table: Shareable, ctx: ToolContext, teamIds: string[]): SQL {
  return teamIds.length === 0 ? eq(table.userId, ctx.userId) : or(eq(table.userId, ctx.userId), inArray(table.teamId, teamIds))!;
}

/** For a lookup by id: the same rule, with the teams read by the database only for a row that is not the caller's. */
export function visibleToMe(table: Shareable, ctx: ToolContext): SQL {
  return sql`(${table.userId} = ${ctx.userId} or ${table.teamId} = any((select kith_my_team_ids())::uuid[]))`;
}

export const personName = (r: Pick<RosterRow, 'display_name' | 'email'>): string => r.display_name?.trim() || r.email;

/**
 * The "shared" mark of each row (absent for private rows): the team and the owner's name. Reads the
 * roster once, and only when some row is shared.
 */
export async function sharingMarks(ctx: ToolContext, rows: Array<{ userId: string; teamId: string | null }>): Promise<(row: { userId: string; teamId: string | null }) => SharedMark | undefined> {
  if (!rows.some((r) => r.teamId)) return () => undefined;
  const roster = await teamRoster(ctx);
  const teams = new Map(roster.map((r) => [r.team_id, r.team_name]));
  const names = new Map(roster.map((r) => [r.user_id, personName(r)]));
  return (row) => {
    if (!row.teamId) return undefined;
    return {
      team_id: row.teamId,
      team_name: teams.get(row.teamId) ?? 'a team',
      owner_id: row.userId,
      owner_name: names.get(row.userId) ?? 'a former teammate',
      yours: row.userId === ctx.userId,
    };
  };
}

/** The names of teammates by user id (who logged an interaction on a shared contact). */
export async function teammateNames(ctx: ToolContext, userIds: string[]): Promise<Map<string, string>> {
  if (!userIds.some((id) => id !== ctx.userId)) return new Map();
  return new Map((await teamRoster(ctx)).map((r) => [r.user_id, personName(r)]));
}

/** A record with its mark, when it has one. */
export function marked<R extends object>(record: R, mark: SharedMark | undefined): R & { shared?: SharedMark } {
  return mark ? { ...record, shared: mark } : record;
}
