import { lt, sql } from 'drizzle-orm';
import { slackEventDedup } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';

/**
 * Claims a Slack delivery by its keys (event_id, trigger_id, channel+ts). True the first time;
 * false for Slack's retries and for a second process that got the same request.
 */
export async function claimDelivery(db: KithDb, keys: string[]): Promise<boolean> {
  if (keys.length === 0) return true;
  const rows = await db.insert(slackEventDedup).values(keys.map((key) => ({ key }))).onConflictDoNothing().returning({ key: slackEventDedup.key });
  return rows.length === keys.length;
}

/** Keys older than two days can go: Slack retries within minutes. */
export async function pruneDeliveries(db: KithDb, now: Date): Promise<void> {
  await db.delete(slackEventDedup).where(lt(slackEventDedup.receivedAt, sql`${now.toISOString()}::timestamptz - interval '2 days'`));
}

/** The keys that identify one delivery of a Slack payload, most specific first. */
export function deliveryKeys(body: Record<string, unknown>): string[] {
  const keys: string[] = [];
  if (typeof body.event_id === 'string') keys.push(`event:${body.event_id}`);
  const event = body.event as { type?: string; channel?: string; ts?: string } | undefined;
  // A message can arrive as message.im and app_mention: answer it once.
  if (event && (event.type === 'message' || event.type === 'app_mention') && event.channel && event.ts) keys.push(`msg:${event.channel}:${event.ts}`);
  if (typeof body.trigger_id === 'string') keys.push(`trigger:${body.trigger_id}`);
  return keys;
}
