import { createHmac, randomBytes } from 'node:crypto';
import type { DeliveryEvent } from '../../../db/schema/index.js';

/** The headers every delivery carries (README, "Outgoing webhooks", shows how a receiver checks them). */
export const WEBHOOK_HEADERS = {
  id: 'Kith-Webhook-Id',
  event: 'Kith-Webhook-Event',
  timestamp: 'Kith-Webhook-Timestamp',
  signature: 'Kith-Webhook-Signature',
} as const;

/** What a sealed webhook secret is bound to (db/secret-box.ts): its table, the webhook and its user. */
export const webhookSecretPurpose = (webhookId: string, userId: string) => `crm_webhooks:${webhookId}:${userId}`;

/** A new signing secret: 32 random bytes, shown to the user once. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** "sha256=" and the hex HMAC-SHA256, keyed by the secret, of the timestamp, a dot and the raw body. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface OutgoingDelivery { id: string; event: DeliveryEvent; createdAt: Date; payload: Record<string, unknown> }

/**
 * The request for one attempt: the body is the same on every attempt (same id, so a receiver can
 * drop a repeat); the timestamp and signature are of this attempt, so a receiver can refuse old replays.
 */
export function webhookRequest(delivery: OutgoingDelivery, secret: string, now: Date): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ id: delivery.id, event: delivery.event, created_at: delivery.createdAt.toISOString(), data: delivery.payload });
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Kith-Webhooks/1',
      [WEBHOOK_HEADERS.id]: delivery.id,
      [WEBHOOK_HEADERS.event]: delivery.event,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: webhookSignature(secret, timestamp, body),
    },
  };
}
