import { z } from 'zod';
import { meetingLinkIn } from './shared/meeting-links.js';
import { withArticle } from './shared/words.js';
import { and, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { crmContacts, crmInteractions } from '../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import { Attachments, ContactRecord, ContactRef, DayString, InstantString, InteractionOutcome, InteractionRecord, InteractionType, NoteText, PageInput, RecordId, Subject } from './shared/schemas.js';
import { contactRecord, fullName, interactionRecord } from './shared/records.js';
import { resolveContact } from './shared/resolve-contact.js';
import { recordActivity } from './shared/record-activity.js';
import { addDays, dayOf, instantForDay, startOfDay } from './shared/user-dates.js';
import { decodeCursor, pageOf } from './shared/cursor.js';
import { setFollowUp } from './shared/follow-up-tasks.js';
import { marked, sharingMarks, teammateNames } from './shared/sharing.js';
import { InvalidInputError, NotFoundError } from './shared/errors.js';
import type { ToolContext } from './shared/context.js';

const TYPE_WORDS: Record<string, string> = {
  email: 'email', call: 'call', meeting: 'meeting', linkedin_message: 'LinkedIn message', coffee_chat: 'coffee chat',
};

const isDayOnly = (value: string | undefined): boolean => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** A YYYY-MM-DD is a day in the user's zone; a full date-time is taken as the instant it names. */
function interactionInstant(value: string | undefined, ctx: ToolContext): Date {
  if (!value) return ctx.now;
  return isDayOnly(value) ? instantForDay(value, ctx.now, ctx.tz) : new Date(value);
}

async function findInteraction(ctx: ToolContext, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new InvalidInputError('interaction_id', 'interaction_id: must be the id of an interaction.');
  const [row] = await ctx.db.select().from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.id, id)));
  if (!row) throw new NotFoundError(`No interaction with id ${id}.`, { interaction_id: id });
  return row;
}

/** last_contact_date is the day of the contact's latest interaction. */
async function refreshLastContact(ctx: ToolContext, contactId: string) {
  const [latest] = await ctx.db.select({ at: crmInteractions.interactionDate }).from(crmInteractions)
    .where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, contactId)))
    .orderBy(desc(crmInteractions.interactionDate)).limit(1);
  const [row] = await ctx.db.update(crmContacts)
    .set({ lastContactDate: latest ? dayOf(latest.at, ctx.tz) : null, updatedAt: ctx.now })
    .where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, contactId))).returning();
  return row;
}

/**
 * An e-mail is one message: the same contact, subject and sent time (given with its time, as a mail
 * client shows it) is that message logged again, say from the browser extension a second time. A
 * day alone, or a call or a meeting, is not enough to tell two apart, so those are always added.
 */
async function sameEmailLogged(ctx: ToolContext, contactId: string, input: { interaction_type: string; interaction_date?: string; subject?: string }, at: Date) {
  if (input.interaction_type !== 'email' || !input.interaction_date || isDayOnly(input.interaction_date)) return null;
  const [row] = await ctx.db.select().from(crmInteractions).where(and(
    eq(crmInteractions.userId, ctx.userId),
    eq(crmInteractions.contactId, contactId),
    eq(crmInteractions.interactionType, 'email'),
    eq(crmInteractions.interactionDate, at),
    input.subject ? eq(crmInteractions.subject, input.subject) : isNull(crmInteractions.subject),
  )).limit(1);
  return row ?? null;
}

