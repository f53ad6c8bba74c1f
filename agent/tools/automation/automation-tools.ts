import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { crmAutomationRules } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { recordActivity } from '../shared/record-activity.js';
import { InvalidInputError } from '../shared/errors.js';
import type { ToolContext } from '../shared/context.js';
import { RULE_NAMES, RULES, RuleNameSchema, RuleParamsInput, paramsOf, type RuleName } from './rules.js';

const RuleRecord = z.object({
  rule: RuleNameSchema,
  title: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  params: z.object({ days: z.number().optional() }).describe('The rule\'s parameters (with their defaults when never set)'),
  updated_at: z.string().nullable().describe('When the user last changed it; null when never'),
});
type RuleRecord = z.infer<typeof RuleRecord>;

async function ruleRecords(ctx: ToolContext): Promise<RuleRecord[]> {
  const rows = await ctx.db.select().from(crmAutomationRules).where(eq(crmAutomationRules.userId, ctx.userId));
  const stored = new Map(rows.map((r) => [r.rule, r]));
  return RULE_NAMES.map((name) => {
    const row = stored.get(name);
    return {
      rule: name, title: RULES[name].title, description: RULES[name].description,
      enabled: row?.enabled ?? false, params: paramsOf(name, row?.params), updated_at: row ? row.updatedAt.toISOString() : null,
    };
  });
}

const paramWords = (rule: RuleName, params: RuleRecord['params']) =>
  rule === 'follow_up_after_applying' ? ` (${params.days} day${params.days === 1 ? '' : 's'} after applying)` : '';

export const listAutomationRules = defineTool({
  name: 'list_automation_rules',
  title: 'List automation rules',
  description:
    'The workflow rules the user can switch on, each with whether it is on and its parameters: a follow-up N days after applying ' +
    'unless something happens first, a thank-you reminder after an interview, an interview moving the job to interview, an offer ' +
    'closing the job\'s follow-ups. Use it for "which automations are on?".',
  input: z.object({}),
  output: z.object({ rules: z.array(RuleRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  run: async (ctx) => ({ rules: await ruleRecords(ctx) }),
});

export const setAutomationRule = defineTool({
  name: 'set_automation_rule',
  title: 'Turn an automation rule on or off',
  description:
    'Switch a workflow rule on or off and set its parameters: follow_up_after_applying (a follow-up task `days` after a job reaches ' +
    'applied, default 7, removed if you are in touch with its contact or it moves first: "turn on automatic follow-ups after I apply"), ' +
    'thank_you_after_interview (a thank-you task the day an interview is logged), interview_moves_stage (an interview logged moves the ' +
    'job to interview, never backwards), offer_closes_follow_ups (an offer completes the job\'s open follow-ups). Rules act on changes ' +
    'made after they are on, from any surface; each effect is in the activity feed and can be undone.',
  input: z.object({
    rule: RuleNameSchema,
    enabled: z.boolean().optional().describe('true to switch the rule on, false to switch it off; left out, it stays as it is'),
    params: RuleParamsInput.optional().describe('The rule\'s parameters; those left out stay as they are'),
  }),
  output: z.object({ rule: RuleRecord, summary: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const accepted = Object.keys(RULES[input.rule].defaults);
    for (const key of Object.keys(input.params ?? {})) {
      if (!accepted.includes(key)) {
        throw new InvalidInputError(`params.${key}`, `params.${key}: ${input.rule} takes ${accepted.length ? `only ${accepted.join(', ')}` : 'no parameters'}.`);
      }
    }
    if (input.enabled === undefined && Object.keys(input.params ?? {}).length === 0) {
      throw new InvalidInputError('enabled', 'Nothing to change: give enabled (true or false) or params.');
    }
    const [existing] = await ctx.db.select().from(crmAutomationRules)
      .where(and(eq(crmAutomationRules.userId, ctx.userId), eq(crmAutomationRules.rule, input.rule)));
    const enabled = input.enabled ?? existing?.enabled ?? false;
    const params = { ...(existing?.params ?? {}), ...input.params };
    await ctx.db.insert(crmAutomationRules).values({ userId: ctx.userId, rule: input.rule, enabled, params, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [crmAutomationRules.userId, crmAutomationRules.rule], set: { enabled, params, updatedAt: ctx.now } });
    const rule = (await ruleRecords(ctx)).find((r) => r.rule === input.rule)!;
    const summary = `${enabled ? 'Turned on' : 'Turned off'} the automation "${rule.title}"${enabled ? paramWords(rule.rule, rule.params) : ''}.`;
    await recordActivity(ctx, { type: 'settings_changed', description: summary.slice(0, -1) });
    return { rule, summary };
  },
});

export const automationTools = [listAutomationRules, setAutomationRule];
