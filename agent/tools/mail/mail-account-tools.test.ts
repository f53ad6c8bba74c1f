import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startSmtpCapture, type SmtpCapture } from '../../../test-support/smtp-capture.js';
import { withUser } from '../../../db/with-user.js';
import { readMailAccount } from './mail-account.js';
import { createMailSender } from './mail-sender.js';

describe('mailbox settings and the outgoing-mail sender', () => {
  const t = withAliceAndBob('pglite');
  let smtp: SmtpCapture;
  beforeAll(async () => { smtp = await startSmtpCapture(); });
  afterAll(async () => { await smtp?.close(); });

  it('stores the connection with the passwords sealed and answers only whether they are set', async () => {
    const { account } = await t.h.call(t.alice.id, 'connect_mailbox', {
      own_address: 'alice@example.test', display_name: 'Alice Doe',
      imap_host: '127.0.0.1', imap_port: 1143, imap_security: 'none', imap_user: 'alice', imap_password: 'imap-secret-1',
      smtp_host: smtp.host, smtp_port: smtp.port, smtp_security: 'none', smtp_user: smtp.user, smtp_password: smtp.password,
    });
    expect(account.imap).toEqual({ host: '127.0.0.1', port: 1143, security: 'none', user: 'alice', password: 'set' });
    expect(account.smtp.password).toBe('set');
    expect(account.folders).toEqual(['INBOX', 'Sent']);
    expect(JSON.stringify(account)).not.toContain('imap-secret-1');
    const raw = await t.database.db.execute(sql`select imap_secret, smtp_secret from mail_accounts`);
    const stored = JSON.stringify((raw as unknown as { rows: unknown[] }).rows);
    expect(stored).not.toContain('imap-secret-1');
    expect(stored).not.toContain(smtp.password);
    const shown = await t.h.call(t.alice.id, 'get_mail_account', {});
    expect(shown.account.own_address).toBe('alice@example.test');
    expect(JSON.stringify(shown)).not.toContain('imap-secret-1');
  });

  it('changes only the fields given, and keeps a password that is not given again', async () => {
    const { account } = await t.h.call(t.alice.id, 'connect_mailbox', { folders: ['INBOX', 'Sent Items', 'INBOX'], no_reply_days: 5 });
    expect(account.folders).toEqual(['INBOX', 'Sent Items']);
    expect(account.no_reply_days).toBe(5);
    expect(account.imap.password).toBe('set');
    const opened = await withUser(t.database.db, t.alice.id, (tx) => readMailAccount(tx, t.alice.id, t.h.runtime.secrets!));
    expect(opened?.imap?.secret).toBe('imap-secret-1');
  });

  it('refuses bad input naming the field, changing nothing', async () => {
    const before = await t.h.call(t.alice.id, 'get_mail_account', {});
    const e1 = await t.h.error(t.alice.id, 'connect_mailbox', { imap_port: 70000 });
    expect(e1.field).toBe('imap_port');
    const e2 = await t.h.error(t.alice.id, 'connect_mailbox', { smtp_host: 'bad host!' });
    expect(e2.message).toMatch(/smtp_host/);
    const e3 = await t.h.error(t.bob.id, 'connect_mailbox', { imap_host: 'imap.example.test' });
    expect(e3.field).toBe('own_address');
    expect(await t.h.call(t.alice.id, 'get_mail_account', {})).toEqual(before);
  });

  it('bob sees no mailbox of alice', async () => {
    expect((await t.h.call(t.bob.id, 'get_mail_account', {})).account).toBeNull();
    const rows = await withUser(t.database.db, t.bob.id, (tx) => tx.execute(sql`select count(*)::int as n from mail_accounts`));
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(0);
  });

  it('sends one message through the user\'s SMTP server with their login', async () => {
    const opened = await withUser(t.database.db, t.alice.id, (tx) => readMailAccount(tx, t.alice.id, t.h.runtime.secrets!));
    const sender = createMailSender(opened!.smtp!, { address: opened!.ownAddress, name: opened!.displayName });
    try {
      const sent = await sender.send({ to: { address: 'priya@stripe.test', name: 'Priya Patel' }, subject: 'Thanks for today', text: 'Hi Priya,\nthank you.', headers: { Bcc: 'x@y.test', 'X-Kith': 'draft' } });
      expect(sent.accepted).toEqual(['priya@stripe.test']);
      const [mail] = await smtp.waitFor(1);
      expect(mail.user).toBe(smtp.user);
      expect(mail.envelopeTo).toEqual(['priya@stripe.test']);
      expect(mail.parsed.subject).toBe('Thanks for today');
      expect(mail.parsed.from?.value[0]).toEqual({ address: 'alice@example.test', name: 'Alice Doe' });
      expect(mail.parsed.text?.trim()).toBe('Hi Priya,\nthank you.');
      expect(mail.parsed.headers.get('x-kith')).toBe('draft');
      expect(mail.parsed.messageId).toBe(sent.messageId);
    } finally { sender.close(); }
    const wrong = createMailSender({ ...opened!.smtp!, secret: 'wrong' }, { address: 'alice@example.test' });
    await expect(wrong.send({ to: { address: 'a@b.test' }, subject: 's', text: 't' })).rejects.toThrow(/Invalid username or password|535/);
    wrong.close();
  });
});
