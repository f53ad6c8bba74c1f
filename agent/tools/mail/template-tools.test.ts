import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startSmtpCapture, type SmtpCapture } from '../../../test-support/smtp-capture.js';
import { withUser } from '../../../db/with-user.js';
import { crmContactInsights } from '../../../db/schema/index.js';
import { BUILTIN_TEMPLATES, fillTemplate, mailtoLink } from './templates.js';

describe('templates, draft_message and send_message', () => {
  const t = withAliceAndBob('pglite');
  let smtp: SmtpCapture;
  let priya: { id: string };
  let stripe: { id: string };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    priya = (await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test', company: 'Stripe', relationship_type: 'recruiter' })).contact;
    stripe = (await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', status: 'interview', contact: priya.id })).opportunity;
    await withUser(t.database.db, t.alice.id, (tx) => tx.insert(crmContactInsights).values({
      userId: t.alice.id, contactId: priya.id, insightType: 'interest', insightText: 'she is training for the Berlin marathon', confidenceScore: 0.9,
    }));
    await t.h.call(t.alice.id, 'connect_mailbox', {
      own_address: 'alice@example.test', display_name: 'Alice Doe',
      smtp_host: smtp.host, smtp_port: smtp.port, smtp_security: 'none', smtp_user: smtp.user, smtp_password: smtp.password,
    });
  });
  afterAll(async () => { await smtp?.close(); });

  it('lists the built-ins with their variables', async () => {
    const { templates, variables } = await t.h.call(t.alice.id, 'list_templates', {});
    expect(templates.map((x: { key: string }) => x.key)).toEqual(['thank_you_after_interview', 'follow_up_no_reply', 'ask_for_referral', 'networking_intro', 'accept_offer', 'decline_offer']);
    expect(Object.keys(variables)).toContain('job.title');
  });

  it('fills a thank-you for the contact, personalised from their insight, with a mailto link', async () => {
    const { draft, mailto, can_send } = await t.h.call(t.alice.id, 'draft_message', { template: 'thank_you_after_interview', contact: 'Priya' });
    expect(draft.to).toEqual({ name: 'Priya Patel', address: 'priya@stripe.test' });
    expect(draft.opportunity_id).toBe(stripe.id);
    expect(draft.subject).toBe('Thank you, Priya');
    expect(draft.body).toContain('the Backend Engineer role at Stripe');
    expect(draft.body).toContain('She is training for the Berlin marathon.');
    expect(draft.body.trim().endsWith('Alice Doe')).toBe(true);
    expect(draft.missing).toEqual([]);
    expect(draft.personalised_from).toBe('she is training for the Berlin marathon');
    expect(can_send).toBe(true);
    expect(mailto.startsWith('mailto:priya@stripe.test?subject=Thank%20you%2C%20Priya&body=Hi%20Priya%2C%0D%0A')).toBe(true);
  });

  it('shows what it lacks instead of guessing, and drops an optional line with no value', () => {
    const filled = fillTemplate('Hi {{contact.first_name}},\n{{insight?}}\nAbout {{job.title}}.', { 'contact.first_name': 'Tom' });
    expect(filled.text).toBe('Hi Tom,\nAbout [job title].');
    expect(filled.missing).toEqual(['job.title']);
    expect(mailtoLink('a@b.test', 'S & T', 'x\ny')).toBe('mailto:a@b.test?subject=S%20%26%20T&body=x%0D%0Ay');
    for (const b of BUILTIN_TEMPLATES) expect(fillTemplate(b.body, {}).missing.length).toBeGreaterThan(0);
  });

  it('saves a user template (refusing an unknown variable) that replaces a built-in of the same key for that user only', async () => {
    const bad = await t.h.error(t.alice.id, 'save_template', { key: 'decline_offer', name: 'Decline', subject: 'No thanks', body: 'Hi {{contact.frist_name}}' });
    expect(bad.field).toBe('body');
    expect(bad.message).toContain('{{contact.frist_name}}');
    await t.h.call(t.alice.id, 'save_template', { key: 'decline_offer', name: 'Short decline', subject: 'Re: {{job.title}}', body: 'Hi {{contact.first_name}}, I will pass on {{company}}. {{my.first_name}}' });
    const { draft } = await t.h.call(t.alice.id, 'draft_message', { template: 'decline_offer', opportunity: stripe.id });
    expect(draft.subject).toBe('Re: Backend Engineer');
    expect(draft.body).toBe('Hi Priya, I will pass on Stripe. Alice');
    const bobs = await t.h.call(t.bob.id, 'list_templates', {});
    expect(bobs.templates.find((x: { key: string }) => x.key === 'decline_offer').name).toBe('Declining an offer');
    expect((await t.h.error(t.bob.id, 'draft_message', { template: 'decline_offer', contact: priya.id })).code).toBe('not_found');
    await t.h.confirmed(t.alice.id, 'delete_template', { key: 'decline_offer' });
    expect((await t.h.call(t.alice.id, 'list_templates', {})).templates.find((x: { key: string }) => x.key === 'decline_offer').builtin).toBe(true);
  });

  it('sends one message to the contact through the user\'s SMTP only once confirmed, and logs it', async () => {
    const { draft } = await t.h.call(t.alice.id, 'draft_message', { template: 'thank_you_after_interview', contact: priya.id });
    const preview = await t.h.call(t.alice.id, 'send_message', { contact: priya.id, subject: draft.subject, body: draft.body });
    expect(preview.status).toBe('confirmation_required');
    expect(preview.summary).toBe('Send "Thank you, Priya" to Priya Patel <priya@stripe.test> from alice@example.test?');
    expect(smtp.messages).toHaveLength(0);
    const forged = await t.h.call(t.alice.id, 'send_message', { contact: priya.id, subject: draft.subject, body: draft.body, confirm: true, approval_id: '00000000-0000-4000-8000-000000000000' });
    expect(forged.status).toBe('confirmation_required');
    const sent = await t.h.confirmed(t.alice.id, 'send_message', { contact: priya.id, subject: draft.subject, body: draft.body });
    expect(sent.status).toBe('sent');
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual(['priya@stripe.test']);
    expect(mail.parsed.subject).toBe('Thank you, Priya');
    expect(mail.parsed.from?.value[0]).toEqual({ address: 'alice@example.test', name: 'Alice Doe' });
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.map((a) => a.address) : []).toEqual(['priya@stripe.test']);
    expect(mail.parsed.text).toContain('the Backend Engineer role at Stripe');
    expect(mail.parsed.messageId).toBe(`<${sent.message_id}>`);
    const { interactions } = await t.h.call(t.alice.id, 'list_interactions', { contact: priya.id });
    expect(interactions.map((i: { id: string; interaction_type: string; subject: string }) => [i.id, i.interaction_type, i.subject])).toEqual([[sent.interaction_id, 'email', 'Thank you, Priya']]);
    expect(smtp.messages).toHaveLength(1);
  });

  it('refuses to send what still holds variables, to a contact without an address, or without SMTP', async () => {
    expect((await t.h.error(t.alice.id, 'send_message', { contact: priya.id, subject: 'Hi', body: 'Hi {{contact.first_name}}' })).field).toBe('body');
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Nomail', last_name: 'Person' });
    expect((await t.h.error(t.alice.id, 'send_message', { contact: 'Nomail Person', subject: 'Hi', body: 'Hello' })).field).toBe('contact');
    await t.h.call(t.bob.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' });
    expect((await t.h.error(t.bob.id, 'send_message', { contact: 'Priya', subject: 'Hi', body: 'Hello' })).field).toBe('smtp_host');
    expect(smtp.messages).toHaveLength(1);
  });
});
