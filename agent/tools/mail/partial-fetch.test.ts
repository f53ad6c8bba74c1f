import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow, type MessageStructureObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { eq } from 'drizzle-orm';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startDovecot, type Dovecot } from '../../../test-support/dovecot.js';
import { withUser } from '../../../db/with-user.js';
import { mailMessages } from '../../../db/schema/index.js';
import { attachmentNames } from './attachment-names.js';
import { emailFromParsed } from './parse-email.js';
import { syncMailbox } from './mail-sync.js';

const ME = 'alice@example.test';
const FILLER = 'x'.repeat(4000);
const compose = (options: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer({ from: 'Priya Patel <priya@stripe.test>', to: ME, date: new Date('2026-11-20T10:00:00Z'), ...options }).compile().build();

/** A message written by hand: what nodemailer never writes (an embedded message, odd dispositions, a part without a type). */
const handWritten = (messageId: string) => Buffer.from([
  'From: Priya Patel <priya@stripe.test>', `To: ${ME}`, 'Subject: Odd parts', 'Date: Fri, 20 Nov 2026 11:00:00 +0000', `Message-ID: <${messageId}>`,
  'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="outer"', '',
  '--outer', 'Content-Type: text/plain; charset=utf-8', '', 'The odd one, see below.', '',
  '--outer', 'Content-Type: message/rfc822', 'Content-Disposition: inline', '',
  'From: Tom <tom@acme.test>', 'Subject: Embedded', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="inner"', '',
  '--inner', 'Content-Type: text/plain', '', 'Words of the embedded message.', '',
  '--inner', 'Content-Type: application/pdf; name="inside.pdf"', 'Content-Transfer-Encoding: base64', '', Buffer.from(FILLER).toString('base64'), '',
  '--inner--', '',
  '--outer', 'Content-Type: application/octet-stream', 'Content-Disposition: foo; filename="odd-disposition.bin"', 'Content-Transfer-Encoding: base64', '', Buffer.from(FILLER).toString('base64'), '',
  '--outer', 'Content-Type: text/plain; name="notes.txt"', 'Content-Disposition: attachment', '', 'attached words', '',
  '--outer', 'Content-Type: image/png', 'Content-Disposition: inline', 'Content-Transfer-Encoding: base64', '', Buffer.from(FILLER).toString('base64'), '',
  '--outer', 'Content-Type: application/zip', 'Content-Transfer-Encoding: base64', '', Buffer.from(FILLER).toString('base64'), '',
  '--outer--', '',
].join('\r\n'));

describe('large messages read in part (headers, text and BODYSTRUCTURE) name what a whole read names', () => {
  const t = withAliceAndBob('pglite');
  let dovecot: Dovecot;
  let imap: ImapFlow;
  const messages: Array<{ id: string; raw: Buffer }> = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await imap.connect();
    const forwarded = await compose({ subject: 'Original', text: 'The forwarded words.', messageId: '<orig@stripe.test>' });
    messages.push(
      { id: 'files@stripe.test', raw: await compose({ subject: 'Files', text: 'Two files attached.', messageId: '<files@stripe.test>', attachments: [{ filename: 'offer.pdf', content: FILLER }, { filename: 'résumé – final version of the document.txt', content: FILLER }] }) },
      { id: 'rich@stripe.test', raw: await compose({ subject: 'Rich', text: 'Plain words.', html: '<p>Rich words <img src="cid:logo"></p>', messageId: '<rich@stripe.test>', attachments: [{ cid: 'logo', content: FILLER, contentType: 'image/png', filename: false }, { filename: 'agenda.ics', content: FILLER }, { content: FILLER, contentType: 'application/octet-stream', filename: false }] }) },
      { id: 'fwd@stripe.test', raw: await compose({ subject: 'Fwd: Original', text: 'See the message below.', messageId: '<fwd@stripe.test>', attachments: [{ filename: 'inline.eml', content: forwarded, contentType: 'message/rfc822' }, { filename: 'original.eml', content: forwarded, contentType: 'message/rfc822', contentDisposition: 'attachment' }, { filename: 'pad.bin', content: FILLER }] }) },
      { id: 'odd@stripe.test', raw: handWritten('odd@stripe.test') },
      { id: 'pdf-only@stripe.test', raw: await compose({ subject: 'Just a PDF', messageId: '<pdf-only@stripe.test>', attachments: [{ filename: 'only.pdf', content: FILLER }] }) },
    );
    for (const m of messages) await imap.append('INBOX', m.raw, ['\\Seen'], new Date('2026-11-20T12:00:00Z'));
  }, 60_000);

  afterAll(async () => {
    await imap?.logout().catch(() => {});
    await dovecot?.stop();
  });

  it('names the same attachments from BODYSTRUCTURE as mailparser from the whole message', async () => {
    const lock = await imap.getMailboxLock('INBOX');
    const seen: Array<{ subject: string; fromStructure: string[]; fromSource: string[] }> = [];
    try {
      for await (const m of imap.fetch('1:*', { uid: true, source: true, bodyStructure: true, envelope: true })) {
        const whole = emailFromParsed(await simpleParser(m.source!, { skipTextToHtml: true, skipImageLinks: true }), new Date());
        seen.push({ subject: m.envelope!.subject!, fromStructure: attachmentNames(m.bodyStructure as MessageStructureObject), fromSource: whole.attachments });
      }
    } finally { lock.release(); }
    expect(seen).toHaveLength(messages.length);
    for (const s of seen) expect(s.fromStructure, s.subject).toEqual(s.fromSource);
    // the cases are all there: a non-ASCII name, inline images left out, embedded messages read into (nodemailer's inline
    // one and the hand-written one, with a PDF inside), a message attached, odd dispositions, no name at all
    expect(seen.flatMap((s) => s.fromSource)).toEqual([
      'offer.pdf', 'résumé – final version of the document.txt',
      'agenda.ics', 'attachment',
      'original.eml', 'pad.bin',
      'inside.pdf', 'odd-disposition.bin', 'notes.txt', 'attachment',
      'only.pdf',
    ]);
  });

  it('a sync reading every message in part stores the same words and attachments as reading them whole', async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' });
    await t.h.call(t.alice.id, 'connect_mailbox', { own_address: ME, imap_host: dovecot.host, imap_port: dovecot.port, imap_security: 'none', imap_user: dovecot.user, imap_password: dovecot.password, folders: ['INBOX'] });
    const limit = 2048;
    for (const m of messages) expect(m.raw.length, m.id).toBeGreaterThan(limit);
    const report = await syncMailbox(t.h.runtime, t.alice.id, { wholeMessageLimit: limit });
    expect(report.new_messages).toBe(messages.length);
    const stored = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(mailMessages).where(eq(mailMessages.userId, t.alice.id)));
    for (const m of messages) {
      const whole = emailFromParsed(await simpleParser(m.raw, { skipTextToHtml: true, skipImageLinks: true }), new Date());
      const row = stored.find((s) => s.messageId === m.id);
      expect({ body: row?.body, attachments: row?.attachments }, m.id).toEqual({ body: whole.body, attachments: whole.attachments });
    }
  });
});
