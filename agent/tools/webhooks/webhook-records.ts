import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, crmWebhookDeliveries, crmWebhooks } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { InvalidInputError, NotFoundError } from '../shared/errors.js';
import { isUuid } from '../shared/resolve-contact.js';
import { webhookSecretPurpose } from './webhook-signature.js';

export type WebhookRow = typeof crmWebhooks.$inferSelect;
export type DeliveryRow = typeof crmWebhookDeliveries.$inferSelect;

export const WebhookEventName = z.enum(WEBHOOK_EVENTS);
export const DeliveryEventName = z.enum([...WEBHOOK_EVENTS, 'ping']);

export const WebhookRef = z.string().trim().min(1).max(2000).describe('The webhook: its id (from list_webhooks) or its exact URL');

export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventName),
  description: z.string().nullable(),
  secret: z.literal('set').describe('The signing secret is shown only once, when the webhook is created'),
  created_at: z.string(),
  deliveries: z.object({
    waiting: z.number().describe('Not delivered yet: queued, being sent, or waiting to be retried'),
    delivered: z.number(),
    failed: z.number().describe('Given up after every attempt, or refused by the receiver'),
    last_event_at: z.string().nullable(),
  }),
});
export type WebhookView = z.infer<typeof WebhookView>;

export const DeliveryView = z.object({
  id: z.string().describe('Also sent as the Kith-Webhook-Id header: the same on every attempt'),
  webhook_id: z.string(),
  event: DeliveryEventName,
  status: z.enum(DELIVERY_STATUSES).describe('pending: waiting for its (next) attempt; sending: being sent; delivered; failed: gave up'),
  attempts: z.number(),
  next_attempt_at: z.string().nullable(),
  last_status_code: z.number().nullable().describe('The HTTP status of the last answer, if any'),
  last_error: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).optional().describe('The data sent (with include_payload)'),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const hostOf = (url: string) => { try { return new URL(url).host; } catch { return 'an unknown host'; } };

export function deliveryView(d: DeliveryRow, withPayload = false): DeliveryView {
  return {
    id: d.id, webhook_id: d.webhookId, event: d.event, status: d.status, attempts: d.attempts,
    next_attempt_at: iso(d.nextAttemptAt), last_status_code: d.lastStatusCode, last_error: d.lastError,
    created_at: d.createdAt.toISOString(), delivered_at: iso(d.deliveredAt),
    ...(withPayload ? { payload: d.payload } : {}),
  };
}

/** The user's webhooks as shown on every surface (never the secret), with counts of their deliveries. */
export async function webhookViews(ctx: ToolContext, rows: WebhookRow[]): Promise<WebhookView[]> {
  if (rows.length === 0) return [];
  const result = await ctx.db.execute(sql`
    select webhook_id,
           count(*) filter (where status in ('pending', 'sending'))::int as waiting,
           count(*) filter (where status = 'delivered')::int as delivered,
           count(*) filter (where status = 'failed')::int as failed,
           max(created_at) as last_event_at
      from crm_webhook_deliveries where user_id = ${ctx.userId}::uuid group by webhook_id`);
  type Counts = { webhook_id: string; waiting: number; delivered: number; failed: number; last_event_at: string | Date | null };
  const counts = new Map((result as unknown as { rows: Counts[] }).rows.map((r) => [r.webhook_id, r]));
  return rows.map((w) => {
    const c = counts.get(w.id);
    return {
      id: w.id, url: w.url, events: w.events, description: w.description, secret: 'set' as const, created_at: w.createdAt.toISOString(),
      deliveries: {
        waiting: c?.waiting ?? 0, delivered: c?.delivered ?? 0, failed: c?.failed ?? 0,
        last_event_at: c?.last_event_at ? new Date(c.last_event_at).toISOString() : null,
      },
    };
  });
}

/** A webhook of the user by id or exact URL; another user's looks exactly like a missing one. */
export async function resolveWebhook(ctx: ToolContext, ref: string): Promise<WebhookRow> {
  const byId = isUuid(ref);
  const rows = await ctx.db.select().from(crmWebhooks)
    .where(and(eq(crmWebhooks.userId, ctx.userId), byId ? eq(crmWebhooks.id, ref) : eq(crmWebhooks.url, ref)));
  if (rows.length === 0) throw new NotFoundError(`webhook: no webhook ${byId ? 'with the id' : 'posting to'} ${ref} (list_webhooks lists them).`, { field: 'webhook' });
  if (rows.length > 1) throw new InvalidInputError('webhook', `webhook: ${rows.length} webhooks post to ${ref}; name one by its id: ${rows.map((r) => r.id).join(', ')}.`);
  return rows[0];
}

/** The webhook's signing secret, opened from its sealed form. */
export function openWebhookSecret(ctx: Pick<ToolContext, 'secrets'>, row: Pick<WebhookRow, 'id' | 'userId' | 'secret'>): string {
  if (!ctx.secrets) throw new InvalidInputError('webhook', 'This Kith cannot open stored secrets (no secret key).');
  return ctx.secrets.open(row.secret, webhookSecretPurpose(row.id, row.userId));
}
