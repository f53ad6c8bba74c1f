import { crmAuditEvents } from '../../../db/schema/index.js';
import type { KithDb } from '../../../db/types.js';
import { withUser } from '../../../db/with-user.js';

export type AuditKind = 'sign_in' | 'token_used' | 'destructive_action' | 'admin_action';

export interface AuditEvent { kind: AuditKind; surface?: string; toolName?: string; detail?: Record<string, unknown> }

/** What an input says about a destructive call, short: references and flags, no long texts or files. */
export function inputSummary(input: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!input || typeof input !== 'object') return out;
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') out[key] = value.length <= 200 ? value : `${value.slice(0, 200)}…`;
    else if (typeof value === 'boolean' || typeof value === 'number') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.length <= 20 && value.every((v) => typeof v === 'string' && v.length <= 200) ? value : `${value.length} items`;
    else if (value && typeof value === 'object') out[key] = `${Object.keys(value).length} fields`;
  }
  return out;
}

/** Adds an event in the caller's transaction (a tool call: it is kept only if the call is). */
export async function recordAudit(tx: KithDb, userId: string, event: AuditEvent): Promise<void> {
  await tx.insert(crmAuditEvents).values({ userId, kind: event.kind, surface: event.surface ?? '', toolName: event.toolName ?? null, detail: event.detail ?? {} });
}

/**
 * Token use, recorded at most once per token per window (every request would flood the log and
 * cost a write per read): one row says when and where a token was in use.
 */
export function createTokenUseAudit(db: KithDb, windowMs = 10 * 60_000) {
  const last = new Map<string, number>();
  return async (tokenKey: string, userId: string, surface: string): Promise<void> => {
    const now = Date.now();
    if ((last.get(tokenKey) ?? 0) > now - windowMs) return;
    if (last.size > 10_000) last.clear();
    last.set(tokenKey, now);
    await withUser(db, userId, (tx) => recordAudit(tx, userId, { kind: 'token_used', surface, detail: { token: tokenKey.slice(0, 8) } }));
  };
}
