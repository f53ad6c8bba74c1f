import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { composeMessage } from '../../../test-support/mail-messages.js';
import { withUser } from '../../../db/with-user.js';
import { crmInteractions } from '../../../db/schema/index.js';
import { cleanEmailBody } from './clean-body.js';

describe('log_email: one raw message', () => {
  const t = withAliceAndBob('pglite');
  let raw: string;
  let priya: { id: string };

  beforeAll(async () => {
    priya = (await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' })).contact;
    await t.h.call(t.alice.id, 'connect_mailbox', { own_address: 'alice@example.test' });
    raw = (await composeMessage({
      from: 'Priya Patel <priya@stripe.test>', to: 'alice@example.test, Sam Lee <sam@stripe.test>', subject: 'Re: Coffee',
      text: 'Thursday works great, thanks!\n\nPriya\n\n-----Original Message-----\nFrom: Alice\nSent: Monday\nSubject: Coffee\n\nCoffee Thursday?',
      date: '2026-11-24T16:00:00Z', messageId: 'coffee-r@stripe.test', inReplyTo: 'coffee@example.test',
      attachments: [{ filename: 'map.png', content: 'png' }],
    })).toString('utf8');
  });

  it('logs the thread with the contact, offers the other recipient, and logs it once', async () => {
    const first = await t.h.call(t.alice.id, 'log_email', { raw });
    expect(first.logged).toHaveLength(1);
    expect(first.logged[0]).toMatchObject({ contact_id: priya.id, contact_name: 'Priya Patel', subject: 'Coffee', created: true });
    expect(first.unknown).toEqual([{ address: 'sam@stripe.test', name: 'Sam Lee' }]);
    expect(first.message).toContain('Logged the e-mail "Re: Coffee" with Priya Patel.');
    const [row] = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(crmInteractions).where(and(eq(crmInteractions.contactId, priya.id))));
    expect(row.notes).toContain('Thursday works great, thanks!');
    expect(row.notes).not.toContain('Coffee Thursday?');
    expect(row.attachments).toEqual(['map.png']);
    const again = await t.h.call(t.alice.id, 'log_email', { raw });
    expect(again.duplicate).toBe(true);
    expect(again.message).toMatch(/already logged/);
    expect((await t.h.call(t.alice.id, 'list_interactions', { contact: priya.id })).interactions).toHaveLength(1);
  });

  it('logs a long body cut in the middle of an emoji, and a reply that rewrites its thread', async () => {
    // the cleaned body keeps 7,999 characters: the 7,999th is the first half of the emoji
    const text = `${'a'.repeat(7998)}\u{1F600} and more`;
    const long = await composeMessage({ from: 'Priya Patel <priya@stripe.test>', to: 'alice@example.test', subject: 'Long', text, date: '2026-11-24T17:00:00Z', messageId: 'long-1@stripe.test' });
    expect((await t.h.call(t.alice.id, 'log_email', { raw: long.toString('utf8') })).logged).toHaveLength(1);
    const reply = await composeMessage({ from: 'alice@example.test', to: 'priya@stripe.test', subject: 'Re: Long', text: 'Read it all.', date: '2026-11-24T18:00:00Z', messageId: 'long-2@example.test', inReplyTo: 'long-1@stripe.test', references: ['long-1@stripe.test'] });
    expect((await t.h.call(t.alice.id, 'log_email', { raw: reply.toString('utf8') })).logged[0].created).toBe(false);
    const [row] = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(crmInteractions).where(eq(crmInteractions.subject, 'Long')));
    expect(row.notes).toContain(`${'a'.repeat(7998)}\uFFFD…`);
    expect(row.notes).toContain('Read it all.');
  });

  it('refuses text that is not an e-mail, naming the field, and logs nothing', async () => {
    const e = await t.h.error(t.alice.id, 'log_email', { raw: 'log coffee with Priya tomorrow' });
    expect(e.field).toBe('raw');
    expect((await t.h.error(t.alice.id, 'log_email', { raw: '' })).message).toMatch(/raw/);
  });

  it('bob\'s paste of the same message is his own: his contacts only, nothing of alice\'s', async () => {
    const bobs = await t.h.call(t.bob.id, 'log_email', { raw });
    expect(bobs.duplicate).toBe(false);
    expect(bobs.logged).toEqual([]);
    // to bob, alice is just another address
    expect(bobs.unknown.map((u: { address: string }) => u.address).sort()).toEqual(['alice@example.test', 'priya@stripe.test', 'sam@stripe.test']);
    expect((await t.h.call(t.alice.id, 'list_unknown_senders', {})).senders.map((s: { address: string; message_count: number }) => [s.address, s.message_count])).toEqual([['sam@stripe.test', 1]]);
  });
});

describe('cleanEmailBody', () => {
  it('keeps the new words and drops quotes, signatures and mobile footers', () => {
    expect(cleanEmailBody('Sounds good.\n\nOn Mon, Nov 23, 2026 at 9:00 AM Tom <tom@acme.test> wrote:\n> earlier')).toBe('Sounds good.');
    expect(cleanEmailBody('See you then\n-- \nTom Baker\nAcme')).toBe('See you then');
    expect(cleanEmailBody('Yes!\n\nSent from my iPhone')).toBe('Yes!');
    expect(cleanEmailBody('Thanks\r\n\r\nFrom: Alice Doe <alice@example.test>\r\nSent: Tuesday\r\nSubject: Re: x\r\n\r\nold')).toBe('Thanks');
    expect(cleanEmailBody('> only a quote')).toBe('> only a quote');
  });
});
