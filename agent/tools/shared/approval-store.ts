import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { crmApprovals } from '../../../db/schema/index.js';
import type { KithDb } from '../../../db/types.js';
import { withUser } from '../../../db/with-user.js';
import { isUuid } from './resolve-contact.js';

/**
 * The one judge of "yes" for every surface (rows of origin "confirmation"; a suggestion Kith makes
 * from mail is answered by its own tools, agent/tools/mail/suggestion-tools.ts). A destructive call is stored with its exact input and
 * a server-made id; it runs only when an answer names that id for exactly that call (a chat's
 * button or unambiguous yes, an MCP or REST call repeating the arguments with the id).
 */
export interface PendingApproval {
  id: string;
  toolName: string;
  /** The input that runs, without confirm and approval_id. */
  input: Record<string, unknown>;
  summary: string;
  sessionId: string | null;
}

export interface ApprovalCall {
  /** The chat it is asked in; null for MCP, REST and the CLI, where the caller answers with the id. */
  sessionId: string | null;
  toolName: string;
  input: Record<string, unknown>;
  summary: string;
}

export interface ApprovalStore {
  /** Stores a call waiting for an answer; the same call already waiting in that chat keeps its id. */
  issue(userId: string, call: ApprovalCall): Promise<PendingApproval>;
  /** The calls waiting in a chat (or, with null, outside any chat), oldest first. */
  pending(userId: string, sessionId: string | null): Promise<PendingApproval[]>;
  /**
   * Answers one waiting call, once: the first answer wins and later ones get undefined. With
   * `expect`, the id must be for exactly that tool and input.
   */
  resolve(userId: string, id: string, approved: boolean, expect?: { toolName: string; input: unknown }): Promise<PendingApproval | undefined>;
}

type Row = typeof crmApprovals.$inferSelect;
const toPending = (r: Row): PendingApproval => ({ id: r.id, toolName: r.toolName, input: r.input as Record<string, unknown>, summary: r.summary, sessionId: r.sessionId });

/** The call as it is stored and compared: JSON, without the answer's own fields. */
export function approvalInputOf(input: unknown): Record<string, unknown> {
  const { confirm: _confirm, approval_id: _id, ...call } = (input ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(call)) as Record<string, unknown>;
}

/** Stores a waiting call inside the caller's transaction (as the user). */
export async function issueApproval(tx: KithDb, userId: string, call: ApprovalCall): Promise<PendingApproval> {
  const input = approvalInputOf(call.input);
  const [same] = await tx.select().from(crmApprovals).where(and(
    eq(crmApprovals.userId, userId), eq(crmApprovals.origin, 'confirmation'), eq(crmApprovals.status, 'pending'), eq(crmApprovals.toolName, call.toolName),
    call.sessionId ? eq(crmApprovals.sessionId, call.sessionId) : isNull(crmApprovals.sessionId),
    sql`${crmApprovals.input} = ${JSON.stringify(input)}::jsonb`,
  )).limit(1);
  if (same) return toPending(same);
  const [row] = await tx.insert(crmApprovals).values({ userId, sessionId: call.sessionId, toolName: call.toolName, input, summary: call.summary }).returning();
  return toPending(row);
}

/**
 * Answers a waiting call inside the caller's transaction: one update, so of two answers racing
 * for one id exactly one wins. With `expect`, the id must be for exactly that tool and input.
 */
export async function answerApproval(tx: KithDb, userId: string, id: string, approved: boolean, expect?: { toolName: string; input: unknown }): Promise<PendingApproval | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.update(crmApprovals).set({ status: approved ? 'approved' : 'denied', resolvedAt: sql`now()` }).where(and(
    eq(crmApprovals.userId, userId), eq(crmApprovals.id, id), eq(crmApprovals.origin, 'confirmation'), eq(crmApprovals.status, 'pending'),
    expect ? eq(crmApprovals.toolName, expect.toolName) : undefined,
    expect ? sql`${crmApprovals.input} = ${JSON.stringify(approvalInputOf(expect.input))}::jsonb` : undefined,
  )).returning();
  return row ? toPending(row) : undefined;
}

export function createApprovalStore(db: KithDb): ApprovalStore {
  return {
    issue: (userId, call) => withUser(db, userId, (tx) => issueApproval(tx, userId, call)),
    async pending(userId, sessionId) {
      return withUser(db, userId, async (tx) => {
        const rows = await tx.select().from(crmApprovals).where(and(
          eq(crmApprovals.userId, userId), eq(crmApprovals.origin, 'confirmation'), eq(crmApprovals.status, 'pending'),
          sessionId ? eq(crmApprovals.sessionId, sessionId) : isNull(crmApprovals.sessionId),
        )).orderBy(asc(crmApprovals.createdAt), asc(crmApprovals.id));
        return rows.map(toPending);
      });
    },
    resolve: (userId, id, approved, expect) => withUser(db, userId, (tx) => answerApproval(tx, userId, id, approved, expect)),
  };
}
