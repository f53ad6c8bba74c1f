import { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { crmContacts, crmOpportunities, teams } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { ContactRef, OpportunityRef, SharedMark } from '../shared/schemas.js';
import { contactRecord, fullName, opportunityRecord } from '../shared/records.js';
import { resolveContact, isUuid } from '../shared/resolve-contact.js';
import { resolveOpportunity, opportunityLabel } from '../shared/resolve-opportunity.js';
import { recordActivity } from '../shared/record-activity.js';
import { marked, personName, sharingMarks, teamRoster, type RosterRow } from '../shared/sharing.js';
import { InvalidInputError, NotFoundError } from '../shared/errors.js';
import type { ToolContext } from '../shared/context.js';

/**
 * Team workspaces (Enterprise, migration 0078). The database decides: a team is created only on a
 * plan with teams (a trigger), members are added and removed by functions that check the team's
 * owner, and row-level security lets a team's members read what is shared with it while only a
 * record's owner changes it. These tools give the answers names.
 */

const TeamRef = z.string().trim().min(1).max(100).describe('The team: its name or id');
const MemberEmail = z.string().trim().min(3).max(254).describe('The e-mail address the person uses on this Kith');

const TeamMember = z.object({ user_id: z.string(), name: z.string(), email: z.string(), owner: z.boolean(), added_at: z.string() });
export const TeamRecord = z.object({
  id: z.string(),
  name: z.string(),
  owner_name: z.string(),
  yours: z.boolean().describe('True when you own the team (you add and remove its members)'),
  created_at: z.string(),
  members: z.array(TeamMember),
  shared: z.object({ contacts: z.number(), opportunities: z.number() }).describe('How many records are shared with the team'),
});
type TeamRecord = z.infer<typeof TeamRecord>;

const iso = (d: string | Date) => new Date(d).toISOString();

/** The caller's teams as records, in one roster read and one count per table. */
async function teamRecords(ctx: ToolContext, only?: string): Promise<TeamRecord[]> {
  const roster = (await teamRoster(ctx)).filter((r) => !only || r.team_id === only);
  const byTeam = new Map<string, RosterRow[]>();
  for (const r of roster) byTeam.set(r.team_id, [...(byTeam.get(r.team_id) ?? []), r]);
  const ids = [...byTeam.keys()];
  const counts = async (table: typeof crmContacts | typeof crmOpportunities) => ids.length === 0 ? new Map<string, number>() : new Map(
    (await ctx.db.select({ team: table.teamId, n: sql<number>`count(*)::int` }).from(table).where(inArray(table.teamId, ids)).groupBy(table.teamId))
      .map((r) => [r.team!, Number(r.n)]));
  const contacts = await counts(crmContacts);
  const opportunities = await counts(crmOpportunities);
  return ids.map((id) => {
    const members = byTeam.get(id)!;
    const first = members[0];
    const owner = members.find((m) => m.user_id === first.team_owner);
    return {
      id, name: first.team_name, owner_name: owner ? personName(owner) : 'its owner', yours: first.team_owner === ctx.userId,
      created_at: iso(first.team_created_at),
      members: members.map((m) => ({ user_id: m.user_id, name: personName(m), email: m.email, owner: m.user_id === m.team_owner, added_at: iso(m.added_at) })),
      shared: { contacts: contacts.get(id) ?? 0, opportunities: opportunities.get(id) ?? 0 },
    };
  });
}

/** One of the caller's teams, by id or name (a name two of their teams share must be given as an id). */
async function resolveTeam(ctx: ToolContext, reference: string): Promise<{ id: string; name: string; owner: string }> {
  const raw = reference.trim();
  const roster = await teamRoster(ctx);
  const found = new Map<string, { id: string; name: string; owner: string }>();
  for (const r of roster) {
    if (isUuid(raw) ? r.team_id === raw : r.team_name.toLowerCase() === raw.toLowerCase()) found.set(r.team_id, { id: r.team_id, name: r.team_name, owner: r.team_owner });
  }
  if (found.size === 1) return [...found.values()][0];
  if (found.size === 0) throw new NotFoundError(`You are in no team named "${raw}".`, { reference: raw });
  throw new InvalidInputError('team', `team: more than one of your teams is named "${raw}"; give its id (${[...found.keys()].join(', ')}).`);
}

/** A team as it is now: a new context object, so the roster is read again after a change. */
async function teamRecord(ctx: ToolContext, id: string): Promise<TeamRecord> {
  const [team] = await teamRecords({ ...ctx }, id);
  return team;
}

const TeamOutput = z.object({ team: TeamRecord });

export const createTeam = defineTool({
  name: 'create_team',
  title: 'Create a team',
  description:
    'Create a team workspace (Enterprise plan): you own it, add teammates by e-mail, and share contacts and opportunities with it. ' +
    'Teammates read what is shared and log their own interactions with shared contacts; only a record\'s owner changes or deletes it.',
  input: z.object({ name: z.string().trim().min(1).max(100) }),
  output: TeamOutput,
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const [existing] = await ctx.db.select({ id: teams.id }).from(teams)
      .where(and(eq(teams.userId, ctx.userId), sql`lower(${teams.name}) = ${input.name.toLowerCase()}`));
    if (existing) throw new InvalidInputError('name', `name: you already have a team named "${input.name}".`);
    const [row] = await ctx.db.insert(teams).values({ userId: ctx.userId, name: input.name, createdAt: ctx.now }).returning({ id: teams.id });
    return { team: await teamRecord(ctx, row.id) };
  },
});

