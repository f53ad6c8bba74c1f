import { randomUUID } from 'node:crypto';
import { withUser } from '../../db/with-user.js';
import { recordChangeSet } from '../../db/change-sets.js';
import type { ToolRuntime } from './run-tool.js';
import type { ToolContext } from './shared/context.js';
import { runAutomations } from './automation/run-automations.js';

/** The change sets of background work are named with this prefix: `sync:mail`, `sync:calendar`. */
export const BACKGROUND_PREFIX = 'sync:';
export type BackgroundSource = `${typeof BACKGROUND_PREFIX}${'mail' | 'calendar'}`;

/**
 * Runs background work that is no tool call (a mail sync's batch, a calendar's events) the way
 * runTool closes a call: one transaction as the user whose rows are logged under a change id, the
 * user's automation rules on what it wrote (in the same transaction, each effect its own change set
 * caused by this one), and a change set named `source`. So a reply synced from the mailbox removes
 * the follow-up exactly as `log_email` would, and the batch and what its rules did can be undone.
 * The id of the recorded change set, or null when the work wrote nothing undoable.
 */
export async function inBackgroundChange<T>(
  runtime: ToolRuntime, userId: string, source: BackgroundSource, work: (ctx: ToolContext) => Promise<T>,
): Promise<{ value: T; changeId: string | null }> {
  const changeId = randomUUID();
  let changed = false;
  const value = await withUser(runtime.db, userId, async (tx) => {
    const ctx: ToolContext = { db: tx, userId, now: runtime.now(), tz: runtime.tz, embedder: runtime.embedder, secrets: runtime.secrets, log: runtime.log, changeId };
    const result = await work(ctx);
    await runAutomations(ctx, source);
    changed = await recordChangeSet(tx, { changeId, userId, toolName: source, at: ctx.now });
    return result;
  }, { changeId });
  return { value, changeId: changed ? changeId : null };
}
