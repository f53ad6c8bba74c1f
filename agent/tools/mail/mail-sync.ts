import { and, eq, sql } from 'drizzle-orm';
import { ImapFlow, type ListResponse } from 'imapflow';
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
import { suggestNoResponse } from './reply-suggestions.js';

export interface MailSyncOptions {
  /** Messages per transaction; the folder's position is committed with each batch. */
  batchSize?: number;
  progress?: (done: number, total: number, label?: string) => void;
  signal?: AbortSignal;
}

export interface FolderReport { folder: string; uid_validity: string; new_messages: number; duplicates: number; restarted: boolean }

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

/**
 * Reads what is new in the user's chosen folders and logs it (logEmails). Incremental by
 * UIDVALIDITY/UID: each batch commits its messages and the folder's new position in one
 * transaction, so a crash loses at most the batch in flight, which the next run reads again
 * (and Message-IDs make reading twice harmless). A changed UIDVALIDITY reads the folder anew.
 */
export async function syncMailbox(runtime: ToolRuntime, userId: string, options: MailSyncOptions = {}): Promise<MailSyncReport> {
  if (!runtime.secrets) throw new InvalidInputError('(input)', 'This Kith has no secret key to open the mailbox password with.');
  const account = await withUser(runtime.db, userId, (tx) => readMailAccount(tx, userId, runtime.secrets!));
  if (!account) throw new InvalidInputError('mailbox', 'No mailbox is connected: connect one first (connect_mailbox).');
  if (!account.imap) throw new InvalidInputError('imap_host', 'The mailbox has no IMAP server, user and password yet (connect_mailbox).');
  const client = imapClient(account.imap);
  const report: MailSyncReport = { folders: [], new_messages: 0, duplicates: 0, threads: 0, unknown: 0, suggestions: 0, synced_at: '' };
  try {
    await client.connect();
    const boxes = await client.list();
    const plan: Array<{ folder: string; uids: number[]; validity: bigint; restarted: boolean }> = [];
    for (const wanted of account.folders) {
      const folder = resolveFolder(wanted, boxes);
      if (!folder) { runtime.log.warn('mail folder not found', { folder: wanted }); continue; }
      const box = await client.mailboxOpen(folder, { readOnly: true });
      const validity = BigInt(box.uidValidity);
      const [state] = await withUser(runtime.db, userId, (tx) => tx.select().from(mailFolderStates)
        .where(and(eq(mailFolderStates.userId, userId), eq(mailFolderStates.folder, folder))));
      const restarted = !!state && state.uidValidity !== validity;
      const after = state && !restarted ? state.lastUid : 0;
      const found = box.exists === 0 ? [] : await client.search({ uid: `${after + 1}:*` }, { uid: true });
      plan.push({ folder, validity, restarted, uids: (found || []).filter((u) => u > after).sort((a, b) => a - b) });
    }
    const total = plan.reduce((n, p) => n + p.uids.length, 0);
    let done = 0;
    options.progress?.(0, total, 'mail');
    for (const p of plan) {
      const folderReport: FolderReport = { folder: p.folder, uid_validity: p.validity.toString(), new_messages: 0, duplicates: 0, restarted: p.restarted };
      report.folders.push(folderReport);
      await client.mailboxOpen(p.folder, { readOnly: true });
      if (p.restarted || p.uids.length === 0) await commitPosition(runtime, userId, p.folder, p.validity, p.restarted ? 0 : undefined);
      if (p.uids.length === 0) continue;
      const size = options.batchSize ?? 250;
      for (let i = 0; i < p.uids.length; i += size) {
        options.signal?.throwIfAborted();
        const uids = p.uids.slice(i, i + size);
        const sources: Array<{ uid: number; source: Buffer; internalDate?: Date }> = [];
        for await (const m of client.fetch(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (m.source) sources.push({ uid: m.uid, source: m.source, internalDate: m.internalDate instanceof Date ? m.internalDate : undefined });
        }
        const messages: EmailMessage[] = await Promise.all(sources.map(async (s) => ({
          ...emailFromParsed(await simpleParser(s.source, { skipTextToHtml: true, skipImageLinks: true }), s.internalDate ?? runtime.now()),
          folder: p.folder, uid: s.uid,
        })));
        const last = uids[uids.length - 1];
        const logged = await withUser(runtime.db, userId, async (tx) => {
          const result = await logEmails(contextFor(runtime, tx, userId), messages, { ownAddresses: [account.ownAddress] });
          await savePosition(tx, userId, p.folder, p.validity, last, runtime.now());
          return result;
        });
        folderReport.new_messages += logged.new_messages;
        folderReport.duplicates += logged.duplicates;
        report.new_messages += logged.new_messages;
        report.duplicates += logged.duplicates;
        report.threads += logged.threads.length;
        report.unknown += logged.unknown.length;
        report.suggestions += logged.suggestions;
        done += uids.length;
        options.progress?.(done, total, p.folder);
      }
    }
    await client.logout().catch(() => {});
  } catch (error) {
    client.close();
    await recordSync(runtime, userId, account, { error: failureText(error) });
    throw error;
  }
  report.suggestions += await withUser(runtime.db, userId, (tx) => suggestNoResponse(contextFor(runtime, tx, userId), account.noReplyDays));
  report.synced_at = runtime.now().toISOString();
  await recordSync(runtime, userId, account, { count: report.new_messages });
  return report;
}

async function savePosition(tx: KithDb, userId: string, folder: string, validity: bigint, lastUid: number, now: Date) {
  await tx.insert(mailFolderStates).values({ userId, folder, uidValidity: validity, lastUid, updatedAt: now })
    .onConflictDoUpdate({
      target: [mailFolderStates.userId, mailFolderStates.folder],
      // another process may have gone further under the same UIDVALIDITY
      set: {
        lastUid: sql`case when ${mailFolderStates.uidValidity} = excluded.uid_validity then greatest(${mailFolderStates.lastUid}, excluded.last_uid) else excluded.last_uid end`,
        uidValidity: sql`excluded.uid_validity`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** A folder with nothing new, or one whose UIDVALIDITY changed (read anew from UID 0). */
async function commitPosition(runtime: ToolRuntime, userId: string, folder: string, validity: bigint, reset?: 0) {
  await withUser(runtime.db, userId, async (tx) => {
    if (reset === 0) {
      await tx.insert(mailFolderStates).values({ userId, folder, uidValidity: validity, lastUid: 0, updatedAt: runtime.now() })
        .onConflictDoUpdate({ target: [mailFolderStates.userId, mailFolderStates.folder], set: { uidValidity: validity, lastUid: 0, updatedAt: runtime.now() } });
    } else {
      await tx.insert(mailFolderStates).values({ userId, folder, uidValidity: validity, lastUid: 0, updatedAt: runtime.now() }).onConflictDoNothing();
    }
  });
}

async function recordSync(runtime: ToolRuntime, userId: string, account: MailAccount, outcome: { count?: number; error?: string }) {
  await withUser(runtime.db, userId, (tx) => tx.update(mailAccounts).set(outcome.error
    ? { lastSyncError: outcome.error }
    : { lastSyncAt: runtime.now(), lastSyncError: null, lastSyncCount: outcome.count ?? 0 })
    .where(and(eq(mailAccounts.userId, userId), eq(mailAccounts.id, account.id))));
}
