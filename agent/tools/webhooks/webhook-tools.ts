import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { DELIVERY_STATUSES, crmWebhookDeliveries, crmWebhooks } from '../../../db/schema/index.js';
import { defineTool, ApprovalIdField, ConfirmField, ConfirmationRequiredSchema, confirmationRequired } from '../define-tool.js';
import { recordActivity } from '../shared/record-activity.js';
import { InvalidInputError } from '../shared/errors.js';
import { newWebhookSecret, webhookRequest, webhookSecretPurpose } from './webhook-signature.js';
import { webhookUrlProblem } from './webhook-target.js';
import { createWebhookSender } from './send-webhook.js';
import {
  DeliveryEventName, DeliveryView, WebhookEventName, WebhookRef, WebhookView,
  deliveryView, hostOf, openWebhookSecret, resolveWebhook, webhookViews,
} from './webhook-records.js';

/** Enough for every integration a person runs; a bound on the rows each change fans out to. */
export const MAX_WEBHOOKS = 25;
/** A ping is sent while the call waits: shorter than the worker's timeout. */
const PING_TIMEOUT_MS = 5_000;

const EVENTS_TEXT = 'contact.added (a contact is added, by any surface or an import), interaction.logged (an interaction is recorded), ' +
  'opportunity.stage_changed (an opportunity moves to another stage), follow_up.due (a follow-up\'s day has come, once per follow-up)';

export const createWebhook = defineTool({
  name: 'create_webhook',
  title: 'Add a webhook',
  description:
    `Add a webhook: Kith POSTs a signed JSON message to the URL on each chosen event: ${EVENTS_TEXT}. ` +
    'The answer carries the signing secret, shown this once only (the receiver checks the Kith-Webhook-Signature header with it); ' +
    'failed deliveries are retried with growing waits. Only http(s) URLs on public addresses.',
  input: z.object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).describe('Where to POST, http:// or https://'),
    events: z.array(WebhookEventName).min(1).max(4).describe('Which events to send'),
    description: z.string().trim().max(200).optional().describe('What it is for ("Zapier: new contacts to the sheet")'),
  }),
  output: z.object({ webhook: WebhookView, secret: z.string().describe('The signing secret: shown only now'), note: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    if (!ctx.secrets) throw new InvalidInputError('url', 'This Kith cannot store webhook secrets here (no secret key).');
    const url = input.url.trim();
    const problem = webhookUrlProblem(url, { allowPrivate: ctx.allowPrivateNetworks === true });
    if (problem) throw new InvalidInputError('url', `url: ${problem}.`);
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(crmWebhooks).where(eq(crmWebhooks.userId, ctx.userId));
    if (n >= MAX_WEBHOOKS) throw new InvalidInputError('url', `You have ${n} webhooks, the most one person can have; delete one first (delete_webhook).`);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const events = [...new Set(input.events)];
    const [row] = await ctx.db.insert(crmWebhooks).values({
      id, userId: ctx.userId, url, events, description: input.description || null,
      secret: ctx.secrets.seal(secret, webhookSecretPurpose(id, ctx.userId)), createdAt: ctx.now, updatedAt: ctx.now,
    }).returning();
    await recordActivity(ctx, { type: 'settings_changed', description: `Added a webhook to ${hostOf(url)} (${events.join(', ')})` });
    const [view] = await webhookViews(ctx, [row]);
    return { webhook: view, secret, note: 'Keep the secret now: it is never shown again. The receiver checks each request\'s Kith-Webhook-Signature with it (README: "Outgoing webhooks").' };
  },
});

