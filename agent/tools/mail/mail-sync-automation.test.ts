import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startDovecot, type Dovecot } from '../../../test-support/dovecot.js';
import { composeMessage, type TestMessage } from '../../../test-support/mail-messages.js';
import { syncMailbox } from './mail-sync.js';

const ME = 'alice@example.test';

type Change = { change_id: string; tool: string; summary: string; caused_by: string | null; undone: boolean };

/**
 * The background mail sync runs the user's automation rules on each batch, as a tool call would:
 * a recruiter's reply arriving by mail removes the follow-up after applying (a new thread, or a
 * reply joining a thread Kith had logged), an e-mail inviting to an interview moves the job, and
 * every effect is a change set caused by the batch's, undone alone or with the batch.
 */
describe('automation rules on the mail sync, against a real dovecot', () => {
  const t = withAliceAndBob('pglite');
  let dovecot: Dovecot;
  let imap: ImapFlow;
  const ids: Record<string, string> = {};

  const append = async (folder: string, m: TestMessage) => { await imap.append(folder, await composeMessage(m), ['\\Seen'], new Date(m.date)); };
  const sync = () => syncMailbox(t.h.runtime, t.alice.id);
  const openTasks = async (opportunity: string) =>
    ((await t.h.call(t.alice.id, 'list_tasks', { status: 'open', opportunity })).tasks as Array<{ title: string; due_date: string; automation_rule: string | null }>);
  const changes = async (limit = 10) => (await t.h.call(t.alice.id, 'list_changes', { limit })).changes as Change[];
  const feed = async () => ((await t.h.call(t.alice.id, 'list_activities', { limit: 30 })).activities as Array<{ description: string }>).map((a) => a.description);
  const emailsWith = async (contact: string) =>
    ((await t.h.call(t.alice.id, 'list_interactions', { contact })).interactions as Array<{ subject: string; interaction_date: string; notes: string }>);
  const stageOf = async (opportunity: string) => (await t.h.call(t.alice.id, 'get_opportunity', { opportunity })).opportunity.status;

  beforeAll(async () => {
    dovecot = await startDovecot();
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await imap.connect();
    const a = t.alice.id;
    t.h.setNow('2026-11-19T12:00:00Z');
    ids.priya = (await t.h.call(a, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test', company: 'Stripe', relationship_type: 'recruiter' })).contact.id;
    ids.omar = (await t.h.call(a, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', email: 'omar@acme.test', company: 'Acme', relationship_type: 'recruiter' })).contact.id;
    await t.h.call(a, 'connect_mailbox', {
      own_address: ME, imap_host: dovecot.host, imap_port: dovecot.port, imap_security: 'none', imap_user: dovecot.user, imap_password: dovecot.password,
    });
    for (const [rule, params] of [['follow_up_after_applying', { days: 5 }], ['interview_moves_stage'], ['thank_you_after_interview'], ['offer_closes_follow_ups']] as const) {
      await t.h.call(a, 'set_automation_rule', { rule, enabled: true, ...(params ? { params } : {}) });
    }
    // Before applying, Alice wrote to Omar: the thread is logged by the first sync.
    await append('Sent', { from: `Alice Doe <${ME}>`, to: 'Omar Haddad <omar@acme.test>', subject: 'Application for Platform Engineer', text: 'Hi Omar,\nI am applying for the Platform Engineer role tomorrow.\nAlice', date: '2026-11-19T10:00:00Z', messageId: 'app-acme@example.test' });
    await sync();
    t.h.setNow('2026-11-20T09:00:00Z');
    ids.acme = (await t.h.call(a, 'add_opportunity', { company_name: 'Acme', job_title: 'Platform Engineer', contact: ids.omar, status: 'applied' })).opportunity.id;
    ids.stripe = (await t.h.call(a, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', contact: ids.priya, status: 'applied' })).opportunity.id;
  }, 60_000);

  afterAll(async () => {
    await imap?.logout().catch(() => {});
    await dovecot?.stop();
  });

  it('replies that arrive by mail remove the follow-ups, a new thread and a reply in a logged one alike, each said why', async () => {
    expect((await openTasks(ids.acme)).map((x) => [x.due_date, x.automation_rule])).toEqual([['2026-11-25', 'follow_up_after_applying']]);
    expect((await openTasks(ids.stripe)).map((x) => x.due_date)).toEqual(['2026-11-25']);
    t.h.setNow('2026-11-22T10:00:00Z');
    await append('INBOX', { from: 'Priya Patel <priya@stripe.test>', to: ME, subject: 'Your application to Stripe', text: 'Hi Alice, thanks for applying. We are reviewing it this week.', date: '2026-11-22T08:00:00Z', messageId: 'stripe-1@stripe.test' });
    await append('INBOX', {
      from: 'Omar Haddad <omar@acme.test>', to: ME, subject: 'Re: Application for Platform Engineer', text: 'Thanks Alice, got it. I will be in touch soon.',
      date: '2026-11-22T09:00:00Z', messageId: 'acme-1@acme.test', inReplyTo: 'app-acme@example.test', references: ['app-acme@example.test'],
    });
    const report = await sync();
    expect(report.new_messages).toBe(2);
    // Omar's reply joined the thread logged on the 19th: the same interaction, now dated the 22nd.
    expect((await emailsWith(ids.omar)).map((i) => [i.subject, i.interaction_date])).toEqual([['Application for Platform Engineer', '2026-11-22T09:00:00.000Z']]);
    expect(await openTasks(ids.acme)).toEqual([]);
    expect(await openTasks(ids.stripe)).toEqual([]);
    const said = await feed();
    expect(said).toContain('Automation "Follow up after applying": removed the task "Follow up with Omar Haddad on your application: Platform Engineer at Acme" (due 2026-11-25): you were in touch with Omar Haddad on 2026-11-22');
    expect(said).toContain('Automation "Follow up after applying": removed the task "Follow up with Priya Patel on your application: Backend Engineer at Stripe" (due 2026-11-25): you were in touch with Priya Patel on 2026-11-22');
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: ids.priya })).contact.next_follow_up_date).toBeNull();
    // The batch is a change set of its own, and the rule's effect one caused by it.
    const [batch, effect] = await changes(2);
    expect(batch).toMatchObject({ tool: 'sync:mail', caused_by: null, undone: false });
    expect(batch.summary).toContain('Logged an e-mail with Priya Patel: Your application to Stripe');
    expect(effect).toMatchObject({ tool: 'automation:follow_up_after_applying', caused_by: batch.change_id });
  });

  it('undoes the rule\'s effect alone (the e-mails stay), then the batch (its e-mails go, the follow-ups stay back)', async () => {
    const [batch, effect] = await changes(2);
    const undone = await t.h.call(t.alice.id, 'undo', { change_id: effect.change_id });
    expect(undone.restored).toMatchObject({ crm_tasks: 2 });
    expect((await openTasks(ids.acme)).map((x) => x.due_date)).toEqual(['2026-11-25']);
    expect((await openTasks(ids.stripe)).map((x) => x.due_date)).toEqual(['2026-11-25']);
    expect(await emailsWith(ids.priya)).toHaveLength(1);
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: ids.priya })).contact.next_follow_up_date).toBe('2026-11-25');

    await t.h.call(t.alice.id, 'undo', { change_id: batch.change_id });
    expect(await emailsWith(ids.priya)).toEqual([]);
    const [omars] = await emailsWith(ids.omar);
    expect(omars.interaction_date).toBe('2026-11-19T10:00:00.000Z');
    expect(omars.notes).not.toContain('I will be in touch soon');
    expect(await openTasks(ids.stripe)).toHaveLength(1);
    expect((await changes(4)).filter((c) => c.change_id === batch.change_id || c.change_id === effect.change_id).every((c) => c.undone)).toBe(true);
  });

  it('an e-mail inviting to an interview moves the job to interview and takes its follow-up; an e-mail asks for no thank-you', async () => {
    t.h.setNow('2026-11-24T10:00:00Z');
    await append('INBOX', {
      from: 'Omar Haddad <omar@acme.test>', to: ME, subject: 'Re: Application for Platform Engineer', text: 'Hi Alice, we would like to invite you to an interview with the platform team on Friday.',
      date: '2026-11-24T09:00:00Z', messageId: 'acme-2@acme.test', inReplyTo: 'acme-1@acme.test', references: ['app-acme@example.test', 'acme-1@acme.test'],
    });
    await sync();
    expect(await stageOf(ids.acme)).toBe('interview');
    expect(await openTasks(ids.acme)).toEqual([]);
    const said = await feed();
    expect(said).toContain('Automation "An interview moves the job to Interview": moved Platform Engineer at Acme from applied to interview (the e-mail with Omar Haddad on 2026-11-24)');
    expect(said).toContainEqual(expect.stringMatching(/^Automation "Follow up after applying": removed the task "[^"]+Acme" \(due 2026-11-25\): Platform Engineer at Acme moved to interview$/));
    expect(said.filter((d) => d.includes('thank-you'))).toEqual([]);
    const batch = (await changes(5)).find((c) => c.tool === 'sync:mail')!;
    expect((await changes(5)).filter((c) => c.caused_by === batch.change_id).map((c) => c.tool).sort())
      .toEqual(['automation:follow_up_after_applying', 'automation:interview_moves_stage']);
    // Stripe, untouched by this batch, keeps its follow-up.
    expect(await openTasks(ids.stripe)).toHaveLength(1);
  });

  it('a plain "undo" takes what the person did last, not the batch that arrived after it', async () => {
    const task = (await t.h.call(t.alice.id, 'create_task', { title: 'Prepare for the Acme interview', opportunity: ids.acme, due_date: '2026-11-27' })).task;
    await append('INBOX', { from: 'Priya Patel <priya@stripe.test>', to: ME, subject: 'Stripe: next steps', text: 'We will get back to you next week.', date: '2026-11-24T09:30:00Z', messageId: 'stripe-2@stripe.test' });
    await sync();
    expect(await openTasks(ids.stripe)).toEqual([]);
    const undone = await t.h.call(t.alice.id, 'undo', {});
    expect(undone.undone.tool).toBe('create_task');
    expect((await openTasks(ids.acme)).map((x) => x.title)).not.toContain(task.title);
    expect((await emailsWith(ids.priya)).map((i) => i.subject)).toEqual(['Stripe: next steps']);
  });

  it('bob\'s rules and changes see nothing of alice\'s sync', async () => {
    expect((await t.h.call(t.bob.id, 'list_changes', {})).changes).toEqual([]);
    const batch = (await changes(10)).find((c) => c.tool === 'sync:mail')!;
    expect((await t.h.error(t.bob.id, 'undo', { change_id: batch.change_id })).code).toBe('not_found');
  });

  it('an e-mail turning the interview down moves nothing: a rejection says "interview" too', async () => {
    expect(await stageOf(ids.stripe)).toBe('applied');
    t.h.setNow('2026-11-26T10:00:00Z');
    await append('INBOX', {
      from: 'Priya Patel <priya@stripe.test>', to: ME, subject: 'Re: Stripe: next steps', text: 'Hi Alice, thank you for your time. Unfortunately we won\'t be moving forward to interviews for this role.',
      date: '2026-11-26T09:00:00Z', messageId: 'stripe-3@stripe.test', inReplyTo: 'stripe-2@stripe.test', references: ['stripe-2@stripe.test'],
    });
    await sync();
    expect((await emailsWith(ids.priya)).map((i) => i.notes).join('\n')).toContain('moving forward to interviews');
    expect(await stageOf(ids.stripe)).toBe('applied');
    expect((await feed()).filter((d) => d.includes('moved Backend Engineer at Stripe'))).toEqual([]);
  });
});
