import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { crmContactInsights, crmContacts, crmInteractions, crmOpportunities, mailMessages, mailTemplates, users } from '../../../db/schema/index.js';
import { defineTool, ApprovalIdField, ConfirmField, ConfirmationRequiredSchema, confirmationRequired } from '../define-tool.js';
import { ContactRef, OpportunityRef, Subject } from '../shared/schemas.js';
import { resolveContact } from '../shared/resolve-contact.js';
import { resolveOpportunity } from '../shared/resolve-opportunity.js';
import { fullName } from '../shared/records.js';
import { InvalidInputError, NotFoundError } from '../shared/errors.js';
import type { ToolContext } from '../shared/context.js';
import { findMailAccountRow, readMailAccount } from './mail-account.js';
import { createMailSender } from './mail-sender.js';
import { rebuildThreads } from './log-emails.js';
import { BUILTIN_TEMPLATES, TEMPLATE_VARIABLES, fillTemplate, mailtoLink, templateTokens, unknownVariables, type Template, type TemplateValues } from './templates.js';

const TemplateKey = z.string().trim().min(1, 'must not be empty').max(60).regex(/^[a-z0-9_-]+$/, 'must be lower-case letters, digits, _ or -');
const TemplateRecord = z.object({ key: z.string(), name: z.string(), description: z.string(), subject: z.string(), body: z.string(), builtin: z.boolean() });
const BodyText = z.string().min(1, 'must not be empty').max(20_000);

async function templatesOf(ctx: ToolContext): Promise<Template[]> {
  const own = await ctx.db.select().from(mailTemplates).where(eq(mailTemplates.userId, ctx.userId)).orderBy(mailTemplates.name);
  const mine: Template[] = own.map((t) => ({ key: t.key, name: t.name, description: 'Your template', subject: t.subject, body: t.body, builtin: false }));
  return [...BUILTIN_TEMPLATES.filter((b) => !mine.some((m) => m.key === b.key)), ...mine];
}

async function findTemplate(ctx: ToolContext, key: string): Promise<Template> {
  const template = (await templatesOf(ctx)).find((t) => t.key === key);
  if (!template) throw new NotFoundError(`No template "${key}". Templates: ${(await templatesOf(ctx)).map((t) => t.key).join(', ')}.`, { template: key });
  return template;
}