export const listWebhooks = defineTool({
  name: 'list_webhooks',
  title: 'List webhooks',
  description: 'The user\'s webhooks: URL, events, and how many deliveries are waiting, delivered and failed. Never the secrets.',
  input: z.object({}),
  output: z.object({ webhooks: z.array(WebhookView) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const rows = await ctx.db.select().from(crmWebhooks).where(eq(crmWebhooks.userId, ctx.userId)).orderBy(crmWebhooks.createdAt, crmWebhooks.id);
    return { webhooks: await webhookViews(ctx, rows) };
  },
});

export const deleteWebhook = defineTool({
  name: 'delete_webhook',
  title: 'Delete a webhook',
  description:
    'Delete a webhook: nothing more is sent to it, deliveries still waiting are dropped and its delivery log goes with it. ' +
    'Destructive: without confirm: true it changes nothing and returns what would be deleted, to show the user for confirmation.',
  input: z.object({ webhook: WebhookRef, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), webhook: WebhookView }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const row = await resolveWebhook(ctx, input.webhook);
    const [view] = await webhookViews(ctx, [row]);
    if (!input.confirm) {
      const waiting = view.deliveries.waiting > 0 ? `, dropping ${view.deliveries.waiting} deliveries not sent yet` : '';
      return confirmationRequired('delete_webhook', `Delete the webhook to ${hostOf(row.url)} (${row.events.join(', ')})${waiting}?`, { webhook: view });
    }
    await ctx.db.delete(crmWebhooks).where(and(eq(crmWebhooks.id, row.id), eq(crmWebhooks.userId, ctx.userId)));
    await recordActivity(ctx, { type: 'settings_changed', description: `Deleted the webhook to ${hostOf(row.url)}` });
    return { status: 'deleted' as const, webhook: view };
  },
});

export const listWebhookDeliveries = defineTool({
  name: 'list_webhook_deliveries',
  title: 'Webhook delivery log',
  description:
    'The delivery log of the user\'s webhooks, newest first: each event sent (or to be sent), its status, attempts, the last HTTP ' +
    'status or error and when it is tried next. Filter by webhook, status or event; include_payload adds the data sent.',
  input: z.object({
    webhook: WebhookRef.optional(),
    status: z.enum(DELIVERY_STATUSES).optional(),
    event: DeliveryEventName.optional(),
    limit: z.number().int().min(1).max(200).optional().describe('How many (default 50)'),
    include_payload: z.boolean().optional(),
  }),
  output: z.object({ deliveries: z.array(DeliveryView) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const hook = input.webhook ? await resolveWebhook(ctx, input.webhook) : undefined;
    const where = [eq(crmWebhookDeliveries.userId, ctx.userId)];
    if (hook) where.push(eq(crmWebhookDeliveries.webhookId, hook.id));
    if (input.status) where.push(eq(crmWebhookDeliveries.status, input.status));
    if (input.event) where.push(eq(crmWebhookDeliveries.event, input.event));
    const rows = await ctx.db.select().from(crmWebhookDeliveries).where(and(...where))
      .orderBy(desc(crmWebhookDeliveries.createdAt), desc(crmWebhookDeliveries.id)).limit(input.limit ?? 50);
    return { deliveries: rows.map((d) => deliveryView(d, input.include_payload === true)) };
  },
});

export const testWebhook = defineTool({
  name: 'test_webhook',
  title: 'Send a test ping to a webhook',
  description:
    'Send a signed "ping" event to a webhook now and say how the receiver answered (HTTP status or error); the attempt goes into ' +
    'the delivery log. It is not retried.',
  input: z.object({ webhook: WebhookRef }),
  output: z.object({ delivered: z.boolean(), status_code: z.number().nullable(), error: z.string().nullable(), ms: z.number(), delivery: DeliveryView }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const row = await resolveWebhook(ctx, input.webhook);
    const secret = openWebhookSecret(ctx, row);
    const id = randomUUID();
    const payload = { webhook_id: row.id, events: row.events, message: 'A test from Kith: this endpoint is set up to receive these events.' };
    const request = webhookRequest({ id, event: 'ping', createdAt: ctx.now, payload }, secret, ctx.now);
    const sender = createWebhookSender({ allowPrivate: ctx.allowPrivateNetworks === true, timeoutMs: PING_TIMEOUT_MS, now: () => ctx.now });
    const result = await sender.send(row.url, request.body, request.headers).finally(() => sender.close());
    // created_at is the database's, as for the rows the triggers write, so the log keeps one order
    const [delivery] = await ctx.db.insert(crmWebhookDeliveries).values({
      id, userId: ctx.userId, webhookId: row.id, event: 'ping', payload, status: result.ok ? 'delivered' : 'failed', attempts: 1,
      lastStatusCode: result.statusCode, lastError: result.error, deliveredAt: result.ok ? ctx.now : null,
    }).returning();
    return { delivered: result.ok, status_code: result.statusCode, error: result.error, ms: result.ms, delivery: deliveryView(delivery) };
  },
});

export const webhookTools = [createWebhook, listWebhooks, deleteWebhook, listWebhookDeliveries, testWebhook];
