import { meetingLinkIn } from '../shared/meeting-links.js';
import { jsonParam } from '../shared/json-rows.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { crmActivities, crmContacts, crmInteractions, mailMessages, mailThreadInteractions, mailThreadsToJudge, mailUnknownSenders } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { fullName } from '../shared/records.js';
import { countOf } from '../shared/words.js';
import { dayOf } from '../shared/user-dates.js';
import type { EmailMessage, MailAddress } from './parse-email.js';
import { suggestFromReplies, type ReplyToJudge } from './reply-suggestions.js';

export interface LogEmailsOptions {
  /** The user's own addresses: mail from them is outgoing, and they are never a contact to offer. */
  ownAddresses: string[];
}

export interface LoggedThread { interaction_id: string; contact_id: string; contact_name: string; subject: string | null; created: boolean }

export interface LogEmailsResult {
  /** Messages new to Kith (the others were seen before, by Message-ID). */
  new_messages: number;
  duplicates: number;
  threads: LoggedThread[];
  /** Addresses that are no contact, offered as new contacts (list_unknown_senders). */
  unknown: MailAddress[];
  suggestions: number;
  /** The Message-IDs this call stored (new to Kith). */
  stored: Set<string>;
}

type ContactRow = Pick<typeof crmContacts.$inferSelect, 'id' | 'firstName' | 'lastName' | 'emailKey' | 'relationshipType' | 'company'>;
type StoredMessage = typeof mailMessages.$inferSelect;

const NOTES_LIMIT = 20_000;
const AUTOMATED_LOCAL_PARTS = ['noreply', 'no-reply', 'no_reply', 'donotreply', 'do-not-reply', 'mailer-daemon', 'postmaster', 'notifications', 'notification', 'bounce', 'bounces'];

export const addressKey = (address: string) => address.trim().normalize('NFC').toLowerCase();

function isAutomated(address: string): boolean {
  const local = addressKey(address).split('@')[0] ?? '';
  return AUTOMATED_LOCAL_PARTS.some((p) => local === p || local.startsWith(`${p}+`) || local.startsWith(`${p}-`) || local.startsWith(`${p}.`));
}

/** "Re: Re: Fwd: Lunch" is the thread "Lunch". */
export function threadSubject(subject: string | null): string | null {
  if (!subject) return null;
  let s = subject.trim();
  for (;;) {
    const lower = s.toLowerCase();
    const prefix = ['re:', 'fw:', 'fwd:', 'aw:', 'wg:', 'sv:', 'antw:'].find((p) => lower.startsWith(p));
    if (!prefix) break;
    s = s.slice(prefix.length).trimStart();
  }
  return s || null;
}

/** The thread as one interaction's notes: each message's date, sender and new words, oldest first. */
function threadNotes(messages: StoredMessage[], tz: string): string {
  const parts = messages.map((m) => {
    const when = DateTime.fromJSDate(m.sentAt, { zone: tz }).toFormat('yyyy-LL-dd HH:mm');
    const who = m.direction === 'outgoing' ? 'Me' : (m.fromName || m.fromAddress);
    return `${when} ${who}:\n${m.body}`;
  });
  let notes = parts.join('\n\n');
  // a long thread keeps its newest messages whole
  while (notes.length > NOTES_LIMIT && parts.length > 1) {
    parts.shift();
    notes = `(earlier messages of this thread are not shown)\n\n${parts.join('\n\n')}`;
  }
  return notes.length > NOTES_LIMIT ? `${notes.slice(0, NOTES_LIMIT - 1)}…` : notes;
}

/**
 * Logs e-mail messages (a sync batch, a BCC capture, an .eml file, a paste) in the caller's
 * transaction: each new message (by Message-ID) is kept; each thread becomes one `email`
 * interaction per contact it was with (senders and recipients matched by address), rebuilt as
 * messages arrive; unknown addresses are offered as new contacts; replies get outcome and stage
 * suggestions. Set-based, so a batch of hundreds costs a few statements.
 */
