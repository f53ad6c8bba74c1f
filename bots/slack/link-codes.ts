import { createHash, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { slackLinkCodes } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import { LINK_CODE_TTL_MINUTES } from './link-code-ttl.js';

export { LINK_CODE_TTL_MINUTES };

/** No 0/O, 1/I/L: a code is read off one screen and typed into another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const normalize = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashCode = (code: string) => createHash('sha256').update(normalize(code)).digest('hex');

export interface LinkCode {
  /** e.g. "KQ7M-X2PD"; shown once, only its hash is stored. */
  code: string;
  expiresAt: Date;
}

/**
 * A one-time code that links a Slack user to this Kith user: they type `/kith link <code>` in
 * Slack within 15 minutes. For `kith slack link-code` and the web page's REST endpoint.
 */
export async function createLinkCode(db: KithDb, userId: string, options: { now?: Date; ttlMinutes?: number } = {}): Promise<LinkCode> {
  const now = options.now ?? new Date();
  let raw = '';
  for (let i = 0; i < 8; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const expiresAt = new Date(now.getTime() + (options.ttlMinutes ?? LINK_CODE_TTL_MINUTES) * 60_000);
  await db.insert(slackLinkCodes).values({ codeHash: hashCode(code), userId, expiresAt });
  return { code, expiresAt };
}

/** Uses a code once: the Kith user id it was made for, or undefined (unknown, used or expired). */
export async function redeemLinkCode(db: KithDb, code: string, now: Date = new Date()): Promise<string | undefined> {
  const [row] = await db.update(slackLinkCodes).set({ usedAt: now })
    .where(and(eq(slackLinkCodes.codeHash, hashCode(code)), isNull(slackLinkCodes.usedAt), gt(slackLinkCodes.expiresAt, now)))
    .returning({ userId: slackLinkCodes.userId });
  return row?.userId;
}
