import { and, eq, sql } from 'drizzle-orm';
import { ImapFlow, type ListResponse, type MessageStructureObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { mailAccounts, mailFolderStates } from '../../../db/schema/index.js';
import { withUser } from '../../../db/with-user.js';
import type { KithDb } from '../../../db/types.js';
import type { ToolRuntime } from '../run-tool.js';
import type { ToolContext } from '../shared/context.js';
import { InvalidInputError } from '../shared/errors.js';
import { readMailAccount, type MailAccount, type MailServer } from './mail-account.js';
import { emailFromParsed, type EmailMessage } from './parse-email.js';
import { logEmails } from './log-emails.js';
import { attachmentNames } from './attachment-names.js';
import { suggestNoResponse } from './reply-suggestions.js';
import { inBackgroundChange } from '../background-change.js';

export interface MailSyncOptions {
  /** Messages per transaction; the folder's position is committed with each batch. */
  batchSize?: number;
  /**
   * A message larger than this (its RFC822.SIZE) is read in part: its first this-many bytes, where
   * the headers and the text are, and its BODYSTRUCTURE for the attachments' names, not the
   * attachments themselves. 512 KiB by default.
   */
  wholeMessageLimit?: number;
  progress?: (done: number, total: number, label?: string) => void;
  signal?: AbortSignal;
}

export interface FolderReport {
  folder: string; uid_validity: string; new_messages: number; duplicates: number; restarted: boolean;
  /** CONDSTORE: the folder's HIGHESTMODSEQ had not moved, so nothing in it was read. */
  unchanged: boolean;
  /** CONDSTORE/QRESYNC: messages Kith had read whose flags changed, and messages expunged, since the last sync. */
  flags_changed: number;
  expunged: number;
}

export interface MailSyncReport {
  folders: FolderReport[];
  new_messages: number;
  duplicates: number;
  threads: number;
  unknown: number;
  suggestions: number;
  synced_at: string;
}

/** An ImapFlow client for the user's IMAP server (tls from the start, starttls required, or plain). */
export function imapClient(server: MailServer): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    // QRESYNC (with CONDSTORE) when the server offers it: an open folder reports what changed since a MODSEQ
    qresync: true,
    auth: server.authMethod === 'oauth2' ? { user: server.user, accessToken: server.secret } : { user: server.user, pass: server.secret },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
}

function contextFor(runtime: ToolRuntime, tx: KithDb, userId: string): ToolContext {
  return { db: tx, userId, now: runtime.now(), tz: runtime.tz, embedder: runtime.embedder, secrets: runtime.secrets, log: runtime.log };
}

