import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { and, eq, sql } from 'drizzle-orm';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startDovecot, type Dovecot } from '../../../test-support/dovecot.js';
import { composeMessage, type TestMessage } from '../../../test-support/mail-messages.js';
import { withUser } from '../../../db/with-user.js';
import { crmInteractions, mailFolderStates } from '../../../db/schema/index.js';
import { syncMailbox } from './mail-sync.js';

const ME = 'alice@example.test';

describe('mail sync against a real dovecot', () => {
  const t = withAliceAndBob('pglite');
  let dovecot: Dovecot;
  let imap: ImapFlow;
  let priya: { id: string };
  let tom: { id: string };
  let stripe: { id: string };

  const append = async (folder: string, m: TestMessage) => { await imap.append(folder, await composeMessage(m), ['\\Seen'], new Date(m.date)); };
  const sync = (options: Parameters<typeof syncMailbox>[2] = {}) => syncMailbox(t.h.runtime, t.alice.id, options);
  const interactionsOf = (contactId: string) => withUser(t.database.db, t.alice.id, (tx) => tx.select().from(crmInteractions)
    .where(and(eq(crmInteractions.contactId, contactId))).orderBy(crmInteractions.interactionDate));

  beforeAll(async () => {
    dovecot = await startDovecot();
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await imap.connect();
    priya = (await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'Priya@Stripe.test', company: 'Stripe', relationship_type: 'recruiter' })).contact;
    tom = (await t.h.call(t.alice.id, 'add_contact', { first_name: 'Tom', last_name: 'Baker', email: 'tom@acme.test', company: 'Acme' })).contact;
    stripe = (await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', status: 'applied', contact: priya.id })).opportunity;
    await t.h.call(t.alice.id, 'connect_mailbox', {
      own_address: ME, imap_host: dovecot.host, imap_port: dovecot.port, imap_security: 'none', imap_user: dovecot.user, imap_password: dovecot.password,
    });
    await append('Sent', { from: `Alice Doe <${ME}>`, to: 'Priya Patel <priya@stripe.test>', subject: 'Application for Backend Engineer', text: 'Hi Priya,\nI just applied for the Backend Engineer role.\nAlice', date: '2026-11-20T10:00:00Z', messageId: 'app-1@example.test' });
    await append('INBOX', {
      from: 'Priya Patel <priya@stripe.test>', to: `Alice Doe <${ME}>`, subject: 'Re: Application for Backend Engineer',
      text: "Hi Alice,\n\nThanks so much for applying! We'd like to schedule a call next week.\n\nBest,\nPriya\n-- \nPriya Patel | Recruiter, Stripe\n+1 555 0100\n\nOn Fri, Nov 20, 2026 at 10:00 AM Alice Doe <alice@example.test> wrote:\n> Hi Priya,\n> I just applied for the Backend Engineer role.\n",
      date: '2026-11-21T09:30:00Z', messageId: 'reply-1@stripe.test', inReplyTo: 'app-1@example.test', references: ['app-1@example.test'],
      attachments: [{ filename: 'role-description.pdf', content: '%PDF-1.4 not really' }],
    });
    const coffee: TestMessage = { from: 'Tom Baker <tom@acme.test>', to: ME, subject: 'Coffee next week?', text: 'Want to grab coffee Tuesday?\n\nSent from my iPhone', date: '2026-11-22T08:00:00Z', messageId: 'coffee-1@acme.test', attachments: [{ filename: 'agenda.txt', content: 'agenda' }] };
    await append('INBOX', coffee);
    await append('INBOX', coffee); // the same Message-ID twice (a copy, a re-delivery)
    await append('INBOX', { from: 'Dana Whitfield <dana@newco.test>', to: ME, subject: 'Hello from NewCo', text: 'Hi Alice, Tom said you might like to hear about NewCo.', date: '2026-11-23T12:00:00Z', messageId: 'dana-1@newco.test' });
    await append('INBOX', { from: 'News <news@list.test>', to: ME, subject: 'Weekly digest', text: 'Top stories', date: '2026-11-23T13:00:00Z', messageId: 'news-1@list.test', headers: { 'List-Unsubscribe': '<mailto:unsub@list.test>' } });
    await append('Sent', { from: ME, to: 'tom@acme.test', subject: 'Intro to your team?', text: 'Hi Tom, could you introduce me to your team lead?', date: '2026-11-01T10:00:00Z', messageId: 'intro-ask@example.test' });
  }, 60_000);

  afterAll(async () => {
    await imap?.logout().catch(() => {});
    await dovecot?.stop();
  });

  it('logs each thread as one email interaction per contact, cleaned, with attachments, deduplicated', async () => {
    const seen: number[] = [];
    const report = await sync({ progress: (done) => seen.push(done) });
    expect(report.new_messages).toBe(6);
    expect(report.duplicates).toBe(1);
    expect(seen[seen.length - 1]).toBe(7);
    const [thread] = await interactionsOf(priya.id);
    expect(await interactionsOf(priya.id)).toHaveLength(1);
    expect(thread.interactionType).toBe('email');
    expect(thread.subject).toBe('Application for Backend Engineer');
    expect(thread.interactionDate.toISOString()).toBe('2026-11-21T09:30:00.000Z');
    expect(thread.notes).toContain('I just applied for the Backend Engineer role.');
    expect(thread.notes).toContain("We'd like to schedule a call next week.");
    expect(thread.notes).not.toContain('> Hi Priya');
    expect(thread.notes).not.toContain('+1 555 0100');
    expect(thread.notes).not.toContain('wrote:');
    expect(thread.attachments).toEqual(['role-description.pdf']);
    const toms = await interactionsOf(tom.id);
    expect(toms.map((i) => i.subject)).toEqual(['Intro to your team?', 'Coffee next week?']);
    expect(toms[1].notes).not.toContain('iPhone');
    expect(toms[1].attachments).toEqual(['agenda.txt']);
    const { contact } = await t.h.call(t.alice.id, 'get_contact', { contact: priya.id });
    expect(contact.last_contact_date).toBe('2026-11-21');
  });

  it('offers an unknown sender as a new contact (not a list mail) and logs their thread once accepted', async () => {
    const { senders } = await t.h.call(t.alice.id, 'list_unknown_senders', {});
    expect(senders.map((s: { address: string }) => s.address)).toEqual(['dana@newco.test']);
    const answer = await t.h.call(t.alice.id, 'answer_unknown_sender', { sender_id: senders[0].id, action: 'add', company: 'NewCo' });
    expect(answer.contact).toMatchObject({ first_name: 'Dana', last_name: 'Whitfield', email: 'dana@newco.test', company: 'NewCo' });
    expect(answer.threads_logged).toBe(1);
    const danas = await interactionsOf(answer.contact.id);
    expect(danas.map((i) => i.subject)).toEqual(['Hello from NewCo']);
    expect((await t.h.call(t.alice.id, 'list_unknown_senders', {})).senders).toEqual([]);
  });

  it('suggests the reply\'s outcome, the next stage and no response, and applies one only when accepted', async () => {
    const { suggestions } = await t.h.call(t.alice.id, 'list_suggestions', {});
    const summaries = suggestions.map((s: { summary: string }) => s.summary);
    expect(summaries).toContain('Mark the e-mail with Priya Patel as positive?');
    expect(summaries).toContain('Move Backend Engineer at Stripe to phone screen?');
    expect(summaries).toContain('Mark the e-mail to Tom Baker as no response?');
    const stage = suggestions.find((s: { tool_name: string }) => s.tool_name === 'update_opportunity');
    expect(stage.input).toEqual({ opportunity: stripe.id, status: 'phone_screen' });
    expect(stage.reason).toContain('schedule a call');
    expect((await t.h.call(t.alice.id, 'get_opportunity', { opportunity: stripe.id })).opportunity.status).toBe('applied');
    const accepted = await t.h.call(t.alice.id, 'answer_suggestion', { suggestion_id: stage.id, accept: true });
    expect(accepted.message).toMatch(/^Accepted/);
    expect((await t.h.call(t.alice.id, 'get_opportunity', { opportunity: stripe.id })).opportunity.status).toBe('phone_screen');
    const again = await t.h.call(t.alice.id, 'answer_suggestion', { suggestion_id: stage.id, accept: false });
    expect(again.message).toMatch(/already answered/);
    const noResponse = suggestions.find((s: { summary: string }) => s.summary.includes('no response'));
    await t.h.call(t.alice.id, 'answer_suggestion', { suggestion_id: noResponse.id, accept: false });
    expect((await interactionsOf(tom.id))[0].outcome).toBeNull();
    const positive = suggestions.find((s: { summary: string }) => s.summary.includes('positive'));
    await t.h.call(t.alice.id, 'answer_suggestion', { suggestion_id: positive.id, accept: true });
    expect((await interactionsOf(priya.id))[0].outcome).toBe('positive');
    // a declined suggestion is not made again by the next sync
    await sync();
    expect((await t.h.call(t.alice.id, 'list_suggestions', {})).suggestions).toEqual([]);
    expect((await t.h.error(t.bob.id, 'answer_suggestion', { suggestion_id: positive.id, accept: true })).code).toBe('not_found');
  });

  it('is incremental: nothing new reads nothing; a new reply joins its thread\'s interaction', async () => {
    const none = await sync();
    expect(none.new_messages).toBe(0);
    expect(none.duplicates).toBe(0);
    await append('INBOX', { from: 'priya@stripe.test', to: ME, subject: 'Re: Application for Backend Engineer', text: 'Does Tuesday 2pm work?\n\nOn Sat, Alice wrote:\n> Sure', date: '2026-11-24T09:00:00Z', messageId: 'reply-2@stripe.test', inReplyTo: 'reply-1@stripe.test', references: ['app-1@example.test', 'reply-1@stripe.test'] });
    const one = await sync();
    expect(one.new_messages).toBe(1);
    const threads = await interactionsOf(priya.id);
    expect(threads).toHaveLength(1);
    expect(threads[0].notes).toContain('Does Tuesday 2pm work?');
    expect(threads[0].interactionDate.toISOString()).toBe('2026-11-24T09:00:00.000Z');
    const { account } = await t.h.call(t.alice.id, 'get_mail_account', {});
    expect(account.last_sync_at).toBe('2026-11-25T15:00:00.000Z');
    expect(account.last_sync_count).toBe(1);
    expect(account.last_sync_error).toBeNull();
  });

  it('resumes after a crash from the last committed batch without logging anything twice', async () => {
    for (let i = 1; i <= 5; i++) {
      await append('INBOX', { from: 'tom@acme.test', to: ME, subject: `Note ${i}`, text: `Note number ${i}`, date: `2026-11-24T1${i}:00:00Z`, messageId: `note-${i}@acme.test` });
    }
    const crash = new AbortController();
    await expect(sync({ batchSize: 2, signal: crash.signal, progress: (done) => { if (done >= 2) crash.abort(new Error('killed')); } })).rejects.toThrow('killed');
    const [state] = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(mailFolderStates).where(eq(mailFolderStates.folder, 'INBOX')));
    const notesSoFar = (await interactionsOf(tom.id)).filter((i) => i.subject?.startsWith('Note'));
    expect(notesSoFar).toHaveLength(2);
    const resumed = await sync({ batchSize: 2 });
    expect(resumed.new_messages).toBe(3);
    expect(resumed.duplicates).toBe(0);
    const [after] = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(mailFolderStates).where(eq(mailFolderStates.folder, 'INBOX')));
    expect(after.lastUid).toBe(state.lastUid + 3);
    expect((await interactionsOf(tom.id)).filter((i) => i.subject?.startsWith('Note')).map((i) => i.subject)).toEqual(['Note 1', 'Note 2', 'Note 3', 'Note 4', 'Note 5']);
  });

  it('reads a folder anew when its UIDVALIDITY changes, logging only what is new', async () => {
    const [before] = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(mailFolderStates).where(eq(mailFolderStates.folder, 'Sent')));
    await imap.mailboxDelete('Sent');
    await imap.mailboxCreate('Sent');
    await append('Sent', { from: ME, to: 'tom@acme.test', subject: 'Intro to your team?', text: 'Hi Tom, could you introduce me to your team lead?', date: '2026-11-01T10:00:00Z', messageId: 'intro-ask@example.test' });
    await append('Sent', { from: ME, to: 'Priya Patel <priya@stripe.test>', subject: 'Re: Application for Backend Engineer', text: 'Tuesday 2pm works.\n\nOn Tue, Priya wrote:\n> Does Tuesday 2pm work?', date: '2026-11-24T10:00:00Z', messageId: 'reply-3@example.test', inReplyTo: 'reply-2@stripe.test', references: ['app-1@example.test', 'reply-1@stripe.test', 'reply-2@stripe.test'] });
    const report = await sync();
    const sent = report.folders.find((f) => f.folder === 'Sent')!;
    expect(sent.restarted).toBe(true);
    expect(sent.uid_validity).not.toBe(before.uidValidity.toString());
    expect(sent.new_messages).toBe(1);
    expect(sent.duplicates).toBe(1);
    const threads = await interactionsOf(priya.id);
    expect(threads).toHaveLength(1);
    expect(threads[0].notes).toContain('Tuesday 2pm works.');
    expect((await interactionsOf(tom.id)).filter((i) => i.subject === 'Intro to your team?')).toHaveLength(1);
  });

  it('with CONDSTORE/QRESYNC skips unchanged folders and reports flag changes and expunges since the last MODSEQ, keeping what it logged', async () => {
    await sync();
    const states = await withUser(t.database.db, t.alice.id, (tx) => tx.select().from(mailFolderStates));
    // dovecot offers CONDSTORE and QRESYNC: each folder's HIGHESTMODSEQ is kept
    expect(states.length).toBeGreaterThan(0);
    for (const s of states) expect(s.highestModseq).not.toBeNull();
    const quiet = await sync();
    expect(quiet.folders.map((f) => [f.folder, f.unchanged, f.new_messages])).toEqual([['INBOX', true, 0], ['Sent', true, 0]]);

    const lock = await imap.getMailboxLock('INBOX');
    try {
      const [coffee] = await imap.search({ header: { 'message-id': 'coffee-1@acme.test' } }, { uid: true }) || [];
      const [news] = await imap.search({ header: { 'message-id': 'news-1@list.test' } }, { uid: true }) || [];
      expect(coffee && news).toBeTruthy();
      await imap.messageFlagsAdd(String(coffee), ['\\Flagged'], { uid: true });
      await imap.messageDelete(String(news), { uid: true });
    } finally { lock.release(); }
    const tomBefore = await interactionsOf(tom.id);
    const changed = await sync();
    const inbox = changed.folders.find((f) => f.folder === 'INBOX')!;
    expect(inbox).toMatchObject({ unchanged: false, new_messages: 0, flags_changed: 1, expunged: 1 });
    expect(changed.folders.find((f) => f.folder === 'Sent')).toMatchObject({ unchanged: true, flags_changed: 0, expunged: 0 });
    // an expunge on the server takes nothing away from what was logged
    expect(await interactionsOf(tom.id)).toHaveLength(tomBefore.length);
    const again = await sync();
    expect(again.folders.every((f) => f.unchanged)).toBe(true);
    // a new message after that is read as before (the UID path under the MODSEQ)
    await append('INBOX', { from: 'tom@acme.test', to: ME, subject: 'After the flags', text: 'One more', date: '2026-11-24T18:00:00Z', messageId: 'after-flags@acme.test' });
    const one = await sync();
    expect(one.folders.find((f) => f.folder === 'INBOX')).toMatchObject({ unchanged: false, new_messages: 1 });
  });

  it('keeps bob out of alice\'s mail', async () => {
    const counts = await withUser(t.database.db, t.bob.id, (tx) => tx.execute(sql`
      select (select count(*) from mail_messages)::int as messages, (select count(*) from mail_unknown_senders)::int as senders,
             (select count(*) from mail_folder_states)::int as folders, (select count(*) from mail_thread_interactions)::int as threads`));
    expect((counts as unknown as { rows: unknown[] }).rows[0]).toEqual({ messages: 0, senders: 0, folders: 0, threads: 0 });
    expect((await t.h.call(t.bob.id, 'list_suggestions', {})).suggestions).toEqual([]);
    expect((await t.h.call(t.bob.id, 'list_unknown_senders', { status: 'accepted' })).senders).toEqual([]);
    await expect(syncMailbox(t.h.runtime, t.bob.id)).rejects.toThrow(/No mailbox is connected/);
  });

  it('says why a sync failed on the settings, without the password', async () => {
    await t.h.call(t.alice.id, 'connect_mailbox', { imap_password: 'wrong-password' });
    await expect(sync()).rejects.toThrow();
    const { account } = await t.h.call(t.alice.id, 'get_mail_account', {});
    expect(account.last_sync_error).toMatch(/refused the login/);
    expect(JSON.stringify(account)).not.toContain('wrong-password');
    await t.h.call(t.alice.id, 'connect_mailbox', { imap_password: dovecot.password });
  });
});
