import { z } from 'zod';
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { crmContacts, mailMessages, mailUnknownSenders } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { ContactFields, ContactRecord, RecordId } from '../shared/schemas.js';
import { NotFoundError } from '../shared/errors.js';
import { countOf } from '../shared/words.js';
import type { ToolContext } from '../shared/context.js';
import { addContact } from '../contacts.js';
import { addressKey, rebuildThreads } from './log-emails.js';

const UnknownSender = z.object({
  id: z.string(),
  address: z.string(),
  name: z.string().nullable(),
  message_count: z.number(),
  last_subject: z.string().nullable(),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  status: z.enum(['pending', 'accepted', 'dismissed']),
});

type Row = typeof mailUnknownSenders.$inferSelect;
const senderRecord = (r: Row): z.infer<typeof UnknownSender> => ({
  id: r.id, address: r.address, name: r.name, message_count: r.messageCount, last_subject: r.lastSubject,
  first_seen_at: r.firstSeenAt.toISOString(), last_seen_at: r.lastSeenAt.toISOString(), status: r.status,
});

export const listUnknownSenders = defineTool({
  name: 'list_unknown_senders',
  title: 'List unknown e-mail senders',
  description: 'People Kith found in the user\'s mail who are not contacts yet (pending by default), with how many messages and the last subject. Each can be added as a contact or dismissed (answer_unknown_sender).',
  input: z.object({
    status: z.enum(['pending', 'accepted', 'dismissed']).optional().describe('Default pending'),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  output: z.object({ senders: z.array(UnknownSender), total: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const where = and(eq(mailUnknownSenders.userId, ctx.userId), eq(mailUnknownSenders.status, input.status ?? 'pending'));
    const [rows, [{ total }]] = await Promise.all([
      ctx.db.select().from(mailUnknownSenders).where(where).orderBy(desc(mailUnknownSenders.messageCount), desc(mailUnknownSenders.lastSeenAt)).limit(input.limit ?? 50),
      ctx.db.select({ total: sql<number>`count(*)::int` }).from(mailUnknownSenders).where(where),
    ]);
    return { senders: rows.map(senderRecord), total };
  },
});

/** "Dana Whitfield" → Dana / Whitfield; no name → the address's local part. */
function namesFrom(name: string | null, address: string): { first: string; last: string } {
  const words = (name ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { first: (address.split('@')[0] || address).slice(0, 100), last: '' };
  return { first: words[0].slice(0, 100), last: words.slice(1).join(' ').slice(0, 100) };
}

/** Logs every stored thread an address was in onto its (new) contact. */
async function logStoredThreads(ctx: ToolContext, contact: { id: string; firstName: string; lastName: string }, key: string): Promise<number> {
  const threads = await ctx.db.selectDistinct({ threadKey: mailMessages.threadKey }).from(mailMessages).where(and(
    eq(mailMessages.userId, ctx.userId),
    or(sql`lower(${mailMessages.fromAddress}) = ${key}`, sql`${key} = any(select lower(a) from unnest(${mailMessages.toAddresses}) a)`),
  ));
  if (threads.length === 0) return 0;
  const { logged } = await rebuildThreads(ctx, threads.map((t) => ({ threadKey: t.threadKey, contact })));
  return logged.length;
}

export const answerUnknownSender = defineTool({
  name: 'answer_unknown_sender',
  title: 'Add or dismiss an unknown sender',
  description:
    'Answer an unknown e-mail sender Kith offered (list_unknown_senders): action "add" makes them a contact (name from the e-mail ' +
    'unless given; company and other fields optional) and logs the threads already read with them; "dismiss" stops offering them.',
  input: z.object({
    sender_id: RecordId,
    action: z.enum(['add', 'dismiss']),
    first_name: ContactFields.shape.first_name.optional(),
    last_name: ContactFields.shape.last_name.optional(),
    company: ContactFields.shape.company,
    job_title: ContactFields.shape.job_title,
    relationship_type: ContactFields.shape.relationship_type,
  }),
  output: z.object({ sender: UnknownSender, contact: ContactRecord.nullable(), threads_logged: z.number(), message: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const [row] = await ctx.db.select().from(mailUnknownSenders).where(and(eq(mailUnknownSenders.userId, ctx.userId), eq(mailUnknownSenders.id, input.sender_id)));
    if (!row) throw new NotFoundError(`No unknown sender with id ${input.sender_id}.`, { sender_id: input.sender_id });
    if (input.action === 'dismiss') {
      const [done] = await ctx.db.update(mailUnknownSenders).set({ status: 'dismissed' }).where(eq(mailUnknownSenders.id, row.id)).returning();
      return { sender: senderRecord(done), contact: null, threads_logged: 0, message: `${row.address} will not be offered again.` };
    }
    const names = namesFrom(row.name, row.address);
    const added = await addContact.run(ctx, addContact.input.parse({
      first_name: input.first_name ?? names.first, last_name: input.last_name ?? names.last, email: row.address,
      company: input.company, job_title: input.job_title, relationship_type: input.relationship_type,
    }));
    const [contact] = await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, added.contact.id)));
    const threads = await logStoredThreads(ctx, contact, addressKey(row.address));
    const [done] = await ctx.db.update(mailUnknownSenders).set({ status: 'accepted', contactId: contact.id }).where(eq(mailUnknownSenders.id, row.id)).returning();
    return {
      sender: senderRecord(done), contact: added.contact, threads_logged: threads,
      message: `${added.already_saved ? 'Found' : 'Added'} ${added.contact.first_name} ${added.contact.last_name}`.trim() + ` and logged ${countOf(threads, 'e-mail thread')}.`,
    };
  },
});

export const unknownSenderTools = [listUnknownSenders, answerUnknownSender];
