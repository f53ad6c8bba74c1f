import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older than this are refused, so a captured request cannot be replayed later. */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

/** Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number | string, body: string): string {
  return 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/** null when the request is Slack's and fresh; otherwise what is wrong with it. */
export function checkSlackSignature(
  signingSecret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  nowMs: number = Date.now(),
): SignatureProblem | null {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return 'missing';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_REQUEST_AGE_SECONDS) return 'stale';
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'mismatch';
  return null;
}