export const addTeamMember = defineTool({
  name: 'add_team_member',
  title: 'Add a team member',
  description: 'Add a person to one of your teams by the e-mail they use on this Kith (the team\'s owner only, on the Enterprise plan). They then read what is shared with the team.',
  input: z.object({ team: TeamRef, email: MemberEmail }),
  output: TeamOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const team = await resolveTeam(ctx, input.team);
    await ctx.db.execute(sql`select kith_add_team_member(${team.id}::uuid, ${input.email})`);
    return { team: await teamRecord(ctx, team.id) };
  },
});

export const removeTeamMember = defineTool({
  name: 'remove_team_member',
  title: 'Remove a team member',
  description:
    'Take a person out of one of your teams (the team\'s owner), or leave a team (your own e-mail). What they shared with the team ' +
    'becomes private to them again, and they no longer read what the others share.',
  input: z.object({ team: TeamRef, email: MemberEmail }),
  output: z.object({ team: TeamRecord.nullable(), removed: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const team = await resolveTeam(ctx, input.team);
    const member = (await teamRoster(ctx)).find((r) => r.team_id === team.id && r.email.toLowerCase() === input.email.toLowerCase());
    if (!member) throw new NotFoundError(`Nobody with the e-mail ${input.email} is in the team ${team.name}.`, { email: input.email });
    await ctx.db.execute(sql`select kith_remove_team_member(${team.id}::uuid, ${member.user_id}::uuid)`);
    // Leaving: the team is no longer the caller's to see.
    return { team: member.user_id === ctx.userId ? null : await teamRecord(ctx, team.id), removed: member.email };
  },
});

export const listTeams = defineTool({
  name: 'list_teams',
  title: 'List teams',
  description: 'The teams you are in: each with its owner, its members and how many contacts and opportunities are shared with it.',
  input: z.object({}),
  output: z.object({ teams: z.array(TeamRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    return { teams: await teamRecords(ctx) };
  },
});

const RecordKind = z.enum(['contact', 'opportunity']).describe('What is shared: a contact or an opportunity');
const ShareOutput = z.object({
  record_type: RecordKind,
  id: z.string(),
  name: z.string(),
  shared: SharedMark.nullable().describe('The team it is shared with now; null when it is private'),
});

function sharingTool(share: boolean) {
  return defineTool({
    name: share ? 'share_record' : 'unshare_record',
    title: share ? 'Share with a team' : 'Make private again',
    description: share
      ? 'Share one of your contacts or opportunities with one of your teams (one team at a time; sharing again moves it). Its members can then read it, and log their own interactions with a shared contact; only you change or delete it.'
      : 'Make one of your shared contacts or opportunities private again: only you see it.',
    input: share
      ? z.object({ record_type: RecordKind, record: z.string().trim().min(1).max(300).describe('The contact (id, e-mail, name) or opportunity (id, company, title)'), team: TeamRef })
      : z.object({ record_type: RecordKind, record: z.string().trim().min(1).max(300).describe('The contact (id, e-mail, name) or opportunity (id, company, title)') }),
    output: ShareOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    async run(ctx, input) {
      const team = share ? await resolveTeam(ctx, (input as unknown as { team: string }).team) : null;
      // Resolution among the caller's own records: a teammate's is refused by its owner's name.
      if (input.record_type === 'contact') {
        const c = await resolveContact(ctx, ContactRef.parse(input.record));
        const [row] = await ctx.db.update(crmContacts).set({ teamId: team?.id ?? null, updatedAt: ctx.now })
          .where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, c.id))).returning();
        await recordActivity(ctx, { type: 'contact_updated', description: team ? `Shared ${fullName(row)} with ${team.name}` : `Made ${fullName(row)} private`, contactId: row.id });
        const mark = (await sharingMarks(ctx, [row]))(row);
        return { record_type: 'contact' as const, id: row.id, name: fullName(row), shared: marked(contactRecord(row), mark).shared ?? null };
      }
      const o = await resolveOpportunity(ctx, OpportunityRef.parse(input.record));
      const [row] = await ctx.db.update(crmOpportunities).set({ teamId: team?.id ?? null, updatedAt: ctx.now })
        .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.id, o.id))).returning();
      await recordActivity(ctx, { type: 'opportunity_updated', description: team ? `Shared ${opportunityLabel(row)} with ${team.name}` : `Made ${opportunityLabel(row)} private`, contactId: row.contactId });
      const mark = (await sharingMarks(ctx, [row]))(row);
      return { record_type: 'opportunity' as const, id: row.id, name: opportunityLabel(row), shared: marked(opportunityRecord(row), mark).shared ?? null };
    },
  });
}

export const shareRecord = sharingTool(true);
export const unshareRecord = sharingTool(false);

export const teamTools = [createTeam, addTeamMember, removeTeamMember, listTeams, shareRecord, unshareRecord];
