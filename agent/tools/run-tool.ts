import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { KithDb } from '../../db/types.js';
import { withUser } from '../../db/with-user.js';
import { recordChangeSet } from '../../db/change-sets.js';
import type { AnyTool } from './define-tool.js';
import type { Logger, ToolContext } from './shared/context.js';
import { DeadlineError, ForbiddenError, InvalidInputError, NotFoundError, PlanLimitError, ToolError, type FieldIssue } from './shared/errors.js';
import { assertRoleAllows } from './shared/role-gates.js';
import { assertPlanAllows } from './shared/plan-gates.js';
import { findNulByte } from './shared/text-guard.js';
import { inputSummary, recordAudit } from './shared/audit.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { ReadCoalescer } from './read-coalescer.js';
import type { SecretBox } from '../../db/secret-box.js';
import { answerApproval, issueApproval } from './shared/approval-store.js';
import { isConfirmationRequired } from './shared/call-confirmed.js';
import { runAutomations } from './automation/run-automations.js';

export interface ToolRuntime {
  db: KithDb;
  /** The current instant; a function so that a long-running server moves with time. */
  now: () => Date;
  tz: string;
  embedder?: Embedder;
  /** Seals stored credentials (db/secret-box.ts); the key comes from KITH_SECRET_KEY or a key file. */
  secrets?: SecretBox;
  log: Logger;
  /** When set, identical concurrent read-only calls share one database read. */
  readCoalescer?: ReadCoalescer;
  /**
   * The deadline of one tool call's transaction on PostgreSQL (statement_timeout); past it the call
   * fails with a DeadlineError (HTTP 503, MCP error) and writes nothing. Unset on PGlite.
   */
  statementTimeoutMs?: number;
  /** Webhooks may target loopback and private addresses (KITH_WEBHOOKS_ALLOW_PRIVATE; tests); refused otherwise. */
  allowPrivateNetworks?: boolean;
}

export interface RunOptions {
  progress?: ToolContext['progress'];
  /** Told the id of the change set once a call that changed something has committed (undo takes it). */
  onChangeSet?: (changeId: string) => void;
  /** Aborted when the user cancels long work (an import): the call throws and writes nothing. */
  signal?: AbortSignal;
  /**
   * Where a confirmation this call answers with is stored: in a chat (its session) or, by
   * default, outside any chat (MCP, REST, the CLI answer with the id). false issues none (an
   * approved chat call whose approval was already taken must not ask again).
   */
  approvals?: false | { sessionId: string | null };
}


/** Every problem of an input against the tool's schema, each naming its field ("email: must be an email address"). */
export function inputIssues(tool: AnyTool, input: unknown): FieldIssue[] {
  const nul = findNulByte(input);
  if (nul) return [{ field: nul, message: `${nul}: must not contain a NUL character` }];
  const parsed = tool.input.safeParse(input ?? {});
  if (parsed.success) return [];
  return (parsed.error.issues as z.core.$ZodIssue[]).map((issue) => {
    const field = issue.path.map(String).join('.') || '(input)';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? `${field} is required` : `${field}: ${issue.message}`;
    return { field, message };
  });
}

/** Checks input against the tool's schema; the first problem names its field, and all of them are listed. */
export function parseToolInput<T extends AnyTool>(tool: T, input: unknown): z.output<T['input']> {
  const nul = findNulByte(input);
  if (nul) throw new InvalidInputError(nul, `Invalid input for ${tool.name}: ${nul}: must not contain a NUL character.`);
  const parsed = tool.input.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = inputIssues(tool, input);
  throw new InvalidInputError(issues[0].field, `Invalid input for ${tool.name}: ${issues[0].message}.`, issues);
}

/**
 * Validates, then runs the tool in one transaction as `userId`; database errors become ToolErrors.
 *
 * A call with confirm: true acts only with the approval_id the server issued for exactly that call
 * (same tool, same arguments), taken once in the same transaction as the action; without one it
 * is answered as a preview, like confirm: false. Every preview answer carries a new approval_id.
 * This is the one place "yes" is checked, for every surface.
 */