export const listTemplates = defineTool({
  name: 'list_templates',
  title: 'List e-mail templates',
  description: 'The e-mail templates: the built-ins (thank you after an interview, follow-up after no reply, asking for a referral, networking intro, accepting and declining an offer) and the user\'s own, with the variables they may use.',
  input: z.object({}),
  output: z.object({ templates: z.array(TemplateRecord), variables: z.record(z.string(), z.string()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    return { templates: await templatesOf(ctx), variables: { ...TEMPLATE_VARIABLES } };
  },
});

export const saveTemplate = defineTool({
  name: 'save_template',
  title: 'Save an e-mail template',
  description: 'Save one of the user\'s own e-mail templates (new, or replacing theirs or a built-in of the same key for them). Variables are written {{contact.first_name}}, {{company}}, {{job.title}}, {{my.name}}, {{today}} …; {{name?}} leaves its line out when there is no value.',
  input: z.object({ key: TemplateKey, name: z.string().trim().min(1, 'must not be empty').max(200), subject: Subject.pipe(z.string().min(1, 'must not be empty')), body: BodyText }),
  output: z.object({ template: TemplateRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownVariables(input[field]);
      if (unknown.length > 0) throw new InvalidInputError(field, `${field}: unknown variable ${unknown.map((u) => `{{${u}}}`).join(', ')}; the variables are ${Object.keys(TEMPLATE_VARIABLES).join(', ')}.`);
    }
    const [row] = await ctx.db.insert(mailTemplates).values({ userId: ctx.userId, key: input.key, name: input.name, subject: input.subject, body: input.body, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [mailTemplates.userId, mailTemplates.key], set: { name: input.name, subject: input.subject, body: input.body, updatedAt: ctx.now } }).returning();
    return { template: { key: row.key, name: row.name, description: 'Your template', subject: row.subject, body: row.body, builtin: false } };
  },
});

export const deleteTemplate = defineTool({
  name: 'delete_template',
  title: 'Delete an e-mail template',
  description: 'Delete one of the user\'s own templates (a built-in it replaced comes back). Destructive: without confirm: true it changes nothing and says what would go.',
  input: z.object({ key: TemplateKey, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), key: z.string() }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const [row] = await ctx.db.select().from(mailTemplates).where(and(eq(mailTemplates.userId, ctx.userId), eq(mailTemplates.key, input.key)));
    if (!row) throw new NotFoundError(`You have no template "${input.key}" of your own.`, { key: input.key });
    if (!input.confirm) return confirmationRequired('delete_template', `Delete your template "${row.name}"?`, { key: row.key, name: row.name });
    await ctx.db.delete(mailTemplates).where(eq(mailTemplates.id, row.id));
    return { status: 'deleted' as const, key: row.key };
  },
});

const day = (value: Date | string | null | undefined, tz: string) => {
  if (!value) return null;
  const dt = typeof value === 'string' ? DateTime.fromISO(value, { zone: tz }) : DateTime.fromJSDate(value, { zone: tz });
  return dt.isValid ? dt.setLocale('en-US').toFormat('MMMM d, yyyy') : null;
};
const sentence = (text: string) => {
  const t = text.trim().replace(/\s+/g, ' ');
  return t ? `${t[0].toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
};

/** Everything a template may say about this contact and opportunity, from the user's own records. */
async function valuesFor(ctx: ToolContext, contactRef?: string, opportunityRef?: string) {
  let opportunity = opportunityRef ? await resolveOpportunity(ctx, opportunityRef) : undefined;
  const contactId = contactRef ? (await resolveContact(ctx, contactRef)).id : opportunity?.contactId ?? undefined;
  const [contact] = contactId ? await ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, contactId))) : [];
  if (!opportunity && contact) {
    [opportunity] = await ctx.db.select().from(crmOpportunities).where(and(
      eq(crmOpportunities.userId, ctx.userId), notInArray(crmOpportunities.status, ['rejected', 'withdrawn']),
      sql`(${crmOpportunities.contactId} = ${contact.id} or ${crmOpportunities.referrerId} = ${contact.id})`,
    )).orderBy(desc(crmOpportunities.updatedAt)).limit(1);
  }
  const [account, [me], [insight], [last], referrer] = await Promise.all([
    findMailAccountRow(ctx.db, ctx.userId),
    ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId)),
    contact ? ctx.db.select().from(crmContactInsights).where(and(eq(crmContactInsights.userId, ctx.userId), eq(crmContactInsights.contactId, contact.id)))
      .orderBy(sql`${crmContactInsights.confidenceScore} desc nulls last`, desc(crmContactInsights.generatedAt)).limit(1) : Promise.resolve([]),
    contact ? ctx.db.select().from(crmInteractions).where(and(eq(crmInteractions.userId, ctx.userId), eq(crmInteractions.contactId, contact.id)))
      .orderBy(desc(crmInteractions.interactionDate)).limit(1) : Promise.resolve([]),
    opportunity?.referrerId ? ctx.db.select().from(crmContacts).where(and(eq(crmContacts.userId, ctx.userId), eq(crmContacts.id, opportunity.referrerId))) : Promise.resolve([]),
  ]);
  const myName = account?.displayName ?? null;
  const values: TemplateValues = {
    'contact.first_name': contact?.firstName, 'contact.last_name': contact?.lastName, 'contact.full_name': contact ? fullName(contact) : null,
    'contact.company': contact?.company, 'contact.job_title': contact?.jobTitle,
    company: opportunity?.companyName ?? contact?.company,
    'job.title': opportunity?.jobTitle, 'job.stage': opportunity?.status.replace('_', ' '), 'job.next_action': opportunity?.nextAction,
    'job.next_action_date': day(opportunity?.nextActionDate, ctx.tz),
    'my.name': myName, 'my.first_name': myName?.split(/\s+/)[0] ?? null, 'my.email': account?.ownAddress ?? me?.email,
    today: day(ctx.now, ctx.tz),
    last_contact_date: day(last?.interactionDate ?? contact?.lastContactDate, ctx.tz),
    last_subject: last?.subject,
    insight: insight ? sentence(insight.insightText) : null,
    referrer: referrer[0] ? fullName(referrer[0]) : null,
  };
  return { values, contact, opportunity, insight, from: account?.ownAddress ?? me?.email ?? null, canSend: !!account?.smtpHost };
}

const Draft = z.object({
  template: z.string(),
  to: z.object({ name: z.string(), address: z.string() }).nullable(),
  contact_id: z.string().nullable(),
  opportunity_id: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  missing: z.array(z.string()).describe('Variables with no value: shown as [name] in the text, to fill in before sending'),
  personalised_from: z.string().nullable().describe('The contact insight the draft used'),
});

export const draftMessage = defineTool({
  name: 'draft_message',
  title: 'Draft an e-mail from a template',
  description:
    'Fill an e-mail template for one contact and/or opportunity ("draft a thank-you to Priya after the Stripe interview", "ask Tom for a referral"): ' +
    'names, company, job, dates and a personal line from the contact\'s insights. Returns the subject and text, a mailto: link to open it ' +
    'in the user\'s mail program, and whether it can be sent through their SMTP server (send_message). Sends nothing.',
  input: z.object({
    template: TemplateKey.describe('Key of a template (list_templates): thank_you_after_interview, follow_up_no_reply, ask_for_referral, networking_intro, accept_offer, decline_offer, or the user\'s own'),
    contact: ContactRef.optional(),
    opportunity: OpportunityRef.optional(),
    values: z.record(z.string().max(60), z.string().max(2000)).optional().describe('Values that replace what Kith found, e.g. {"job.title": "Staff Engineer"}'),
  }),
  output: z.object({ draft: Draft, mailto: z.string().nullable(), can_send: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    if (!input.contact && !input.opportunity) throw new InvalidInputError('contact', 'contact: name the contact (or the opportunity) the message is for.');
    const template = await findTemplate(ctx, input.template);
    for (const key of Object.keys(input.values ?? {})) {
      if (!(key in TEMPLATE_VARIABLES)) throw new InvalidInputError(`values.${key}`, `values.${key}: not a template variable; the variables are ${Object.keys(TEMPLATE_VARIABLES).join(', ')}.`);
    }
    const found = await valuesFor(ctx, input.contact, input.opportunity);
    const values = { ...found.values, ...input.values };
    const subject = fillTemplate(template.subject, values);
    const body = fillTemplate(template.body, values);
    const address = found.contact?.email ?? null;
    const to = found.contact && address ? { name: fullName(found.contact), address } : null;
    return {
      draft: {
        template: template.key, to, contact_id: found.contact?.id ?? null, opportunity_id: found.opportunity?.id ?? null,
        subject: subject.text.replace(/\n/g, ' '), body: body.text, missing: [...new Set([...subject.missing, ...body.missing])],
        personalised_from: found.insight && body.text.includes(found.values.insight ?? '\u0000') ? found.insight.insightText : null,
      },
      mailto: to ? mailtoLink(to.address, subject.text, body.text) : null,
      can_send: !!to && found.canSend,
    };
  },
});

export const sendMessage = defineTool({
  name: 'send_message',
  title: 'Send an e-mail to a contact',
  description:
    'Send one e-mail to one contact through the user\'s own SMTP server (connect_mailbox), and log it as an email interaction. ' +
    'Always shows what it would send first: without confirm: true it sends nothing. One person per message; Kith sends no bulk mail.',
  input: z.object({
    contact: ContactRef,
    subject: Subject.pipe(z.string().min(1, 'must not be empty')),
    body: BodyText,
    confirm: ConfirmField,
    approval_id: ApprovalIdField,
  }),
  output: z.union([
    z.object({ status: z.literal('sent'), message_id: z.string(), to: z.string(), interaction_id: z.string().nullable() }),
    ConfirmationRequiredSchema,
  ]),
  annotations: { readOnlyHint: false, destructiveHint: false },
  needsConfirmation: () => true,
  async run(ctx, input) {
    const contact = await resolveContact(ctx, input.contact);
    if (!contact.email) throw new InvalidInputError('contact', `contact: ${fullName(contact)} has no e-mail address.`);
    if (templateTokens(input.body).length > 0 || templateTokens(input.subject).length > 0) {
      throw new InvalidInputError('body', 'body: still holds template variables ({{…}}); draft it with draft_message or fill them in first.');
    }
    if (!ctx.secrets) throw new InvalidInputError('(input)', 'This Kith cannot open stored credentials (no secret key).');
    const account = await readMailAccount(ctx.db, ctx.userId, ctx.secrets);
    if (!account?.smtp) throw new InvalidInputError('smtp_host', 'No SMTP server is set up to send from: connect_mailbox with smtp_host (or open the mailto: link instead).');
    if (!input.confirm) {
      return confirmationRequired('send_message', `Send "${input.subject}" to ${fullName(contact)} <${contact.email}> from ${account.ownAddress}?`,
        { to: contact.email, from: account.ownAddress, subject: input.subject, body: input.body });
    }
    const domain = account.ownAddress.split('@')[1] || 'kith.invalid';
    const messageId = `${randomUUID()}@${domain}`;
    // logged first, sent last: a failed send takes the log back with it; a sync of Sent later finds the same Message-ID
    await ctx.db.insert(mailMessages).values({
      userId: ctx.userId, messageId, threadKey: messageId, folder: null, direction: 'outgoing', fromAddress: account.ownAddress, fromName: account.displayName,
      toAddresses: [contact.email], subject: input.subject, sentAt: ctx.now, body: input.body.slice(0, 8000), attachments: [], createdAt: ctx.now,
    });
    const { logged } = await rebuildThreads(ctx, [{ threadKey: messageId, contact }]);
    const sender = createMailSender(account.smtp, { address: account.ownAddress, name: account.displayName });
    try {
      await sender.send({ to: { address: contact.email, name: fullName(contact) }, subject: input.subject, text: input.body, messageId });
    } finally {
      sender.close();
    }
    return { status: 'sent' as const, message_id: messageId, to: contact.email, interaction_id: logged[0]?.interaction_id ?? null };
  },
});

export const templateTools = [listTemplates, saveTemplate, deleteTemplate, draftMessage, sendMessage];
