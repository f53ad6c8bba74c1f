import { z } from 'zod';

/**
 * The workflow rules a user can switch on (issue 18 item 8), each with the schema of its
 * parameters and their defaults. A rule no one switched on is off. The database stores the
 * choice (crm_automation_rules, migration 0075); what a rule does is in its own file beside this
 * one, and run-automations.ts runs them inside the transaction of the write they react to.
 */
export const RULE_NAMES = ['follow_up_after_applying', 'thank_you_after_interview', 'interview_moves_stage', 'offer_closes_follow_ups'] as const;
export type RuleName = (typeof RULE_NAMES)[number];
export const RuleNameSchema = z.enum(RULE_NAMES);

/** Every parameter any rule takes; a rule accepts only its own (set_automation_rule checks). */
export const RuleParamsInput = z.object({
  days: z.number().int().min(1, 'must be 1 to 90 days').max(90, 'must be 1 to 90 days').optional()
    .describe('follow_up_after_applying: days after applying before the follow-up is due (default 7)'),
}).strict();
export type RuleParamsInput = z.infer<typeof RuleParamsInput>;

export interface RuleParams { days: number }

export interface RuleDefinition {
  name: RuleName;
  title: string;
  /** What it does, in the user's words (the Settings page, `kith automation list`, the tool's answer). */
  description: string;
  /** The parameters this rule takes, with their defaults. */
  defaults: Partial<RuleParams>;
}

export const RULES: Record<RuleName, RuleDefinition> = {
  follow_up_after_applying: {
    name: 'follow_up_after_applying',
    title: 'Follow up after applying',
    description:
      'When a job reaches Applied, a follow-up task is added, due N days later. It is removed as soon as something happens first: ' +
      'an interaction with the job\'s contact, or the job moving to another stage.',
    defaults: { days: 7 },
  },
  thank_you_after_interview: {
    name: 'thank_you_after_interview',
    title: 'Thank-you note after an interview',
    description:
      'When an interview is logged (a call, meeting or coffee chat with the job\'s contact that says "interview", or a call or meeting ' +
      'with them while the job is at phone screen, interview or final round), a task to send a thank-you note, due that day. ' +
      'An e-mail or message is not the interview, so it asks for none.',
    defaults: {},
  },
  interview_moves_stage: {
    name: 'interview_moves_stage',
    title: 'An interview moves the job to Interview',
    description:
      'When an interaction with the job\'s contact says "interview" while the job is at interested, applied or phone screen, the job ' +
      'moves to Interview. Never backwards, and not for a phone interview or screen.',
    defaults: {},
  },
  offer_closes_follow_ups: {
    name: 'offer_closes_follow_ups',
    title: 'An offer closes the job\'s follow-ups',
    description: 'When a job reaches Offer, its open follow-up tasks (follow-ups, check-ins, and the tasks these rules made) are completed.',
    defaults: {},
  },
};

/** A rule's parameters as stored, over its defaults; keys it does not take are dropped. */
export function paramsOf(rule: RuleName, stored: Record<string, unknown> | null | undefined): Partial<RuleParams> {
  const defaults = RULES[rule].defaults;
  const out: Partial<RuleParams> = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof RuleParams>) {
    const value = stored?.[key];
    if (typeof value === 'number') out[key] = value;
  }
  return out;
}

/** How a rule names itself in the activity feed and in a change's summary. */
export const automationSays = (rule: RuleName): string => `Automation "${RULES[rule].title}"`;