export async function runTool<T extends AnyTool>(runtime: ToolRuntime, userId: string, tool: T, input: unknown, options: RunOptions = {}): Promise<Awaited<ReturnType<T['run']>>> {
  const parsed = parseToolInput(tool, input);
  const started = Date.now();
  try {
    // A call that may write tags its rows with a change id, so that `undo` can reverse it whole.
    const changeId = tool.annotations.readOnlyHint ? undefined : randomUUID();
    let changed = false;
    const afterCommit: Array<(db: KithDb) => Promise<void>> = [];
    const answersConfirmation = 'confirm' in tool.input.shape && (parsed as { confirm?: unknown }).confirm === true;
    const execute = (started?: () => void) => withUser(runtime.db, userId, async (tx) => {
      started?.();
      await assertRoleAllows(tx, userId, tool);
      await assertPlanAllows(tx, userId, tool.name);
      const now = runtime.now();
      const ctx: ToolContext = { db: tx, userId, now, tz: runtime.tz, embedder: runtime.embedder, secrets: runtime.secrets, allowPrivateNetworks: runtime.allowPrivateNetworks === true, log: runtime.log, progress: options.progress, signal: options.signal, changeId, afterCommit: (task) => { afterCommit.push(task); } };
      let runInput = parsed;
      if (answersConfirmation) {
        const id = (parsed as { approval_id?: unknown }).approval_id;
        const taken = typeof id === 'string' && await answerApproval(tx, userId, id, true, { toolName: tool.name, input });
        if (!taken) runInput = { ...parsed, confirm: false };
      }
      let value = await tool.run(ctx, runInput);
      if (isConfirmationRequired(value) && options.approvals !== false) {
        const approval = await issueApproval(tx, userId, { sessionId: options.approvals?.sessionId ?? null, toolName: tool.name, input: (input ?? {}) as Record<string, unknown>, summary: value.summary });
        value = {
          ...value, approval_id: approval.id,
          note: answersConfirmation
            ? 'Nothing was changed: confirm: true needs the approval_id this answer gives, issued for this exact call. Ask the user; only after their yes call again with the same arguments, confirm: true and this approval_id.'
            : 'Nothing was changed yet. Ask the user; only after their yes call again with the same arguments, confirm: true and this approval_id.',
        } as typeof value;
      }
      // The user's automation rules react to what the call wrote, in its transaction: every surface's writes pass here.
      if (changeId && !isConfirmationRequired(value)) await runAutomations(ctx, tool.name);
      // A destructive action that ran (not its preview) goes into the audit log, in the same transaction.
      if (tool.annotations.destructiveHint && (value as { status?: unknown })?.status !== 'confirmation_required') {
        await recordAudit(tx, userId, { kind: 'destructive_action', toolName: tool.name, detail: inputSummary(parsed) });
      }
      if (changeId) changed = await recordChangeSet(tx, { changeId, userId, toolName: tool.name, at: now });
      return value;
    }, { changeId, statementTimeoutMs: runtime.statementTimeoutMs });
    const shareable = runtime.readCoalescer && tool.annotations.readOnlyHint && !options.progress;
    const result = shareable
      ? await runtime.readCoalescer!.run(JSON.stringify([userId, runtime.tz, tool.name, parsed]), execute)
      : await execute();
    for (const task of afterCommit) await task(runtime.db);
    runtime.log.info(`tool ${tool.name}`, { ms: Date.now() - started });
    if (changed) options.onChangeSet?.(changeId!);
    return result;
  } catch (error) {
    throw toToolError(error);
  }
}

export { callConfirmed } from './shared/call-confirmed.js';

interface PgError { code?: string; detail?: string; hint?: string; column?: string; constraint?: string; message: string; cause?: unknown }

/**
 * A database error as an answer for the client: what went wrong in the user's terms, never the
 * SQL, its parameters, a constraint or a table (those stay in the server log).
 */
export function toToolError(error: unknown): unknown {
  if (error instanceof ToolError) return error;
  const pg = findPgError(error);
  if (!pg) return error;
  switch (pg.code) {
    case '22P02': // invalid text representation
    case '22007': // invalid datetime format
    case '22008': // datetime out of range
    case '22003': // numeric out of range
      return new InvalidInputError('input', 'Invalid value: a date, number or id is out of range or malformed.');
    case '22001': // string too long for its column
    case '54000': // a value over a PostgreSQL limit (index row, tsvector size)
      return new InvalidInputError('input', 'Invalid value: a text is too long to store.');
    case '22021': // bad byte sequence, e.g. NUL
    case '22P05':
      return new InvalidInputError('input', 'Invalid value: a text holds a character that cannot be stored.');
    case '23503':
      return new NotFoundError('A referenced record does not exist.');
    case '23505':
      // The one unique key a user meets by saving (migration 0061): name the field, not the index.
      if (pg.constraint === 'crm_opportunities_user_job_url_key') return new ToolError('conflict', 'An opportunity with that job_url is already saved.', { field: 'job_url' });
      return new ToolError('conflict', 'That already exists.');
    // Another user's row looks exactly like a missing one: no 403 tells that it exists.
    case '42501':
      return new NotFoundError('No such record.');
    // A plan's limit (migration 0056): the message is the database's own, written for the user.
    case 'KP402':
      return new PlanLimitError(pg.message, pg.detail ?? '', Number(pg.hint));
    // The admin and team functions (migrations 0076, 0078) refuse in the user's words.
    case 'KP403':
      return new ForbiddenError(pg.message, pg.detail ? { reason: pg.detail } : {});
    case 'KP404':
      return new NotFoundError(pg.message);
    case 'KP400':
      return new InvalidInputError(pg.detail || 'input', pg.message);
    case 'KP409':
      return new ToolError('conflict', pg.message);
    case '57014': // query_canceled: statement_timeout passed (the transaction rolled back)
      return new DeadlineError();
    case '23514':
    case '23502':
      return new InvalidInputError('input', 'Invalid value: a required value is missing or not allowed.');
    default:
      return error;
  }
}

function findPgError(error: unknown): PgError | null {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const candidate = e as PgError;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    e = candidate.cause;
  }
  return null;
}
