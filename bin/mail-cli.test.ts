import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ImapFlow } from 'imapflow';
import { runCli } from '../test-support/run-cli.js';
import { startDovecot, type Dovecot } from '../test-support/dovecot.js';
import { composeMessage } from '../test-support/mail-messages.js';

describe('kith mail sync, kith mail status and kith log-email', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-mail-cli-'));
  const data = join(dir, 'data');
  const kith = (...args: string[]) => runCli(['--data', data, ...args], { env: { KITH_EMBEDDING_MODEL: 'lexical' } });
  let dovecot: Dovecot;

  beforeAll(async () => {
    dovecot = await startDovecot();
    const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await imap.connect();
    await imap.append('INBOX', await composeMessage({ from: 'Priya Patel <priya@stripe.test>', to: 'me@example.test', subject: 'Hello', text: 'Nice to meet you!', date: '2026-11-24T10:00:00Z', messageId: 'hello@stripe.test' }));
    await imap.logout();
  }, 30_000);
  afterAll(async () => { await dovecot?.stop(); });

  it('connects, syncs once with a report, and shows the last sync with the password only as set', () => {
    expect(kith('call', 'add_contact', '--input', JSON.stringify({ first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' })).status).toBe(0);
    const connect = kith('call', 'connect_mailbox', '--input', JSON.stringify({
      own_address: 'me@example.test', imap_host: dovecot.host, imap_port: dovecot.port, imap_security: 'none', imap_user: dovecot.user, imap_password: dovecot.password,
    }));
    expect(connect.status, connect.stderr).toBe(0);
    expect(connect.stdout).not.toContain(dovecot.password);
    // the key was made beside the data directory, readable by its owner only
    expect(statSync(`${data}.secret-key`).mode & 0o777).toBe(0o600);
    const sync = kith('mail', 'sync');
    expect(sync.status, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ new_messages: 1, threads: 1 });
    const status = kith('mail', 'status');
    expect(status.status, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout);
    expect(shown.account.last_sync_at).toBe('2026-11-25T15:00:00.000Z');
    expect(shown.account.imap.password).toBe('set');
    expect(status.stdout).not.toContain(dovecot.password);
    expect(readFileSync(`${data}.secret-key`, 'utf8')).not.toContain(dovecot.password);
  }, 180_000); // several kith processes in a row: slow when the cores are shared

  it('logs an .eml file, and says which field is wrong for a file that is not one', async () => {
    const file = join(dir, 'reply.eml');
    writeFileSync(file, await composeMessage({ from: 'me@example.test', to: 'Priya Patel <priya@stripe.test>', subject: 'Re: Hello', text: 'Likewise!', date: '2026-11-24T12:00:00Z', messageId: 'reply@example.test', inReplyTo: 'hello@stripe.test' }));
    const logged = kith('log-email', file);
    expect(logged.status, logged.stderr).toBe(0);
    expect(JSON.parse(logged.stdout).logged).toEqual([expect.objectContaining({ contact_name: 'Priya Patel', subject: 'Hello', created: false })]);
    const missing = kith('log-email', join(dir, 'nope.eml'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/file: cannot read/);
  }, 180_000); // several kith processes in a row: slow when the cores are shared
});
