import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { crmOpportunities, reminderActions } from '../../db/schema/index.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { runTool } from '../../agent/tools/run-tool.js';
import { completeTask, snoozeTask } from '../../agent/tools/tasks.js';
import { updateOpportunity } from '../../agent/tools/opportunities.js';
import { addDays, todayIn } from '../../agent/tools/shared/user-dates.js';

const signature = (key: Buffer, id: string) => createHmac('sha256', key).update(`reminder-action:${id}`).digest('base64url');

/** `<action id>.<HMAC of it>`: what a Done or Snooze link carries. */
export const signAction = (key: Buffer, id: string): string => `${id}.${signature(key, id)}`;

/** The action id a token names when its signature is this instance's, else undefined. */
export function verifyAction(key: Buffer, token: string): string | undefined {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const want = Buffer.from(signature(key, m[1]));
  const got = Buffer.from(m[2]);
  return want.length === got.length && timingSafeEqual(want, got) ? m[1] : undefined;
}

export type ActionOutcome =
  | { status: 'done'; itemKey: string; action: 'done' | 'snooze'; message: string }
  | { status: 'used' | 'forbidden' };

/**
 * Uses a link once: the action row (and its item's other action in the same message) is marked
 * used in one statement that only one request can win, then the tool runs as the link's user. If
 * the tool refuses (the task was deleted, already done), the link is given back.
 */
export async function useAction(runtime: ToolRuntime, key: Buffer, token: string): Promise<ActionOutcome> {
  const id = verifyAction(key, token);
  if (!id) return { status: 'forbidden' };
  const now = runtime.now();
  const [won] = await runtime.db.update(reminderActions).set({ usedAt: now })
    .where(and(eq(reminderActions.id, id), isNull(reminderActions.usedAt), gt(reminderActions.expiresAt, now)))
    .returning();
  if (!won) return { status: 'used' };
  const siblings = and(eq(reminderActions.deliveryId, won.deliveryId), eq(reminderActions.itemKey, won.itemKey), isNull(reminderActions.usedAt));
  await runtime.db.update(reminderActions).set({ usedAt: now }).where(siblings);
  try {
    const message = await act(runtime, won.userId, won.itemKey, won.action);
    return { status: 'done', itemKey: won.itemKey, action: won.action, message };
  } catch (error) {
    await runtime.db.update(reminderActions).set({ usedAt: null })
      .where(and(eq(reminderActions.deliveryId, won.deliveryId), eq(reminderActions.itemKey, won.itemKey), sql`${reminderActions.usedAt} = ${now.toISOString()}::timestamptz`));
    throw error;
  }
}

async function act(runtime: ToolRuntime, userId: string, itemKey: string, action: 'done' | 'snooze'): Promise<string> {
  const [kind, ...rest] = itemKey.split('-');
  const id = rest.join('-');
  if (kind === 'task') {
    if (action === 'done') {
      const out = await runTool(runtime, userId, completeTask, { task: id });
      return `Done: ${out.task.title}.`;
    }
    const out = await runTool(runtime, userId, snoozeTask, { task: id, days: 1 });
    return `Snoozed "${out.task.title}" to ${out.task.due_date}.`;
  }
  if (action === 'done') {
    const out = await runTool(runtime, userId, updateOpportunity, { opportunity: id, next_action: null, next_action_date: null });
    return `Done: the next step for ${out.opportunity.company_name}.`;
  }
  const [row] = await runtime.db.select({ date: crmOpportunities.nextActionDate }).from(crmOpportunities)
    .where(and(eq(crmOpportunities.id, id), eq(crmOpportunities.userId, userId)));
  const current = row?.date ?? null;
  const today = todayIn(runtime.now(), runtime.tz);
  const until = addDays(current && current > today ? current : today, 1);
  const out = await runTool(runtime, userId, updateOpportunity, { opportunity: id, next_action_date: until });
  return `Snoozed the next step for ${out.opportunity.company_name} to ${until}.`;
}
