import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { ImapFlow } from 'imapflow';
import { createTestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { startDovecot } from '../test-support/dovecot.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { crmContacts } from '../db/schema/index.js';
import { syncMailbox } from '../agent/tools/mail/mail-sync.js';
import { printTable, round } from './stats.js';

export interface MailBenchOptions { messages?: number; contacts?: number; attachments?: number }

const ME = 'me@bench.test';

/** One plain message of a three-message thread: me → contact, contact → me, me → contact. */
function message(i: number, contacts: number): { folder: string; raw: string; date: Date } {
  const thread = Math.floor(i / 3);
  const step = i % 3;
  // one address in ten belongs to nobody in Kith: offered as a new contact
  const person = thread % 10 === 9 ? `stranger${thread}@unknown.test` : `person${thread % contacts}@bench.test`;
  const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  const fromMe = step !== 1;
  const id = `m${i}@bench.test`;
  const root = `m${thread * 3}@bench.test`;
  const headers = [
    `From: ${fromMe ? `Me <${ME}>` : `Person ${thread} <${person}>`}`,
    `To: ${fromMe ? `<${person}>` : `<${ME}>`}`,
    `Subject: ${step === 0 ? '' : 'Re: '}Thread ${thread}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${id}>`,
    ...(step > 0 ? [`In-Reply-To: <m${i - 1}@bench.test>`, `References: <${root}>${step === 2 ? ` <m${i - 1}@bench.test>` : ''}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  const body = [
    `Hello, this is message ${i} of thread ${thread}. ${step === 1 ? 'Thanks, that sounds great, let us schedule a call.' : 'Following up on our conversation about the role.'}`,
    '',
    'Best,',
    fromMe ? 'Me' : `Person ${thread}`,
    ...(step > 0 ? ['', `On ${date.toUTCString()} someone wrote:`, '> an earlier message', '> quoted here'] : []),
  ];
  return { folder: fromMe ? 'Sent' : 'INBOX', raw: `${headers.join('\r\n')}\r\n\r\n${body.join('\r\n')}\r\n`, date };
}

/** A message with a few words and a 1 MB attachment (base64, as mail clients send it). */
function withAttachment(i: number): string {
  const file = Buffer.alloc(1024 * 1024);
  for (let b = 0; b < file.length; b++) file[b] = (b * 31 + i * 7) % 251;
  return [
    `From: Person ${i} <person${i % 10}@bench.test>`, `To: <${ME}>`, `Subject: Report ${i}`, `Date: ${new Date(Date.UTC(2026, 5, 1) + i * 60_000).toUTCString()}`,
    `Message-ID: <report${i}@bench.test>`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
    '--b', 'Content-Type: text/plain; charset=utf-8', '', `Here is report ${i}, as promised.`, '',
    '--b', `Content-Type: application/pdf; name="report-${i}.pdf"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="report-${i}.pdf"`, '',
    file.toString('base64').replace(/.{76}/g, '$&\r\n'), '--b--', '',
  ].join('\r\n');
}

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

/**
 * Mail sync end to end against a real dovecot on 127.0.0.1: a mailbox of `messages` (threads of
 * three across Inbox and Sent, a tenth with unknown people) read from empty over IMAP, parsed,
 * cleaned, matched to `contacts` contacts and logged on PGlite (target ≥ 200 messages/s); then 10
 * new messages synced incrementally (target ≤ 1 s); then `attachments` messages with 1 MB attached
 * (`--attachments N`, 0 for none), synced once read whole and once read in part as the sync does.
 */
export async function runMailBench(options: MailBenchOptions = {}) {
  const n = options.messages ?? argument('messages') ?? Number(process.env.KITH_BENCH_MAIL_MESSAGES ?? 10_000);
  const contacts = options.contacts ?? 300;
  const attachments = options.attachments ?? argument('attachments') ?? 40;
  const dovecot = await startDovecot();
  const database = await createTestDatabase('pglite');
  const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  try {
    const h = toolHarness(database, { now: '2026-11-25T15:00:00Z' });
    const user = await addUser(database.db, `bench-mail-${Date.now()}@example.test`);
    await database.db.insert(crmContacts).values(Array.from({ length: contacts }, (_, i) => ({ userId: user.id, firstName: 'Person', lastName: String(i), email: `person${i}@bench.test` })));
    await h.call(user.id, 'connect_mailbox', { own_address: ME, imap_host: dovecot.host, imap_port: dovecot.port, imap_security: 'none', imap_user: dovecot.user, imap_password: dovecot.password });
    await imap.connect();
    const fillStarted = performance.now();
    for (let i = 0; i < n; i++) {
      const m = message(i, contacts);
      await imap.append(m.folder, m.raw, ['\\Seen'], m.date);
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    // this process's CPU time beside the wall clock: on a shared machine the wall clock mostly
    // measures the other processes, the CPU time what the sync itself costs
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const full = await syncMailbox(h.runtime, user.id);
    const fullSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;

    for (let i = n; i < n + 10; i++) {
      const m = message(i, contacts);
      await imap.append(m.folder, m.raw, ['\\Seen'], m.date);
    }
    const incStarted = performance.now();
    const inc = await syncMailbox(h.runtime, user.id);
    const incMs = performance.now() - incStarted;

    // mail with attachments: the same folder synced by two users, reading each message whole and
    // (the default) only its first 512 KiB with its BODYSTRUCTURE
    const heavy: Record<string, number> = {};
    if (attachments > 0) {
      await imap.mailboxCreate('Reports');
      for (let i = 0; i < attachments; i++) await imap.append('Reports', withAttachment(i), ['\\Seen'], new Date(Date.UTC(2026, 5, 1) + i * 60_000));
      for (const [label, limit] of [['whole', Number.POSITIVE_INFINITY], ['part', undefined]] as const) {
        const reader = await addUser(database.db, `bench-mail-${label}-${Date.now()}@example.test`);
        await h.call(reader.id, 'connect_mailbox', { own_address: ME, imap_host: dovecot.host, imap_port: dovecot.port, imap_security: 'none', imap_user: dovecot.user, imap_password: dovecot.password, folders: ['Reports'] });
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const r = await syncMailbox(h.runtime, reader.id, { wholeMessageLimit: limit });
        heavy[`${label}_seconds`] = round((performance.now() - t0) / 1000, 2);
        const c = process.cpuUsage(cpu0);
        heavy[`${label}_cpu_seconds`] = round((c.user + c.system) / 1e6, 2);
        heavy[`${label}_logged`] = r.new_messages;
      }
    }

    const rate = full.new_messages / fullSeconds;
    const rows = [
      { op: `full sync of ${n} messages`, seconds: round(fullSeconds, 2), cpu_seconds: round(cpuSeconds, 2), messages_per_s: round(rate, 1), threads: full.threads, unknown: full.unknown, target: '≥ 200 msg/s' },
      { op: 'incremental sync of 10 new', seconds: round(incMs / 1000, 3), cpu_seconds: '', messages_per_s: round(inc.new_messages / (incMs / 1000), 1), threads: inc.threads, unknown: inc.unknown, target: '≤ 1 s' },
      ...(attachments > 0 ? [
        { op: `${attachments} messages with 1 MB attached, read whole`, seconds: heavy.whole_seconds, cpu_seconds: heavy.whole_cpu_seconds, messages_per_s: round(heavy.whole_logged / heavy.whole_seconds, 1), threads: '', unknown: '', target: '' },
        { op: `the same, read in part (headers, text, BODYSTRUCTURE)`, seconds: heavy.part_seconds, cpu_seconds: heavy.part_cpu_seconds, messages_per_s: round(heavy.part_logged / heavy.part_seconds, 1), threads: '', unknown: '', target: '' },
      ] : []),
    ];
    const figures = {
      messages: n, contacts, fill_seconds: round(fillSeconds, 1),
      full_sync_seconds: round(fullSeconds, 2), messages_per_second: round(rate, 1), logged: full.new_messages,
      full_sync_cpu_seconds: round(cpuSeconds, 2), messages_per_cpu_second: round(full.new_messages / cpuSeconds, 1),
      incremental_ms: round(incMs, 1), incremental_new: inc.new_messages,
      with_attachments: attachments > 0 ? { messages: attachments, attachment_bytes: 1024 * 1024, ...heavy } : null,
      load: loadavg().map((l) => round(l, 1)),
      targets: { messages_per_second: 200, incremental_ms: 1000 },
      met: { full: rate >= 200, incremental: incMs <= 1000 },
    };
    printTable('Mail sync (dovecot over IMAP on 127.0.0.1, PGlite)', rows);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'mail.json'), JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await imap.logout().catch(() => {});
    await database.drop();
    await dovecot.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runMailBench();
