import { z } from 'zod';
import { and, asc, desc, eq, inArray, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import {
  crmContacts, crmInteractions, crmOpportunities, crmContactInsights, crmActivities, crmTasks, crmUserCounters,
} from '../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import {
  ContactFields, ContactRecord, ContactRef, DayString, InteractionRecord, OpportunityRecord,
  InsightRecord, RelationshipType, ConnectionStrength, ContactSource, Tag, PageInput,
} from './shared/schemas.js';
import { contactRecord, interactionRecord, opportunityRecord, insightRecord, fullName } from './shared/records.js';
import { resolveContact, candidateOf, isUuid } from './shared/resolve-contact.js';
import { recordActivity } from './shared/record-activity.js';
import { contactColumns, uniqueTags } from './shared/contact-values.js';
import { profileUrlKey } from './shared/posting-url.js';
import { jsonList, rowsFromJson } from './shared/json-rows.js';
import { decodeCursor, encodeCursor, pageOf } from './shared/cursor.js';
import { todayIn } from './shared/user-dates.js';
import { countOf } from './shared/words.js';
import { InvalidInputError, NotFoundError } from './shared/errors.js';
import { reloadContact, setFollowUp, syncContactFollowUps } from './shared/follow-up-tasks.js';
import { marked, myTeamIds, ownOrShared, sharingMarks, teammateNames, visibleToMe } from './shared/sharing.js';
import type { ToolContext } from './shared/context.js';

const CandidateSchema = z.object({ id: z.string(), name: z.string(), company: z.string().nullable(), email: z.string().nullable() });
const OPEN_STATUSES = ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'] as const;

async function possibleDuplicates(ctx: ToolContext, c: { id?: string; firstName: string; lastName: string; email?: string | null }) {
  const sameName = and(eq(crmContacts.firstNameKey, c.firstName.toLowerCase()), eq(crmContacts.lastNameKey, c.lastName.toLowerCase()));
  const rows = await ctx.db
    .select()
    .from(crmContacts)
    .where(and(
      eq(crmContacts.userId, ctx.userId),
      c.id ? ne(crmContacts.id, c.id) : undefined,
      c.email ? or(sameName, eq(crmContacts.emailKey, c.email.toLowerCase())) : sameName,
    ))
    .limit(5);
  return rows.map(candidateOf);
}

/** The contact that is this person for sure: the same e-mail address or the same profile page. */
async function sameProfileOrEmail(ctx: ToolContext, emailKey: string | null, profileUrl: string | null) {
  if (!emailKey && !profileUrl) return undefined;
  const profileKey = profileUrl ? profileUrlKey(profileUrl) : null;
  const [row] = await ctx.db.select().from(crmContacts).where(and(
    eq(crmContacts.userId, ctx.userId),
    or(
      emailKey ? eq(crmContacts.emailKey, emailKey) : undefined,
      // Saved links are keyed in SQL the way profileUrlKey keys the new one (no fragment, query or trailing slash, any case).
      profileKey ? sql`lower(regexp_replace(split_part(split_part(${crmContacts.linkedinUrl}, '#', 1), '?', 1), '/+$', '')) = ${profileKey}` : undefined,
    ),
  )).orderBy(asc(crmContacts.createdAt)).limit(1);
  return row;
}