export async function logEmails(ctx: ToolContext, messages: EmailMessage[], options: LogEmailsOptions): Promise<LogEmailsResult> {
  const own = new Set(options.ownAddresses.map(addressKey));
  const result: LogEmailsResult = { new_messages: 0, duplicates: 0, threads: [], unknown: [], suggestions: 0, stored: new Set() };
  const byId = new Map<string, EmailMessage>();
  for (const m of messages) {
    if (byId.has(m.messageId)) result.duplicates++;
    else byId.set(m.messageId, m);
  }
  if (byId.size === 0) return result;
  const seen = await ctx.db.select({ id: mailMessages.messageId }).from(mailMessages)
    .where(and(eq(mailMessages.userId, ctx.userId), inArray(mailMessages.messageId, [...byId.keys()])));
  for (const s of seen) byId.delete(s.id);
  result.duplicates += seen.length;
  const fresh = [...byId.values()].sort((a, b) => a.date.getTime() - b.date.getTime());
  if (fresh.length === 0) return result;

  // Threads: a message joins the thread of any message it names that Kith has, else its root.
  const referenced = [...new Set(fresh.flatMap((m) => [...m.references, ...(m.inReplyTo ? [m.inReplyTo] : [])]))];
  const threadOf = new Map<string, string>();
  if (referenced.length > 0) {
    const known = await ctx.db.select({ id: mailMessages.messageId, key: mailMessages.threadKey }).from(mailMessages)
      .where(and(eq(mailMessages.userId, ctx.userId), inArray(mailMessages.messageId, referenced)));
    for (const k of known) threadOf.set(k.id, k.key);
  }
  const rows = fresh.map((m) => {
    const named = [...m.references, ...(m.inReplyTo ? [m.inReplyTo] : [])];
    const key = named.map((id) => threadOf.get(id)).find(Boolean) ?? m.references[0] ?? m.inReplyTo ?? m.messageId;
    threadOf.set(m.messageId, key);
    const outgoing = own.has(addressKey(m.from.address));
    return {
      message: m,
      threadKey: key,
      outgoing,
      people: (outgoing ? [...m.to, ...m.cc] : [m.from, ...m.to, ...m.cc]).filter((a) => a.address && !own.has(addressKey(a.address))),
    };
  });
  // one jsonb parameter rather than 13 a row: building and sending thousands of parameters cost
  // more than the insert itself (a third of its CPU at 250 messages a batch)
  const values = rows.map((r) => ({
    message_id: r.message.messageId,
    thread_key: r.threadKey,
    folder: r.message.folder ?? null,
    direction: r.outgoing ? 'outgoing' : 'incoming',
    from_address: r.message.from.address,
    from_name: r.message.from.name,
    to_addresses: [...r.message.to, ...r.message.cc].map((a) => a.address),
    subject: r.message.subject,
    sent_at: r.message.date,
    body: r.message.body,
    attachments: r.message.attachments,
  }));
  const inserted = ((await ctx.db.execute(sql`
    insert into mail_messages (user_id, message_id, thread_key, folder, direction, from_address, from_name, to_addresses, subject, sent_at, body, attachments, created_at)
    select ${ctx.userId}::uuid, v.message_id, v.thread_key, v.folder, v.direction, v.from_address, v.from_name,
           array(select jsonb_array_elements_text(v.to_addresses)), v.subject, v.sent_at, v.body,
           array(select jsonb_array_elements_text(v.attachments)), ${ctx.now.toISOString()}::timestamptz
      from jsonb_to_recordset(${jsonParam(values)}::jsonb) as v(message_id text, thread_key text, folder text, direction text, from_address text,
           from_name text, to_addresses jsonb, subject text, sent_at timestamptz, body text, attachments jsonb)
    on conflict do nothing
    returning message_id`)) as unknown as { rows: Array<{ message_id: string }> }).rows.map((r) => ({ id: r.message_id }));
  // another process may have logged some of them a moment ago
  const stored = new Set(inserted.map((i) => i.id));
  result.stored = stored;
  const mine = rows.filter((r) => stored.has(r.message.messageId));
  result.duplicates += rows.length - mine.length;
  result.new_messages = mine.length;
  if (mine.length === 0) return result;
  // the no-response pass looks at these threads next (suggestNoResponse)
  await ctx.db.insert(mailThreadsToJudge).values([...new Set(mine.map((r) => r.threadKey))].map((threadKey) => ({ userId: ctx.userId, threadKey })))
    .onConflictDoNothing();

  const keys = [...new Set(mine.flatMap((r) => r.people.map((p) => addressKey(p.address))))];
  const contacts = keys.length === 0 ? [] : await ctx.db
    .select({ id: crmContacts.id, firstName: crmContacts.firstName, lastName: crmContacts.lastName, emailKey: crmContacts.emailKey, relationshipType: crmContacts.relationshipType, company: crmContacts.company })
    .from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), inArray(crmContacts.emailKey, keys)))
    .orderBy(crmContacts.createdAt, crmContacts.id);
  const contactByKey = new Map<string, ContactRow>();
  for (const c of contacts) if (c.emailKey && !contactByKey.has(c.emailKey)) contactByKey.set(c.emailKey, c);

  // (thread, contact) pairs this batch touches, and the unknown people in it
  const pairs = new Map<string, { threadKey: string; contact: ContactRow }>();
  const unknown = new Map<string, { address: MailAddress; count: number; subject: string | null; at: Date }>();
  for (const r of mine) {
    for (const p of r.people) {
      const key = addressKey(p.address);
      const contact = contactByKey.get(key);
      if (contact) pairs.set(`${r.threadKey}\u0000${contact.id}`, { threadKey: r.threadKey, contact });
      else if (!r.message.bulk && !isAutomated(p.address)) {
        const u = unknown.get(key);
        if (u) { u.count++; u.subject = r.message.subject; u.at = r.message.date; u.address.name ??= p.name; }
        else unknown.set(key, { address: { ...p }, count: 1, subject: r.message.subject, at: r.message.date });
      }
    }
  }

  if (unknown.size > 0) {
    const list = [...unknown.entries()];
    await ctx.db.insert(mailUnknownSenders).values(list.map(([key, u]) => ({
      userId: ctx.userId, address: u.address.address, addressKey: key, name: u.address.name, messageCount: u.count,
      lastSubject: u.subject, firstSeenAt: u.at, lastSeenAt: u.at,
    }))).onConflictDoUpdate({
      target: [mailUnknownSenders.userId, mailUnknownSenders.addressKey],
      set: {
        messageCount: sql`${mailUnknownSenders.messageCount} + excluded.message_count`,
        lastSubject: sql`excluded.last_subject`,
        lastSeenAt: sql`greatest(${mailUnknownSenders.lastSeenAt}, excluded.last_seen_at)`,
        name: sql`coalesce(${mailUnknownSenders.name}, excluded.name)`,
      },
    });
    result.unknown = list.map(([, u]) => u.address);
  }
  if (pairs.size === 0) return result;

  const threads = await rebuildThreads(ctx, [...pairs.values()]);
  result.threads = threads.logged;

  // replies from a contact, judged for the interaction's outcome and the opportunity's stage
  const replies: ReplyToJudge[] = [];
  for (const r of mine) {
    if (r.outgoing) continue;
    const contact = contactByKey.get(addressKey(r.message.from.address));
    if (!contact) continue;
    const interactionId = threads.interactionOf.get(`${r.threadKey}\u0000${contact.id}`);
    const isReply = !!r.message.inReplyTo || r.message.references.length > 0 || threads.hasOutgoing.has(r.threadKey) || !!r.message.subject?.toLowerCase().startsWith('re:');
    if (interactionId && isReply) replies.push({ interactionId, contact, message: r.message });
  }
  result.suggestions = await suggestFromReplies(ctx, replies);
  return result;
}