/** A configured folder as the server names it: "Sent" finds the mailbox marked \Sent when there is no "Sent". */
function resolveFolder(wanted: string, boxes: ListResponse[]): string | undefined {
  const exact = boxes.find((b) => b.path === wanted) ?? boxes.find((b) => b.path.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact.path;
  const use = { sent: '\\Sent', 'sent items': '\\Sent', 'sent mail': '\\Sent', '[gmail]/sent mail': '\\Sent' }[wanted.toLowerCase()];
  return use ? boxes.find((b) => b.specialUse === use)?.path : undefined;
}

/** A short, safe account of why a sync failed, for the settings page (never a password). */
function failureText(error: unknown): string {
  const e = error as { authenticationFailed?: boolean; code?: string; message?: string; responseText?: string };
  if (e?.authenticationFailed) return 'The IMAP server refused the login (check the user and the password or token).';
  if (e?.code === 'ECONNREFUSED') return 'The IMAP server refused the connection (check the host and port).';
  if (e?.code === 'ENOTFOUND') return 'The IMAP host was not found.';
  if (e?.code === 'ETIMEDOUT') return 'The IMAP server did not answer in time.';
  return (e?.responseText || e?.message || 'The sync failed.').slice(0, 300);
}

/** One message to read: where it is and when it arrived (the order folders are merged in). */
interface Pending { folder: string; uid: number; at: number; size: number }

/** Enough for the headers and a text part whose cleaned words (at most 200,000 characters read) are all there, even in base64. */
const WHOLE_MESSAGE_LIMIT = 512 * 1024;

interface FolderPlan { folder: string; validity: bigint; modseq: bigint | null; lastPending: number; restarted: boolean; pending: Pending[]; report: FolderReport }

/**
 * Every folder's new messages as one stream in arrival order, each folder still in UID order (so a
 * folder's committed position always means "everything up to here"): a thread whose messages sit
 * in Inbox and Sent is mostly read in one batch and written once, not written and then rewritten.
 */
function mergeByArrival(plans: FolderPlan[]): Pending[] {
  const heads = plans.map(() => 0);
  const out: Pending[] = [];
  for (;;) {
    let best = -1;
    for (let f = 0; f < plans.length; f++) {
      const next = plans[f].pending[heads[f]];
      if (next && (best < 0 || next.at < plans[best].pending[heads[best]].at)) best = f;
    }
    if (best < 0) return out;
    out.push(plans[best].pending[heads[best]++]);
  }
}

/**
 * Reads what is new in the user's chosen folders and logs it (logEmails). Incremental by
 * UIDVALIDITY/UID: each batch commits its messages and each folder's new position in one
 * transaction, so a crash loses at most the batch in flight, which the next run reads again
 * (and Message-IDs make reading twice harmless). A changed UIDVALIDITY reads the folder anew.
 * Each batch is a change set (`sync:mail`) on which the user's automation rules run, in its
 * transaction. The next batch is fetched and parsed while the current one is written.
 */
export async function syncMailbox(runtime: ToolRuntime, userId: string, options: MailSyncOptions = {}): Promise<MailSyncReport> {
  if (!runtime.secrets) throw new InvalidInputError('(input)', 'This Kith has no secret key to open the mailbox password with.');
  const account = await withUser(runtime.db, userId, (tx) => readMailAccount(tx, userId, runtime.secrets!));
  if (!account) throw new InvalidInputError('mailbox', 'No mailbox is connected: connect one first (connect_mailbox).');
  if (!account.imap) throw new InvalidInputError('imap_host', 'The mailbox has no IMAP server, user and password yet (connect_mailbox).');
  const client = imapClient(account.imap);
  const report: MailSyncReport = { folders: [], new_messages: 0, duplicates: 0, threads: 0, unknown: 0, suggestions: 0, synced_at: '' };
  let inFlight: Promise<unknown> | undefined;
  try {
    await client.connect();
    const boxes = await client.list();
    const states = await withUser(runtime.db, userId, (tx) => tx.select().from(mailFolderStates).where(eq(mailFolderStates.userId, userId)));
    const plans: FolderPlan[] = [];
    for (const wanted of account.folders) {
      const folder = resolveFolder(wanted, boxes);
      if (!folder) { runtime.log.warn('mail folder not found', { folder: wanted }); continue; }
      if (plans.some((p) => p.folder === folder)) continue;
      const state = states.find((s) => s.folder === folder);
      // what changed since the last sync arrives while the folder opens (QRESYNC: VANISHED and FETCH FLAGS)
      const changes = { flags: new Set<number>(), expunged: new Set<number>() };
      const onFlags = (e: { path: string; uid?: number }) => { if (e.path === folder && e.uid) changes.flags.add(e.uid); };
      const onExpunge = (e: { path: string; uid?: number; vanished?: boolean }) => { if (e.path === folder && e.vanished && e.uid) changes.expunged.add(e.uid); };
      client.on('flags', onFlags);
      client.on('expunge', onExpunge);
      let box: Awaited<ReturnType<ImapFlow['mailboxOpen']>>;
      try {
        box = await client.mailboxOpen(folder, { readOnly: true, ...(state?.highestModseq ? { uidValidity: state.uidValidity, changedSince: state.highestModseq } : {}) });
      } finally {
        client.off('flags', onFlags);
        client.off('expunge', onExpunge);
      }
      const validity = BigInt(box.uidValidity);
      const modseq = box.highestModseq && !box.noModseq ? BigInt(box.highestModseq) : null;
      const restarted = !!state && state.uidValidity !== validity;
      const after = state && !restarted ? state.lastUid : 0;
      const unchanged = !restarted && !!state?.highestModseq && modseq !== null && modseq === state.highestModseq;
      const pending: Pending[] = [];
      if (!unchanged && !restarted && state?.highestModseq && modseq !== null && !client.enabled.has('QRESYNC') && after > 0) {
        // CONDSTORE without QRESYNC: the flags that changed are asked for; expunges are not told
        for await (const m of client.fetch(`1:${after}`, { uid: true, flags: true }, { uid: true, changedSince: state.highestModseq })) changes.flags.add(m.uid);
      }
      // UIDs, arrival times and sizes only: one FETCH for the folder, no message read yet
      if (!unchanged && box.exists > 0 && (box.uidNext === undefined || box.uidNext > after + 1)) {
        for await (const m of client.fetch(`${after + 1}:*`, { uid: true, internalDate: true, size: true }, { uid: true })) {
          if (m.uid > after) pending.push({ folder, uid: m.uid, at: m.internalDate instanceof Date ? m.internalDate.getTime() : 0, size: m.size ?? 0 });
        }
      }
      pending.sort((a, b) => a.uid - b.uid);
      const folderReport: FolderReport = {
        folder, uid_validity: validity.toString(), new_messages: 0, duplicates: 0, restarted, unchanged,
        flags_changed: restarted ? 0 : [...changes.flags].filter((u) => u <= after).length,
        expunged: restarted ? 0 : [...changes.expunged].filter((u) => u <= after).length,
      };
      report.folders.push(folderReport);
      plans.push({ folder, validity, modseq, lastPending: pending.length > 0 ? pending[pending.length - 1].uid : 0, restarted, pending, report: folderReport });
      // a folder's MODSEQ is kept only once everything up to it is logged: a crash mid-folder reads it again
      if (restarted || pending.length === 0) await commitPosition(runtime, userId, folder, validity, restarted, pending.length === 0 ? modseq : null);
    }
    const queue = mergeByArrival(plans);
    const total = queue.length;
    const size = options.batchSize ?? 250;
    const batches: Pending[][] = [];
    for (let i = 0; i < queue.length; i += size) batches.push(queue.slice(i, i + size));
    const limit = options.wholeMessageLimit ?? WHOLE_MESSAGE_LIMIT;
    let opened: string | undefined;
    /** One batch read from the server and parsed: one FETCH per folder it spans, and one more for its large messages. */
    const read = async (batch: Pending[]): Promise<EmailMessage[]> => {
      const byFolder = new Map<string, { whole: number[]; part: number[] }>();
      for (const p of batch) {
        const uids = byFolder.get(p.folder) ?? { whole: [], part: [] };
        (p.size > limit ? uids.part : uids.whole).push(p.uid);
        byFolder.set(p.folder, uids);
      }
      const sources = new Map<string, { source: Buffer; internalDate?: Date; structure?: MessageStructureObject }>();
      for (const [folder, uids] of byFolder) {
        if (opened !== folder) { await client.mailboxOpen(folder, { readOnly: true }); opened = folder; }
        const queries = [
          { uids: uids.whole, query: { uid: true, source: true, internalDate: true } },
          { uids: uids.part, query: { uid: true, source: { maxLength: limit }, internalDate: true, bodyStructure: true } },
        ];
        for (const q of queries) {
          if (q.uids.length === 0) continue;
          for await (const m of client.fetch(q.uids.join(','), q.query, { uid: true })) {
            if (m.source) sources.set(`${folder}\u0000${m.uid}`, { source: m.source, internalDate: m.internalDate instanceof Date ? m.internalDate : undefined, structure: m.bodyStructure });
          }
        }
      }
      const parsed = await Promise.all(batch.map(async (p) => {
        const s = sources.get(`${p.folder}\u0000${p.uid}`);
        if (!s) return undefined; // expunged since it was listed
        const mail = await simpleParser(s.source, { skipTextToHtml: true, skipImageLinks: true });
        return { ...emailFromParsed(mail, s.internalDate ?? runtime.now(), s.structure && attachmentNames(s.structure)), folder: p.folder, uid: p.uid };
      }));
      return parsed.filter((m): m is EmailMessage & { folder: string; uid: number } => !!m);
    };
    let done = 0;
    options.progress?.(0, total, 'mail');
    let next = batches.length > 0 ? read(batches[0]) : undefined;
    for (let b = 0; b < batches.length; b++) {
      options.signal?.throwIfAborted();
      const messages = await next!;
      next = b + 1 < batches.length ? read(batches[b + 1]) : undefined;
      inFlight = next?.catch(() => undefined);
      const batch = batches[b];
      const positions = new Map<string, number>();
      for (const p of batch) positions.set(p.folder, Math.max(positions.get(p.folder) ?? 0, p.uid));
      // A batch is a change of its own, like a tool call: the user's rules run on it, and it can be undone
      const { value: logged } = await inBackgroundChange(runtime, userId, 'sync:mail', async (ctx) => {
        const result = await logEmails(ctx, messages, { ownAddresses: [account.ownAddress] });
        for (const [folder, last] of positions) {
          const plan = plans.find((p) => p.folder === folder)!;
          await savePosition(ctx.db, userId, folder, plan.validity, last, runtime.now(), last === plan.lastPending ? plan.modseq : null);
        }
        return result;
      });
      // each folder's share: a Message-ID counts as new once, in the folder it was first read from
      const claimed = new Set<string>();
      for (const m of messages) {
        const folderReport = plans.find((p) => p.folder === m.folder)!.report;
        if (logged.stored.has(m.messageId) && !claimed.has(m.messageId)) { claimed.add(m.messageId); folderReport.new_messages++; }
        else folderReport.duplicates++;
      }
      report.new_messages += logged.new_messages;
      report.duplicates += logged.duplicates;
      report.threads += logged.threads.length;
      report.unknown += logged.unknown.length;
      report.suggestions += logged.suggestions;
      done += batch.length;
      options.progress?.(done, total, batch[batch.length - 1].folder);
    }
    await client.logout().catch(() => {});
  } catch (error) {
    await inFlight;
    client.close();
    await recordSync(runtime, userId, account, { error: failureText(error) });
    throw error;
  }
  // the sync's time is the pass's: the next pass's window of passed deadlines starts exactly where this one judged
  const syncedAt = runtime.now();
  report.suggestions += await withUser(runtime.db, userId, (tx) => suggestNoResponse({ ...contextFor(runtime, tx, userId), now: syncedAt }, account.noReplyDays, account.lastSyncAt));
  report.synced_at = syncedAt.toISOString();
  await recordSync(runtime, userId, account, { count: report.new_messages, at: syncedAt });
  return report;
}

async function savePosition(tx: KithDb, userId: string, folder: string, validity: bigint, lastUid: number, now: Date, modseq: bigint | null) {
  await tx.insert(mailFolderStates).values({ userId, folder, uidValidity: validity, lastUid, highestModseq: modseq, updatedAt: now })
    .onConflictDoUpdate({
      target: [mailFolderStates.userId, mailFolderStates.folder],
      // another process may have gone further under the same UIDVALIDITY
      set: {
        lastUid: sql`case when ${mailFolderStates.uidValidity} = excluded.uid_validity then greatest(${mailFolderStates.lastUid}, excluded.last_uid) else excluded.last_uid end`,
        uidValidity: sql`excluded.uid_validity`,
        // mid-folder (null) the MODSEQ of the last finished sync stays, so an unfinished folder is never skipped
        highestModseq: modseq === null ? sql`case when ${mailFolderStates.uidValidity} = excluded.uid_validity then ${mailFolderStates.highestModseq} end` : sql`excluded.highest_modseq`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** A folder with nothing new (its MODSEQ now current), or one whose UIDVALIDITY changed (read anew from UID 0). */
async function commitPosition(runtime: ToolRuntime, userId: string, folder: string, validity: bigint, reset: boolean, modseq: bigint | null) {
  await withUser(runtime.db, userId, async (tx) => {
    if (reset) {
      await tx.insert(mailFolderStates).values({ userId, folder, uidValidity: validity, lastUid: 0, highestModseq: modseq, updatedAt: runtime.now() })
        .onConflictDoUpdate({ target: [mailFolderStates.userId, mailFolderStates.folder], set: { uidValidity: validity, lastUid: 0, highestModseq: modseq, updatedAt: runtime.now() } });
    } else {
      await tx.insert(mailFolderStates).values({ userId, folder, uidValidity: validity, lastUid: 0, highestModseq: modseq, updatedAt: runtime.now() })
        .onConflictDoUpdate({ target: [mailFolderStates.userId, mailFolderStates.folder], set: { highestModseq: modseq, updatedAt: runtime.now() } });
    }
  });
}

async function recordSync(runtime: ToolRuntime, userId: string, account: MailAccount, outcome: { count?: number; error?: string; at?: Date }) {
  await withUser(runtime.db, userId, (tx) => tx.update(mailAccounts).set(outcome.error
    ? { lastSyncError: outcome.error }
    : { lastSyncAt: outcome.at ?? runtime.now(), lastSyncError: null, lastSyncCount: outcome.count ?? 0 })
    .where(and(eq(mailAccounts.userId, userId), eq(mailAccounts.id, account.id))));
}