export const addContact = defineTool({
  name: 'add_contact',
  title: 'Add a contact',
  description:
    'Create a new contact (a person in the user\'s network). Give at least the first name; add the last name, company, job title, ' +
    'email, phone, LinkedIn URL, location, how they met (contact_source), the relationship (recruiter, hiring_manager, peer, mentor, referral), ' +
    'connection strength, notes and tags when known. Returns the contact and any existing contacts that look like duplicates. ' +
    'A contact with the same e-mail or LinkedIn URL as one already saved is not added again: that one is returned with already_saved true.',
  input: ContactFields.extend({
    last_name: z.string().trim().max(100).default('').describe('Last name; may be empty when unknown'),
    last_contact_date: DayString.nullish(),
    next_follow_up_date: DayString.nullish(),
  }),
  output: z.object({ contact: ContactRecord, possible_duplicates: z.array(CandidateSchema), already_saved: z.boolean().optional() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const values = contactColumns(input);
    const same = await sameProfileOrEmail(ctx, values.email ?? null, input.linkedin_url ?? null);
    if (same) return { contact: contactRecord(same), possible_duplicates: [], already_saved: true };
    const duplicates = await possibleDuplicates(ctx, { firstName: input.first_name, lastName: input.last_name, email: input.email });
    let [row] = await ctx.db
      .insert(crmContacts)
      .values({
        ...values,
        firstName: input.first_name,
        lastName: input.last_name,
        userId: ctx.userId,
        lastContactDate: input.last_contact_date ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (input.next_follow_up_date) row = await setFollowUp(ctx, row, input.next_follow_up_date);
    await recordActivity(ctx, { type: 'contact_added', description: `Added ${fullName(row)}${row.company ? ` (${row.company})` : ''}`, contactId: row.id });
    return { contact: contactRecord(row), possible_duplicates: duplicates };
  },
});

export const updateContact = defineTool({
  name: 'update_contact',
  title: 'Update a contact',
  description:
    'Change a contact\'s details: name, company, job title (e.g. when they move jobs), email, phone, LinkedIn, location, ' +
    'relationship type, connection strength, source, notes or tags. `notes` replaces the notes; `append_notes` adds a line to them. ' +
    '`tags` replaces all tags; `add_tags` and `remove_tags` change some. Only the fields given change.',
  input: ContactFields.partial().extend({
    contact: ContactRef,
    append_notes: z.string().trim().min(1).max(20_000).optional().describe('Text to add to the end of the contact\'s notes'),
    add_tags: z.array(Tag).optional(),
    remove_tags: z.array(Tag).optional(),
    last_contact_date: DayString.nullish(),
    next_follow_up_date: DayString.nullish(),
  }),
  output: z.object({ contact: ContactRecord, changed: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const existing = await resolveContact(ctx, input.contact);
    const { contact: _ref, append_notes, add_tags, remove_tags, last_contact_date, next_follow_up_date, ...fields } = input;
    const values = contactColumns(fields);
    if (append_notes) values.notes = existing.notes ? `${existing.notes}\n${append_notes}` : append_notes;
    if (add_tags || remove_tags) {
      const base = values.tags ?? existing.tags ?? [];
      const removed = new Set((remove_tags ?? []).map((t) => t.toLowerCase()));
      values.tags = uniqueTags([...base, ...(add_tags ?? [])].filter((t) => !removed.has(t.toLowerCase())));
    }
    if (last_contact_date !== undefined) values.lastContactDate = last_contact_date;
    const changed = Object.keys(values);
    if (next_follow_up_date !== undefined) changed.push('nextFollowUpDate');
    if (changed.length === 0) throw new InvalidInputError('(input)', 'Nothing to change: give at least one field to update.');
    let [row] = await ctx.db
      .update(crmContacts)
      .set({ ...values, updatedAt: ctx.now })
      .where(and(eq(crmContacts.id, existing.id), eq(crmContacts.userId, ctx.userId)))
      .returning();
    if (next_follow_up_date !== undefined) row = await setFollowUp(ctx, row, next_follow_up_date);
    await recordActivity(ctx, { type: 'contact_updated', description: `Updated ${fullName(row)}`, contactId: row.id });
    return { contact: contactRecord(row), changed: changed.map((k) => k.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase())) };
  },
});

export const getContact = defineTool({
  name: 'get_contact',
  title: 'Get a contact',
  description:
    'Look up one contact by id, email or name and return everything about them: details, email, phone, company, notes, tags, ' +
    'last contact and next follow-up dates, their interaction timeline (newest first) and their open job opportunities. ' +
    'Use it to answer questions like "what\'s Priya\'s email?" or "when did I last talk to Lucas?". A contact a teammate shared ' +
    'with your team is found too (marked `shared`), with the team\'s interactions with them (each teammate\'s marked `logged_by`).',
  input: z.object({ contact: ContactRef, timeline_limit: z.number().int().min(1).max(500).optional() }),
  output: z.object({
    contact: ContactRecord,
    interactions: z.array(InteractionRecord),
    open_opportunities: z.array(OpportunityRecord),
    insights: z.array(InsightRecord),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    // By id, the contact and its three lists are one statement; by name or e-mail, the reference is
    // resolved first (it may be ambiguous). Each list is aggregated in its own order: see rowsFromJson.
    const reference = input.contact.trim();
    const resolved = isUuid(reference) ? undefined : await resolveContact(ctx, reference, { shared: true });
    const contactId = resolved?.id ?? reference;
    const mine = <T extends { userId: AnyColumn; contactId: AnyColumn }>(t: T) => and(eq(t.userId, ctx.userId), eq(t.contactId, contactId));
    // A shared contact's timeline is its team's: the caller's interactions, and the others' when the contact is shared with one of their teams.
    const timeline = and(eq(crmInteractions.contactId, contactId), sql`(${crmInteractions.userId} = ${ctx.userId} or exists (
      select 1 from ${crmContacts} c where c.id = ${contactId}::uuid and c.team_id = any((select kith_my_team_ids())::uuid[])))`);
    const [lists] = await ctx.db.select({
      contact: resolved ? sql`null` : jsonList(ctx.db.select().from(crmContacts)
        .where(and(visibleToMe(crmContacts, ctx), eq(crmContacts.id, contactId)))),
      interactions: jsonList(ctx.db.select().from(crmInteractions).where(timeline)
        .orderBy(desc(crmInteractions.interactionDate), crmInteractions.id).limit(input.timeline_limit ?? 50), 'interaction_date desc, id'),
      opportunities: jsonList(ctx.db.select().from(crmOpportunities)
        .where(and(mine(crmOpportunities), inArray(crmOpportunities.status, [...OPEN_STATUSES]))), 'updated_at desc, id'),
      insights: jsonList(ctx.db.select().from(crmContactInsights).where(mine(crmContactInsights))
        .orderBy(desc(crmContactInsights.generatedAt), crmContactInsights.id).limit(20), 'generated_at desc, id'),
    }).from(sql`(select 1) as one`);
    const c = resolved ?? rowsFromJson(crmContacts, lists.contact)[0];
    if (!c) throw new NotFoundError(`No contact matches "${reference}".`, { reference });
    const interactions = rowsFromJson(crmInteractions, lists.interactions);
    const opportunities = rowsFromJson(crmOpportunities, lists.opportunities);
    const insights = rowsFromJson(crmContactInsights, lists.insights);
    const mark = await sharingMarks(ctx, [c]);
    const loggedBy = await teammateNames(ctx, interactions.map((i) => i.userId));
    return {
      contact: marked(contactRecord(c), mark(c)),
      interactions: interactions.map((i) => (i.userId === ctx.userId ? interactionRecord(i, fullName(c)) : { ...interactionRecord(i, fullName(c)), logged_by: loggedBy.get(i.userId) ?? 'a former teammate' })),
      open_opportunities: opportunities.map((o) => opportunityRecord(o, { contact_name: fullName(c) })),
      insights: insights.map(insightRecord),
    };
  },
});

/** How the contact list can be ordered; `name` (last, first) pages by keyset, the others by offset. */
export const ContactSort = z.enum(['name', 'company', 'last_contact', 'next_follow_up', 'created', 'updated']);
/** Where a contact's next follow-up stands today, in the user's zone. */
export const FollowUpState = z.enum(['overdue', 'today', 'upcoming', 'scheduled', 'none']);

const SORT_COLUMNS: Record<Exclude<z.infer<typeof ContactSort>, 'name'>, AnyColumn> = {
  company: crmContacts.companyKey,
  last_contact: crmContacts.lastContactDate,
  next_follow_up: crmContacts.nextFollowUpDate,
  created: crmContacts.createdAt,
  updated: crmContacts.updatedAt,
};

function followUpCondition(ctx: ToolContext, state: z.infer<typeof FollowUpState> | undefined) {
  if (!state) return undefined;
  const today = todayIn(ctx.now, ctx.tz);
  const day = crmContacts.nextFollowUpDate;
  switch (state) {
    case 'overdue': return sql`${day} < ${today}::date`;
    case 'today': return sql`${day} = ${today}::date`;
    case 'upcoming': return sql`${day} > ${today}::date`;
    case 'scheduled': return sql`${day} is not null`;
    case 'none': return sql`${day} is null`;
  }
}

export const findContacts = defineTool({
  name: 'find_contacts',
  title: 'Find contacts',
  description:
    'List or search contacts. `query` matches any part of the name, email or company; filter by tag, company, relationship type, ' +
    'connection strength, source (how you met), follow-up state (overdue, today, upcoming, scheduled, none), words of the job ' +
    'title, location, a field they lack (missing), or not contacted since a day (going cold). Sorted by last name unless `sort` ' +
    'says otherwise. Returns a page of contacts, the total that match, and a next_cursor for the next page. Contacts teammates ' +
    'shared with your teams are included, each marked `shared` with its owner\'s name.',
  input: z.object({
    query: z.string().trim().max(200).optional().describe('Text to look for in names, emails and companies'),
    tag: Tag.optional(),
    company: z.string().trim().max(200).optional(),
    relationship_type: RelationshipType.optional(),
    connection_strength: ConnectionStrength.optional(),
    contact_source: ContactSource.optional(),
    follow_up: FollowUpState.optional().describe('Where the next follow-up stands: overdue, today, upcoming, scheduled (any date) or none'),
    sort: ContactSort.optional().describe('Order: name (default), company, last_contact, next_follow_up, created, updated'),
    order: z.enum(['asc', 'desc']).optional().describe('asc (default) or desc; empty values come last either way'),
    job_title: z.string().trim().min(1).max(100).optional().describe('Text the job title contains, e.g. "designer"'),
    location: z.string().trim().min(1).max(100).optional().describe('Text the location contains, e.g. "New York"'),
    missing: z.enum(['email', 'phone', 'linkedin_url', 'company', 'job_title']).optional().describe('Only contacts without this field'),
    not_contacted_since: DayString.optional().describe('Only contacts last talked to before this day, or never'),
    ...PageInput,
  }),
  output: z.object({ contacts: z.array(ContactRecord), next_cursor: z.string().nullable(), total: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const limit = input.limit ?? 25;
    const like = (s: string) => `%${s.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
    const teamIds = await myTeamIds(ctx);
    const filters = and(
      ownOrShared(crmContacts, ctx, teamIds),
      input.query ? sql`${crmContacts.searchText} like ${like(input.query)}` : undefined,
      input.tag ? sql`${crmContacts.tags} @> array[${input.tag}]::text[]` : undefined,
      input.company ? eq(crmContacts.companyKey, input.company.toLowerCase()) : undefined,
      input.relationship_type ? eq(crmContacts.relationshipType, input.relationship_type) : undefined,
      input.connection_strength ? eq(crmContacts.connectionStrength, input.connection_strength) : undefined,
      input.contact_source ? eq(crmContacts.contactSource, input.contact_source) : undefined,
      followUpCondition(ctx, input.follow_up),
      input.job_title ? sql`lower(coalesce(${crmContacts.jobTitle}, '')) like ${like(input.job_title.replace(/s$/i, ''))}` : undefined,
      input.location ? sql`lower(coalesce(${crmContacts.location}, '')) like ${like(input.location)}` : undefined,
      input.missing ? sql`coalesce(${MISSING_COLUMNS[input.missing]}, '') = ''` : undefined,
      input.not_contacted_since ? sql`(${crmContacts.lastContactDate} is null or ${crmContacts.lastContactDate} < ${input.not_contacted_since})` : undefined,
    );
    const total = await contactTotal(ctx, input, filters, teamIds);
    const sort = input.sort ?? 'name';
    const descending = input.order === 'desc';
    const byName = [descending ? desc(crmContacts.lastName) : asc(crmContacts.lastName), descending ? desc(crmContacts.firstName) : asc(crmContacts.firstName), descending ? desc(crmContacts.id) : asc(crmContacts.id)];
    if (sort === 'name') {
      const after = input.cursor ? decodeCursor(input.cursor, 3) : null;
      const keyset = after
        ? (descending
          ? sql`(${crmContacts.lastName}, ${crmContacts.firstName}, ${crmContacts.id}) < (${after[0]}, ${after[1]}, ${after[2]}::uuid)`
          : sql`(${crmContacts.lastName}, ${crmContacts.firstName}, ${crmContacts.id}) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`)
        : undefined;
      const rows = await ctx.db.select().from(crmContacts).where(and(filters, keyset)).orderBy(...byName).limit(limit + 1);
      const { page, next_cursor } = pageOf(rows, limit, (c) => [c.lastName, c.firstName, c.id]);
      const mark = await sharingMarks(ctx, page);
      return { contacts: page.map((c) => marked(contactRecord(c), mark(c))), next_cursor, total };
    }
    // Other orders page by offset: their keys may be empty, and a personal list is small enough.
    const offset = input.cursor ? Number(decodeCursor(input.cursor, 2)[1]) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new InvalidInputError('cursor', 'cursor: not a cursor returned by a previous page.');
    const column = SORT_COLUMNS[sort];
    const rows = await ctx.db.select().from(crmContacts).where(filters)
      .orderBy(sql`${column} ${sql.raw(descending ? 'desc' : 'asc')} nulls last`, ...byName)
      .offset(offset).limit(limit + 1);
    const page = rows.slice(0, limit);
    const mark = await sharingMarks(ctx, page);
    return { contacts: page.map((c) => marked(contactRecord(c), mark(c))), next_cursor: rows.length > limit ? encodeCursor([sort, offset + limit]) : null, total };
  },
});

/** The inputs of find_contacts that narrow the list (the rest only order and page it). */
const FILTER_FIELDS = ['query', 'tag', 'company', 'relationship_type', 'connection_strength', 'contact_source', 'follow_up', 'job_title', 'location', 'missing', 'not_contacted_since'] as const;

/**
 * How many contacts match. The whole list and "any follow-up scheduled" are read from the counts
 * the database keeps (migration 0072), so the first page of a large list never counts every row;
 * the teammates' shared contacts are counted on their own (an index on team_id).
 */
async function contactTotal(ctx: ToolContext, input: Partial<Record<(typeof FILTER_FIELDS)[number], unknown>>, filters: SQL | undefined, teamIds: string[]): Promise<number> {
  const narrowing = FILTER_FIELDS.filter((field) => input[field] !== undefined);
  if (narrowing.length === 0 || (narrowing.length === 1 && input.follow_up === 'scheduled')) {
    const [kept] = await ctx.db.select().from(crmUserCounters).where(eq(crmUserCounters.userId, ctx.userId));
    const own = narrowing.length === 0 ? (kept?.contacts ?? 0) : (kept?.contactsWithFollowUp ?? 0);
    if (teamIds.length === 0) return own;
    const [{ shared }] = await ctx.db.select({ shared: sql<number>`count(*)::int` }).from(crmContacts).where(and(
      inArray(crmContacts.teamId, teamIds), ne(crmContacts.userId, ctx.userId),
      narrowing.length === 0 ? undefined : sql`${crmContacts.nextFollowUpDate} is not null`,
    ));
    return own + shared;
  }
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(crmContacts).where(filters);
  return total;
}

const MISSING_COLUMNS = {
  email: crmContacts.email, phone: crmContacts.phone, linkedin_url: crmContacts.linkedinUrl, company: crmContacts.company, job_title: crmContacts.jobTitle,
} as const;

export async function resolveMany(ctx: ToolContext, refs: string[]) {
  const rows = [];
  for (const ref of refs) rows.push(await resolveContact(ctx, ref));
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

const BulkTagInput = z.object({
  contacts: z.array(ContactRef).min(1).max(1000).describe('The contacts (ids, emails or names)'),
  tags: z.array(Tag).min(1).max(50),
  confirm: ConfirmField.describe('Needed when more than one contact would change'),
  approval_id: ApprovalIdField,
});

const BulkTagOutput = z.union([
  z.object({ status: z.literal('done'), tags: z.array(z.string()), contacts: z.array(ContactRecord) }),
  ConfirmationRequiredSchema,
]);

function bulkTagTool(mode: 'tag' | 'untag') {
  return defineTool({
    name: mode === 'tag' ? 'tag_contacts' : 'untag_contacts',
    title: mode === 'tag' ? 'Tag contacts' : 'Remove tags from contacts',
    description: mode === 'tag'
      ? 'Add one or more tags to one or more contacts (e.g. "tag Priya as mentor"). Changing more than one contact is a bulk change and needs confirm: true.'
      : 'Remove one or more tags from one or more contacts. Changing more than one contact is a bulk change and needs confirm: true.',
    input: BulkTagInput,
    output: BulkTagOutput,
    // Removing tags loses information; adding them does not.
    annotations: { readOnlyHint: false, destructiveHint: mode === 'untag', idempotentHint: true },
    needsConfirmation: (input) => input.contacts.length > 1,
    async run(ctx, input) {
      const targets = await resolveMany(ctx, input.contacts);
      const tags = uniqueTags(input.tags);
      if (targets.length > 1 && !input.confirm) {
        return confirmationRequired(
          mode === 'tag' ? 'tag_contacts' : 'untag_contacts',
          `${mode === 'tag' ? 'Add' : 'Remove'} ${tags.map((t) => `"${t}"`).join(', ')} ${mode === 'tag' ? 'to' : 'from'} ${targets.length} contacts: ${targets.map(fullName).join(', ')}.`,
          { contacts: targets.map(candidateOf), tags },
        );
      }
      const updated = [];
      for (const t of targets) {
        const next = mode === 'tag' ? uniqueTags([...(t.tags ?? []), ...tags]) : (t.tags ?? []).filter((x) => !tags.includes(x));
        const [row] = await ctx.db.update(crmContacts).set({ tags: next, updatedAt: ctx.now })
          .where(and(eq(crmContacts.id, t.id), eq(crmContacts.userId, ctx.userId))).returning();
        updated.push(row);
      }
      await recordActivity(ctx, {
        type: 'contacts_tagged',
        description: `${mode === 'tag' ? 'Tagged' : 'Untagged'} ${updated.map(fullName).join(', ')} ${mode === 'tag' ? 'with' : 'from'} ${tags.join(', ')}`,
        contactId: updated.length === 1 ? updated[0].id : null,
      });
      return { status: 'done' as const, tags, contacts: updated.map(contactRecord) };
    },
  });
}

export const tagContacts = bulkTagTool('tag');
export const untagContacts = bulkTagTool('untag');

export const deleteContact = defineTool({
  name: 'delete_contact',
  title: 'Delete a contact',
  description:
    'Delete a contact together with their interactions and insights (their opportunities are kept, unlinked). Destructive: ' +
    'without confirm: true it changes nothing and returns what would be deleted, to show the user for confirmation.',
  input: z.object({ contact: ContactRef, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([
    z.object({ status: z.literal('deleted'), contact: ContactRecord, interactions_deleted: z.number() }),
    ConfirmationRequiredSchema,
  ]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const c = await resolveContact(ctx, input.contact);
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(crmInteractions)
      .where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, c.id)));
    if (!input.confirm) {
      return confirmationRequired('delete_contact', `Delete ${fullName(c)} and ${countOf(n, 'interaction')}?`, { contact: candidateOf(c), interactions: n });
    }
    await recordActivity(ctx, { type: 'contact_deleted', description: `Deleted ${fullName(c)}` });
    await ctx.db.delete(crmContacts).where(and(eq(crmContacts.id, c.id), eq(crmContacts.userId, ctx.userId)));
    return { status: 'deleted' as const, contact: contactRecord(c), interactions_deleted: n };
  },
});

export const mergeContacts = defineTool({
  name: 'merge_contacts',
  title: 'Merge duplicate contacts',
  description:
    'Merge two contacts that are the same person: everything of `duplicate` (interactions, opportunities, insights, activity) moves ' +
    'to `keep`, empty fields of `keep` are filled from `duplicate`, tags are combined, and `duplicate` is deleted. ' +
    'Destructive: without confirm: true it changes nothing and returns what would happen.',
  input: z.object({
    keep: ContactRef.describe('The contact that stays'),
    duplicate: ContactRef.describe('The contact merged into `keep` and then deleted'),
    confirm: ConfirmField,
    approval_id: ApprovalIdField,
  }),
  output: z.union([
    z.object({ status: z.literal('merged'), contact: ContactRecord, moved: z.object({ interactions: z.number(), opportunities: z.number() }) }),
    ConfirmationRequiredSchema,
  ]),
  annotations: { readOnlyHint: false, destructiveHint: true },
  async run(ctx, input) {
    const keep = await resolveContact(ctx, input.keep);
    const dup = await resolveContact(ctx, input.duplicate);
    if (keep.id === dup.id) throw new InvalidInputError('duplicate', 'duplicate: that is the same contact as keep.');
    if (!input.confirm) {
      return confirmationRequired('merge_contacts', `Merge ${fullName(dup)} into ${fullName(keep)} and delete the duplicate?`, { keep: candidateOf(keep), duplicate: candidateOf(dup) });
    }
    const fill = <T>(a: T | null, b: T | null): T | null => (a === null || a === undefined || a === '' ? b : a);
    const maxDay = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);
    const movedInteractions = await ctx.db.update(crmInteractions).set({ contactId: keep.id })
      .where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, dup.id))).returning({ id: crmInteractions.id });
    const movedOpportunities = await ctx.db.update(crmOpportunities).set({ contactId: keep.id })
      .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.contactId, dup.id))).returning({ id: crmOpportunities.id });
    await ctx.db.update(crmContactInsights).set({ contactId: keep.id })
      .where(and(eq(crmContactInsights.userId, ctx.userId), eq(crmContactInsights.contactId, dup.id)));
    await ctx.db.update(crmTasks).set({ contactId: keep.id })
      .where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.contactId, dup.id)));
    await ctx.db.update(crmActivities).set({ relatedContactId: keep.id })
      .where(and(eq(crmActivities.userId, ctx.userId), eq(crmActivities.relatedContactId, dup.id)));
    let [row] = await ctx.db.update(crmContacts).set({
      email: fill(keep.email, dup.email),
      phone: fill(keep.phone, dup.phone),
      company: fill(keep.company, dup.company),
      jobTitle: fill(keep.jobTitle, dup.jobTitle),
      linkedinUrl: fill(keep.linkedinUrl, dup.linkedinUrl),
      twitterUrl: fill(keep.twitterUrl, dup.twitterUrl),
      location: fill(keep.location, dup.location),
      contactSource: fill(keep.contactSource, dup.contactSource),
      relationshipType: fill(keep.relationshipType, dup.relationshipType),
      connectionStrength: fill(keep.connectionStrength, dup.connectionStrength),
      lastContactDate: maxDay(keep.lastContactDate, dup.lastContactDate),
      notes: [keep.notes, dup.notes].filter(Boolean).join('\n') || null,
      tags: uniqueTags([...(keep.tags ?? []), ...(dup.tags ?? [])]),
      updatedAt: ctx.now,
    }).where(and(eq(crmContacts.id, keep.id), eq(crmContacts.userId, ctx.userId))).returning();
    await ctx.db.delete(crmContacts).where(and(eq(crmContacts.id, dup.id), eq(crmContacts.userId, ctx.userId)));
    // The duplicate's tasks are the kept contact's now; its follow-up date is their earliest.
    await syncContactFollowUps(ctx, [keep.id]);
    row = await reloadContact(ctx, keep.id);
    await recordActivity(ctx, { type: 'contacts_merged', description: `Merged ${fullName(dup)} into ${fullName(row)}`, contactId: row.id });
    return { status: 'merged' as const, contact: contactRecord(row), moved: { interactions: movedInteractions.length, opportunities: movedOpportunities.length } };
  },
});

export const contactTools = [addContact, updateContact, getContact, findContacts, tagContacts, untagContacts, deleteContact, mergeContacts];