/**
 * Makes each (thread, contact) interaction hold its whole thread: inserted when new, rewritten
 * when a message joined; the contact's last contact date and an activity per contact follow.
 */
export async function rebuildThreads(ctx: ToolContext, pairs: Array<{ threadKey: string; contact: Pick<ContactRow, 'id' | 'firstName' | 'lastName'> }>) {
  const threadKeys = [...new Set(pairs.map((p) => p.threadKey))];
  const [links, thread] = await Promise.all([
    ctx.db.select().from(mailThreadInteractions).where(and(eq(mailThreadInteractions.userId, ctx.userId), inArray(mailThreadInteractions.threadKey, threadKeys))),
    ctx.db.select().from(mailMessages).where(and(eq(mailMessages.userId, ctx.userId), inArray(mailMessages.threadKey, threadKeys))).orderBy(mailMessages.sentAt, mailMessages.id),
  ]);
  const linkOf = new Map(links.map((l) => [`${l.threadKey}\u0000${l.contactId}`, l.interactionId]));
  const messagesOf = new Map<string, StoredMessage[]>();
  for (const m of thread) {
    const list = messagesOf.get(m.threadKey) ?? [];
    list.push(m);
    messagesOf.set(m.threadKey, list);
  }
  const hasOutgoing = new Set(thread.filter((m) => m.direction === 'outgoing').map((m) => m.threadKey));
  const valuesOf = (threadKey: string) => {
    const list = messagesOf.get(threadKey) ?? [];
    const last = list[list.length - 1];
    const notes = threadNotes(list, ctx.tz);
    return {
      subject: threadSubject(list.find((m) => m.subject)?.subject ?? null)?.slice(0, 500) ?? null,
      notes,
      meetingUrl: meetingLinkIn(notes),
      interactionDate: last?.sentAt ?? ctx.now,
      attachments: [...new Set(list.flatMap((m) => m.attachments))].slice(0, 50),
    };
  };
  const logged: LoggedThread[] = [];
  const interactionOf = new Map<string, string>();
  const toInsert = pairs.filter((p) => !linkOf.has(`${p.threadKey}\u0000${p.contact.id}`));
  const toUpdate = pairs.filter((p) => linkOf.has(`${p.threadKey}\u0000${p.contact.id}`));
  if (toInsert.length > 0) {
    const created = await ctx.db.insert(crmInteractions).values(toInsert.map((p) => ({
      userId: ctx.userId, contactId: p.contact.id, interactionType: 'email' as const, hasTime: true, ...valuesOf(p.threadKey), createdAt: ctx.now, updatedAt: ctx.now,
    }))).returning({ id: crmInteractions.id, subject: crmInteractions.subject });
    await ctx.db.insert(mailThreadInteractions).values(toInsert.map((p, i) => ({ userId: ctx.userId, threadKey: p.threadKey, contactId: p.contact.id, interactionId: created[i].id })));
    toInsert.forEach((p, i) => {
      interactionOf.set(`${p.threadKey}\u0000${p.contact.id}`, created[i].id);
      logged.push({ interaction_id: created[i].id, contact_id: p.contact.id, contact_name: fullName(p.contact), subject: created[i].subject, created: true });
    });
  }
  if (toUpdate.length > 0) {
    // one statement for every thread that grew: a sync batch touches hundreds
    const rowsJson = toUpdate.map((p) => {
      const id = linkOf.get(`${p.threadKey}\u0000${p.contact.id}`)!;
      const values = valuesOf(p.threadKey);
      interactionOf.set(`${p.threadKey}\u0000${p.contact.id}`, id);
      logged.push({ interaction_id: id, contact_id: p.contact.id, contact_name: fullName(p.contact), subject: values.subject, created: false });
      return { id, subject: values.subject, notes: values.notes, at: values.interactionDate.toISOString(), attachments: values.attachments };
    });
    await ctx.db.execute(sql`
      update crm_interactions i
         set subject = v->>'subject', notes = v->>'notes', interaction_date = (v->>'at')::timestamptz,
             attachments = array(select jsonb_array_elements_text(v->'attachments')), updated_at = ${ctx.now.toISOString()}::timestamptz
        from jsonb_array_elements(${jsonParam(rowsJson)}::jsonb) v
       where i.user_id = ${ctx.userId}::uuid and i.id = (v->>'id')::uuid`);
  }

  // each contact's last contact date moves to their latest message, never back
  const latest = new Map<string, string>();
  for (const p of pairs) {
    const day = dayOf(valuesOf(p.threadKey).interactionDate, ctx.tz);
    const had = latest.get(p.contact.id);
    if (!had || day > had) latest.set(p.contact.id, day);
  }
  const ids = [...latest.keys()];
  await ctx.db.execute(sql`
    update crm_contacts c set last_contact_date = greatest(c.last_contact_date, v.day), updated_at = ${ctx.now.toISOString()}::timestamptz
    from unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${ids.map((i) => latest.get(i)).join(',')}}`}::date[]) as v(id, day)
    where c.user_id = ${ctx.userId}::uuid and c.id = v.id and (c.last_contact_date is null or c.last_contact_date < v.day)`);

  const perContact = new Map<string, { name: string; count: number; subject: string | null }>();
  for (const l of logged) {
    const e = perContact.get(l.contact_id);
    if (e) e.count++;
    else perContact.set(l.contact_id, { name: l.contact_name, count: 1, subject: l.subject });
  }
  await ctx.db.insert(crmActivities).values([...perContact.entries()].map(([contactId, e]) => ({
    userId: ctx.userId,
    activityType: 'interaction_logged' as const,
    activityDate: ctx.now,
    description: e.count === 1
      ? `Logged an e-mail with ${e.name}${e.subject ? `: ${e.subject.slice(0, 200)}` : ''}`
      : `Logged ${countOf(e.count, 'e-mail thread')} with ${e.name}`,
    relatedContactId: contactId,
  })));
  return { logged, interactionOf, hasOutgoing };
}
