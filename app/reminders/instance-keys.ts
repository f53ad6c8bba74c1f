import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { instanceKeys } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import type { SecretBox } from '../../db/secret-box.js';

/**
 * A key of this instance, made by the first process that needs it and sealed by the secret box;
 * every other process sharing the database reads the same one (insert-if-absent, then read).
 */
async function instanceKey(db: KithDb, secrets: SecretBox, name: string, make: () => string): Promise<string> {
  const purpose = `instance_keys:${name}`;
  await db.insert(instanceKeys).values({ name, value: secrets.seal(make(), purpose) }).onConflictDoNothing();
  const [row] = await db.select().from(instanceKeys).where(eq(instanceKeys.name, name));
  return secrets.open(row.value, purpose);
}

export interface VapidKeys { publicKey: string; privateKey: string }

/** The VAPID key pair web push messages are signed with (the browser learns the public half when subscribing). */
export async function vapidKeys(db: KithDb, secrets: SecretBox): Promise<VapidKeys> {
  return JSON.parse(await instanceKey(db, secrets, 'vapid', () => JSON.stringify(webpush.generateVAPIDKeys()))) as VapidKeys;
}

/** The key Done and Snooze links are signed with (HMAC-SHA256). */
export async function linkSigningKey(db: KithDb, secrets: SecretBox): Promise<Buffer> {
  return Buffer.from(await instanceKey(db, secrets, 'reminder_links', () => randomBytes(32).toString('base64')), 'base64');
}
