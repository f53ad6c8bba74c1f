import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { loadConfig } from './config.js';
import { openKith, type Kith } from './open-kith.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { createSecretBox } from '../db/secret-box.js';
import { startMailJobs } from './mail-jobs.js';
import type { User } from '../accounts/users.js';

describe('"BCC Kith": the SMTP capture port of kith serve', () => {
  let database: TestDatabase;
  let kith: Kith;
  let alice: User;
  let bob: User;
  let jobs: Awaited<ReturnType<typeof startMailJobs>>;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z', KITH_EMBEDDING_MODEL: 'lexical' }), { database, log: silentLogger, secrets: createSecretBox(randomBytes(32)) });
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
    await kith.call(alice.id, 'connect_mailbox', { own_address: 'alice@example.test' });
    await kith.call(bob.id, 'connect_mailbox', { own_address: 'bob@example.test' });
    await kith.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' });
    jobs = await startMailJobs(kith, { host: '127.0.0.1', smtpPort: '0', syncMinutes: '0' });
  });
  afterAll(async () => {
    await jobs?.close();
    await database?.drop();
  });

  const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: jobs.capturePort, secure: false, ignoreTLS: true });

  it('logs a message BCC\'d to the user\'s own address as that user, with the recipient contact', async () => {
    const info = await transport().sendMail({
      envelope: { from: 'alice@example.test', to: ['alice@example.test'] },
      from: 'Alice Doe <alice@example.test>', to: 'Priya Patel <priya@stripe.test>', subject: 'Following up', text: 'Hi Priya, following up on our chat.',
      messageId: '<follow-1@example.test>', date: new Date('2026-11-25T10:00:00Z'),
    });
    expect(info.accepted).toEqual(['alice@example.test']);
    const { interactions } = await kith.call(alice.id, 'list_interactions', { contact: 'priya@stripe.test' }) as { interactions: Array<{ subject: string; interaction_type: string; notes: string }> };
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({ subject: 'Following up', interaction_type: 'email' });
    expect(interactions[0].notes).toContain('following up on our chat');
    const bobs = await kith.call(bob.id, 'list_unknown_senders', {}) as { senders: unknown[] };
    expect(bobs.senders).toEqual([]);
  });

  it('refuses any recipient that is no user\'s own address (it relays nothing)', async () => {
    await expect(transport().sendMail({
      envelope: { from: 'spam@evil.test', to: ['someone@elsewhere.test'] },
      from: 'spam@evil.test', to: 'someone@elsewhere.test', subject: 'x', text: 'y',
    })).rejects.toThrow(/550|No Kith mailbox/);
  });
});
