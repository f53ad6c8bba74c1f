import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { recordChangeSet } from '../../../db/change-sets.js';
import type { ToolContext } from '../shared/context.js';
import { automationInputs, type CallChanges } from './changes-of-call.js';
import { paramsOf, type RuleName, type RuleParams } from './rules.js';
import { interviewMovesStage } from './interview-moves-stage.js';
import { followUpAfterApplying } from './follow-up-after-applying.js';
import { thankYouAfterInterview } from './thank-you-after-interview.js';
import { offerClosesFollowUps } from './offer-closes-follow-ups.js';

/**
 * What a rule is handed: the call's context (its change id the rule's own), what the call changed,
 * the rule's parameters, and `beforeWrite`, awaited before the rule's first write (its rows are then
 * logged under its own change id; a rule that writes nothing costs no change set).
 */
export interface RuleRun {
  ctx: ToolContext;
  changes: CallChanges;
  params: Partial<RuleParams>;
  beforeWrite: () => Promise<void>;
}
export type RuleRunner = (run: RuleRun) => Promise<void>;

/**
 * In this order, each seeing the stage moves of those before it: an interview that moves a job to
 * interview is then a stage move the follow-up after applying reacts to, and a thank-you is for a
 * job already at interview.
 */
const RUNNERS: Array<[RuleName, RuleRunner]> = [
  ['interview_moves_stage', interviewMovesStage],
  ['follow_up_after_applying', followUpAfterApplying],
  ['thank_you_after_interview', thankYouAfterInterview],
  ['offer_closes_follow_ups', offerClosesFollowUps],
];

/**
 * Calls whose writes the rules leave alone: undo puts rows back as they were (a job moved back to
 * applied has not just applied), the rules' own settings, the demo data that comes and goes whole,
 * and the account's deletion.
 */
const NOT_REACTED_TO = new Set(['undo', 'set_automation_rule', 'load_demo_data', 'delete_demo_data', 'delete_account']);

const setChangeId = (ctx: ToolContext, id: string) => ctx.db.execute(sql`select set_config('kith.change_id', ${id}, true)`);

/**
 * Runs the user's switched-on rules on what one change wrote, inside its transaction, before its
 * change set is recorded: a tool call (runTool) or a background sync's batch (background-change.ts),
 * `source` naming it. A rule that fails fails the change, and nothing of either stays. Each rule that changed something is its own change set, named
 * `automation:<rule>` and pointing at the call's (caused_by), so undoing the call undoes it too
 * (agent/tools/undo.ts) and `undo` with its change_id takes back that rule's effect alone.
 */
export async function runAutomations(ctx: ToolContext, source: string): Promise<void> {
  const parent = ctx.changeId;
  if (!parent || NOT_REACTED_TO.has(source)) return;
  const { rules, changes } = await automationInputs(ctx, parent);
  if (rules.size === 0) return;
  if (changes.stageMoves.length === 0 && changes.interactions.length === 0) return;
  for (const [rule, run] of RUNNERS) {
    if (!rules.has(rule)) continue;
    const own = randomUUID();
    let writing = false;
    const beforeWrite = async () => {
      if (!writing) { writing = true; await setChangeId(ctx, own); }
    };
    await run({ ctx: { ...ctx, changeId: own }, changes, params: paramsOf(rule, rules.get(rule)), beforeWrite });
    if (!writing) continue;
    // A failure aborts the whole transaction, so the call's change id needs setting back only here.
    await setChangeId(ctx, parent);
    await recordChangeSet(ctx.db, { changeId: own, userId: ctx.userId, toolName: `automation:${rule}`, at: ctx.now, causedBy: parent });
  }
}