export const logInteraction = defineTool({
  name: 'log_interaction',
  title: 'Log an interaction',
  description:
    'Record a call, email, meeting, LinkedIn message or coffee chat with a contact, with its date (default now), subject, notes ' +
    'and outcome (positive, neutral, negative, no_response). Moves the contact\'s last contact date. A follow_up_date also sets ' +
    'the contact\'s next follow-up (e.g. "log coffee with Priya, follow up Friday"). On a contact a teammate shared with your team ' +
    'the interaction is yours and the team sees it; the contact itself (its dates) stays as its owner keeps it, and a follow-up is your own task. ' +
    'An e-mail logged again (same contact, subject and sent time, given with its time) is not added twice: already_logged is true.',
  input: z.object({
    contact: ContactRef,
    interaction_type: InteractionType,
    interaction_date: InstantString.optional().describe('When it happened: YYYY-MM-DD (a day in the user\'s zone) or an ISO date-time; default now'),
    subject: Subject.optional(),
    notes: NoteText.optional(),
    outcome: InteractionOutcome.optional(),
    follow_up_date: DayString.optional().describe('When to follow up with the contact, YYYY-MM-DD'),
    follow_up_reason: z.string().trim().max(500).optional(),
    attachments: Attachments.optional(),
  }),
  output: z.object({
    interaction: InteractionRecord,
    contact: ContactRecord,
    already_logged: z.boolean().optional().describe('The same e-mail was logged before: that interaction, nothing changed'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const contact = await resolveContact(ctx, input.contact, { shared: true });
    const at = interactionInstant(input.interaction_date, ctx);
    const same = await sameEmailLogged(ctx, contact.id, input, at);
    if (same) return { interaction: interactionRecord(same, fullName(contact)), contact: marked(contactRecord(contact), (await sharingMarks(ctx, [contact]))(contact)), already_logged: true };
    const [row] = await ctx.db.insert(crmInteractions).values({
      userId: ctx.userId,
      contactId: contact.id,
      interactionType: input.interaction_type,
      interactionDate: at,
      hasTime: !isDayOnly(input.interaction_date),
      subject: input.subject ?? null,
      notes: input.notes ?? null,
      outcome: input.outcome ?? null,
      followUpRequired: !!input.follow_up_date,
      followUpDate: input.follow_up_date ?? null,
      attachments: input.attachments ?? [],
      meetingUrl: meetingLinkIn(input.notes, input.subject),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }).returning();
    const day = dayOf(at, ctx.tz);
    // A teammate's shared contact is theirs to change: only the caller's own contact moves.
    let updated = contact;
    if (contact.userId === ctx.userId) {
      [updated] = await ctx.db.update(crmContacts).set({
        lastContactDate: sql`greatest(${crmContacts.lastContactDate}, ${day}::date)`,
        updatedAt: ctx.now,
      }).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, contact.id))).returning();
    }
    if (input.follow_up_date) updated = await setFollowUp(ctx, updated, input.follow_up_date, input.follow_up_reason ?? input.subject ?? null);
    await recordActivity(ctx, {
      type: 'interaction_logged',
      description: `Logged ${withArticle(TYPE_WORDS[row.interactionType])} with ${fullName(contact)}${input.follow_up_date ? `; follow up ${input.follow_up_date}` : ''}`,
      contactId: contact.id,
    });
    const mark = await sharingMarks(ctx, [updated]);
    return { interaction: interactionRecord(row, fullName(contact)), contact: marked(contactRecord(updated), mark(updated)) };
  },
});

export const updateInteraction = defineTool({
  name: 'update_interaction',
  title: 'Update an interaction',
  description: 'Change a logged interaction: its type, date, subject, notes, outcome or follow-up date. Only the fields given change.',
  input: z.object({
    interaction_id: RecordId.describe('The id of the interaction'),
    interaction_type: InteractionType.optional(),
    interaction_date: InstantString.optional(),
    subject: Subject.nullish(),
    notes: NoteText.nullish(),
    outcome: InteractionOutcome.nullish(),
    follow_up_date: DayString.nullish(),
  }),
  output: z.object({ interaction: InteractionRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const existing = await findInteraction(ctx, input.interaction_id);
    const set: Partial<typeof crmInteractions.$inferInsert> = {};
    if (input.interaction_type) set.interactionType = input.interaction_type;
    if (input.interaction_date) { set.interactionDate = interactionInstant(input.interaction_date, ctx); set.hasTime = !isDayOnly(input.interaction_date); }
    if (input.subject !== undefined) set.subject = input.subject;
    if (input.notes !== undefined) set.notes = input.notes;
    if (input.notes || input.subject) set.meetingUrl = meetingLinkIn(input.notes, input.subject) ?? existing.meetingUrl;
    if (input.outcome !== undefined) set.outcome = input.outcome;
    if (input.follow_up_date !== undefined) { set.followUpDate = input.follow_up_date; set.followUpRequired = !!input.follow_up_date; }
    if (Object.keys(set).length === 0) throw new InvalidInputError('(input)', 'Nothing to change: give at least one field to update.');
    const [row] = await ctx.db.update(crmInteractions).set({ ...set, updatedAt: ctx.now })
      .where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.id, existing.id))).returning();
    const contact = set.interactionDate ? await refreshLastContact(ctx, row.contactId) : undefined;
    if (input.follow_up_date) {
      const [owner] = await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, row.contactId)));
      await setFollowUp(ctx, owner, input.follow_up_date);
    }
    await recordActivity(ctx, { type: 'interaction_updated', description: `Updated ${withArticle(TYPE_WORDS[row.interactionType])}${contact ? ` with ${fullName(contact)}` : ''}`, contactId: row.contactId });
    return { interaction: interactionRecord(row) };
  },
});

