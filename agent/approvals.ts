import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { crmApprovals } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { withUser } from '../db/with-user.js';
import { isUuid } from './tools/shared/resolve-contact.js';

/**
 * The one judge of "yes" for every surface. A destructive call the model (or an MCP client) asks
 * for is stored with its exact input and a server-made id; it runs only when an answer names that
 * id (a button, an MCP call) or, in a chat, when the whole reply is an unambiguous yes.
 */
export interface PendingApproval {
  id: string;
  toolName: string;
  /** The input that runs, without confirm. */
  input: Record<string, unknown>;
  summary: string;
  sessionId: string | null;
}

export interface ApprovalStore {
  /** Stores a call waiting for an answer; the same call already waiting in that chat keeps its id. */
  issue(userId: string, call: { sessionId: string | null; toolName: string; input: Record<string, unknown>; summary: string }): Promise<PendingApproval>;
  /** The calls waiting in a chat (or, with null, outside any chat), oldest first. */
  pending(userId: string, sessionId: string | null): Promise<PendingApproval[]>;
  /**
   * Answers one waiting call, once: the first answer wins and later ones get undefined. With
   * `expect`, the id must be for exactly that tool and input (an MCP client replaying a call).
   */
  resolve(userId: string, id: string, approved: boolean, expect?: { toolName: string; input: Record<string, unknown> }): Promise<PendingApproval | undefined>;
}

type Row = typeof crmApprovals.$inferSelect;
const toPending = (r: Row): PendingApproval => ({ id: r.id, toolName: r.toolName, input: r.input as Record<string, unknown>, summary: r.summary, sessionId: r.sessionId });

export function createApprovalStore(db: KithDb): ApprovalStore {
  return {
    async issue(userId, call) {
      const input = JSON.parse(JSON.stringify(call.input)) as Record<string, unknown>;
      return withUser(db, userId, async (tx) => {
        const [same] = await tx.select().from(crmApprovals).where(and(
          eq(crmApprovals.userId, userId), eq(crmApprovals.status, 'pending'), eq(crmApprovals.toolName, call.toolName),
          call.sessionId ? eq(crmApprovals.sessionId, call.sessionId) : isNull(crmApprovals.sessionId),
          sql`${crmApprovals.input} = ${JSON.stringify(input)}::jsonb`,
        )).limit(1);
        if (same) return toPending(same);
        const [row] = await tx.insert(crmApprovals).values({ userId, sessionId: call.sessionId, toolName: call.toolName, input, summary: call.summary }).returning();
        return toPending(row);
      });
    },
    async pending(userId, sessionId) {
      return withUser(db, userId, async (tx) => {
        const rows = await tx.select().from(crmApprovals).where(and(
          eq(crmApprovals.userId, userId), eq(crmApprovals.status, 'pending'),
          sessionId ? eq(crmApprovals.sessionId, sessionId) : isNull(crmApprovals.sessionId),
        )).orderBy(asc(crmApprovals.createdAt), asc(crmApprovals.id));
        return rows.map(toPending);
      });
    },
    async resolve(userId, id, approved, expect) {
      if (!isUuid(id)) return undefined;
      return withUser(db, userId, async (tx) => {
        const [row] = await tx.update(crmApprovals).set({ status: approved ? 'approved' : 'denied', resolvedAt: sql`now()` }).where(and(
          eq(crmApprovals.userId, userId), eq(crmApprovals.id, id), eq(crmApprovals.status, 'pending'),
          expect ? eq(crmApprovals.toolName, expect.toolName) : undefined,
          expect ? sql`${crmApprovals.input} = ${JSON.stringify(expect.input)}::jsonb` : undefined,
        )).returning();
        return row ? toPending(row) : undefined;
      });
    },
  };
}

export type ConfirmationAnswer = 'yes' | 'no' | 'unclear';

// Each word a reply to "are you sure?" may hold. A reply is a yes only when every word is in YES_WORDS
// and one of them is a yes of its own; the same for no. Anything else (a question, a name, "but",
// another request) is unclear, and the question is asked again.
const YES_STRONG = new Set(['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'sure', 'ok', 'okay', 'k', 'confirm', 'confirmed', 'proceed', 'approve', 'approved', 'absolutely', 'definitely', 'correct', 'affirmative', 'go', 'delete', 'remove', 'merge', 'import']);
const YES_WORDS = new Set([...YES_STRONG, 'please', 'do', 'it', 'ahead', 'that', 'them', 'him', 'her', 'fine', 'thanks', 'thank', 'you', 'right', 'sounds', 'good', 'just', 'i', 'am', 'really']);
const NO_STRONG = new Set(['no', 'n', 'nope', 'nah', 'cancel', 'stop', "don't", 'dont', 'abort', 'never', 'keep', 'not']);
const NO_WORDS = new Set([...NO_STRONG, 'mind', 'it', 'them', 'him', 'her', 'please', 'thanks', 'thank', 'you', 'do', 'that', 'way', 'wait', 'leave']);

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || code === 39 /* ' */ || code === 8217 /* ’ */;
}

/**
 * Reads a reply to "are you sure?" in one pass over the text: "yes", "no", or "unclear" for a
 * question, a mixed reply or anything else ("ok, but which Tom is that?", "sure? what would it
 * delete?"). Linear in the text, with no regular expression, so no input can make it slow.
 */
export function readConfirmation(text: string): ConfirmationAnswer {
  if (text.length > 200) return 'unclear';
  let yes = 0;
  let no = 0;
  let other = 0;
  let sawDo = false;
  let word = '';
  const flush = () => {
    if (!word) return;
    const w = word.replace(/’/g, "'");
    word = '';
    const inYes = YES_WORDS.has(w);
    const inNo = NO_WORDS.has(w);
    if (w === 'do') sawDo = true;
    if (YES_STRONG.has(w)) yes++;
    if (NO_STRONG.has(w)) no++;
    if (!inYes && !inNo) other++;
  };
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code === 63 /* ? */) return 'unclear';
    if (isLetter(code)) word += lower[i];
    else if (code >= 48 && code <= 57) other++;
    else flush();
  }
  flush();
  if (other > 0) return 'unclear';
  // "please do", "do it": a yes with no yes-word of its own
  if (yes > 0 && no === 0) return 'yes';
  if (sawDo && yes === 0 && no === 0) return 'yes';
  if (no > 0 && yes === 0) return 'no';
  return 'unclear';
}
