import { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { crmContacts, crmInteractions } from '../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import { ContactFields, ContactRecord, ContactRef, DayString } from './shared/schemas.js';
import { contactRecord, fullName } from './shared/records.js';
import { candidateOf } from './shared/resolve-contact.js';
import { recordActivity } from './shared/record-activity.js';
import { contactColumns } from './shared/contact-values.js';
import { InvalidInputError } from './shared/errors.js';
import { resolveMany } from './contacts.js';
import { countOf, namesOf } from './shared/words.js';

const BulkContacts = z.array(ContactRef).min(1).max(1000).describe('The contacts (ids, emails or names)');

/** The fields one change may set on many contacts at once (the ones a list is sorted or filtered by). */
const BulkFields = ContactFields.pick({
  company: true, job_title: true, location: true, contact_source: true, relationship_type: true, connection_strength: true,
}).extend({ next_follow_up_date: DayString.nullish() }).partial();

export const updateContacts = defineTool({
  name: 'update_contacts',
  title: 'Change a field of many contacts',
  description:
    'Set the same field(s) on several contacts at once: company, job title, location, source, relationship type, connection strength ' +
    'or next follow-up date (null clears it). Changing more than one contact is a bulk change and needs confirm: true; without it ' +
    'nothing changes and the answer says what would.',
  input: z.object({ contacts: BulkContacts, set: BulkFields.describe('The fields to set, e.g. {"relationship_type": "peer"}'), confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([
    z.object({ status: z.literal('done'), contacts: z.array(ContactRecord), changed: z.array(z.string()) }),
    ConfirmationRequiredSchema,
  ]),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  needsConfirmation: (input) => input.contacts.length > 1,
  async run(ctx, input) {
    const { next_follow_up_date, ...fields } = input.set;
    const values = contactColumns(fields);
    if (next_follow_up_date !== undefined) values.nextFollowUpDate = next_follow_up_date;
    const changed = Object.keys(input.set).filter((k) => input.set[k as keyof typeof input.set] !== undefined);
    if (changed.length === 0) throw new InvalidInputError('set', 'set: give at least one field to change.');
    const targets = await resolveMany(ctx, input.contacts);
    if (targets.length > 1 && !input.confirm) {
      const what = changed.map((k) => `${k.replace(/_/g, ' ')} to ${input.set[k as keyof typeof input.set] ?? 'nothing'}`).join(', ');
      return confirmationRequired('update_contacts', `Set ${what} on ${countOf(targets.length, 'contact')}: ${namesOf(targets.map(fullName))}?`, { contacts: targets.map(candidateOf), set: input.set });
    }
    const rows = await ctx.db.update(crmContacts).set({ ...values, updatedAt: ctx.now })
      .where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.id, targets.map((t) => t.id)))).returning();
    await recordActivity(ctx, {
      type: 'contact_updated',
      description: `Updated ${changed.join(', ').replace(/_/g, ' ')} of ${namesOf(rows.map(fullName))}`,
      contactId: rows.length === 1 ? rows[0].id : null,
    });
    return { status: 'done' as const, contacts: rows.map(contactRecord), changed };
  },
});

export const deleteContacts = defineTool({
  name: 'delete_contacts',
  title: 'Delete several contacts',
  description:
    'Delete several contacts at once, with their interactions and insights (their opportunities are kept, unlinked). Destructive: ' +
    'without confirm: true it changes nothing and returns what would be deleted, to show the user for confirmation.',
  input: z.object({ contacts: BulkContacts, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([
    z.object({ status: z.literal('deleted'), contacts: z.array(ContactRecord), interactions_deleted: z.number() }),
    ConfirmationRequiredSchema,
  ]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const targets = await resolveMany(ctx, input.contacts);
    const ids = targets.map((t) => t.id);
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(crmInteractions)
      .where(and(eq(crmInteractions.userId, ctx.userId), inArray(crmInteractions.contactId, ids)));
    if (!input.confirm) {
      return confirmationRequired('delete_contacts', `Delete ${countOf(targets.length, 'contact')} (${namesOf(targets.map(fullName))}) and ${countOf(n, 'interaction')}?`, { contacts: targets.map(candidateOf), interactions: n });
    }
    await recordActivity(ctx, { type: 'contact_deleted', description: `Deleted ${namesOf(targets.map(fullName))}` });
    await ctx.db.delete(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.id, ids)));
    return { status: 'deleted' as const, contacts: targets.map(contactRecord), interactions_deleted: n };
  },
});

export const contactBulkTools = [updateContacts, deleteContacts];