export const deleteInteraction = defineTool({
  name: 'delete_interaction',
  title: 'Delete an interaction',
  description: 'Delete a logged interaction (also used to undo one just logged). Destructive: without confirm: true it changes nothing and returns what would be deleted.',
  input: z.object({ interaction_id: RecordId, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), interaction: InteractionRecord, contact: ContactRecord }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const existing = await findInteraction(ctx, input.interaction_id);
    const contact = await resolveContact(ctx, existing.contactId);
    const what = `${TYPE_WORDS[existing.interactionType]} with ${fullName(contact)} on ${dayOf(existing.interactionDate, ctx.tz)}`;
    if (!input.confirm) return confirmationRequired('delete_interaction', `Delete the ${what}?`, { interaction: interactionRecord(existing, fullName(contact)) });
    await ctx.db.delete(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.id, existing.id)));
    const updated = await refreshLastContact(ctx, existing.contactId);
    await recordActivity(ctx, { type: 'interaction_deleted', description: `Deleted the ${what}`, contactId: existing.contactId });
    return { status: 'deleted' as const, interaction: interactionRecord(existing, fullName(contact)), contact: contactRecord(updated) };
  },
});

export const listInteractions = defineTool({
  name: 'list_interactions',
  title: 'List interactions',
  description: 'List logged interactions, newest first: for one contact, and/or in a period (from/to are days, inclusive), optionally of one type. ' +
    'For a contact shared with your team, the team\'s interactions with them (a teammate\'s marked `logged_by`).',
  input: z.object({
    contact: ContactRef.optional(),
    from: DayString.optional(),
    to: DayString.optional(),
    interaction_type: InteractionType.optional(),
    ...PageInput,
  }),
  output: z.object({ interactions: z.array(InteractionRecord), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const contact = input.contact ? await resolveContact(ctx, input.contact, { shared: true }) : undefined;
    // A shared contact's interactions are the team's (row-level security lets through those of its team); otherwise the caller's.
    const whose = contact?.teamId ? undefined : eq(crmInteractions.userId, ctx.userId);
    const limit = input.limit ?? 25;
    const after = input.cursor ? decodeCursor(input.cursor, 2) : null;
    const rows = await ctx.db
      .select({ i: crmInteractions, first: crmContacts.firstName, last: crmContacts.lastName })
      .from(crmInteractions)
      .innerJoin(crmContacts, eq(crmContacts.id, crmInteractions.contactId))
      .where(and(
        whose,
        contact ? eq(crmInteractions.contactId, contact.id) : undefined,
        input.from ? gte(crmInteractions.interactionDate, startOfDay(input.from, ctx.tz)) : undefined,
        input.to ? lt(crmInteractions.interactionDate, startOfDay(addDays(input.to, 1), ctx.tz)) : undefined,
        input.interaction_type ? eq(crmInteractions.interactionType, input.interaction_type) : undefined,
        after ? sql`(${crmInteractions.interactionDate}, ${crmInteractions.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ))
      .orderBy(desc(crmInteractions.interactionDate), desc(crmInteractions.id))
      .limit(limit + 1);
    const { page, next_cursor } = pageOf(rows, limit, (r) => [r.i.interactionDate.toISOString(), r.i.id]);
    const loggedBy = await teammateNames(ctx, page.map((r) => r.i.userId));
    return {
      interactions: page.map((r) => {
        const record = interactionRecord(r.i, `${r.first} ${r.last}`.trim());
        return r.i.userId === ctx.userId ? record : { ...record, logged_by: loggedBy.get(r.i.userId) ?? 'a former teammate' };
      }),
      next_cursor,
    };
  },
});

export const interactionTools = [logInteraction, updateInteraction, deleteInteraction, listInteractions];
