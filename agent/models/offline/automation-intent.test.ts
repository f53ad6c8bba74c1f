import { describe, expect, it } from 'vitest';
import { RULES, RULE_NAMES } from '../../tools/automation/rules.js';
import { plannedCalls } from './test-support.js';
import { root, ruleMeant } from './intents/automations.js';

const rule = (rule: string, enabled?: boolean, params?: Record<string, number>) =>
  [{ toolName: 'set_automation_rule', input: { rule, ...(enabled !== undefined ? { enabled } : {}), ...(params ? { params } : {}) } }];

describe('the workflow rules in the offline parser', () => {
  it('finds each rule by the words of its own title, whatever the ending', () => {
    for (const name of RULE_NAMES) expect(ruleMeant(RULES[name].title.split(/\W+/).map(root))).toBe(name);
    expect(['applying', 'applied', 'application', 'apply'].map(root)).toEqual(['apply', 'apply', 'apply', 'apply']);
    expect(ruleMeant(['after'])).toBeNull();
  });

  it('switches a rule on or off, with its days, however the sentence is put', () => {
    expect(plannedCalls('turn on the follow-up after applying rule')).toEqual(rule('follow_up_after_applying', true));
    expect(plannedCalls('remind me to follow up 5 days after I apply')).toEqual(rule('follow_up_after_applying', true, { days: 5 }));
    expect(plannedCalls('remind me to follow up two weeks after I apply to a job')).toEqual(rule('follow_up_after_applying', true, { days: 14 }));
    expect(plannedCalls('make the follow-up after applying 10 days')).toEqual(rule('follow_up_after_applying', undefined, { days: 10 }));
    expect(plannedCalls('stop moving jobs to interview automatically')).toEqual(rule('interview_moves_stage', false));
    expect(plannedCalls("don't move jobs to interview automatically anymore")).toEqual(rule('interview_moves_stage', false));
    expect(plannedCalls('Turn off the thank-you reminders')).toEqual(rule('thank_you_after_interview', false));
    expect(plannedCalls('remind me to thank the interviewer after every interview')).toEqual(rule('thank_you_after_interview', true));
    expect(plannedCalls('automatically complete my follow-ups when I get an offer')).toEqual(rule('offer_closes_follow_ups', true));
    expect(plannedCalls('turn off all automations').map((c) => c.input)).toEqual(RULE_NAMES.map((name) => ({ rule: name, enabled: false })));
  });

  it('answers which are on', () => {
    for (const q of ['what automations do I have on?', 'which rules are on?', 'is the follow-up rule on?', 'show my automation rules']) {
      expect(plannedCalls(q)).toEqual([{ toolName: 'list_automation_rules', input: {} }]);
    }
  });

  it('leaves one-off requests alone: a person, a day, a particular interview', () => {
    for (const said of ['remind me to follow up with Tom after I apply', 'Send a thank you note after the interview tomorrow', 'follow up in 10 days',
      'log a call with Priya after the interview', 'move Stripe to interview', 'got an offer from Acme!', 'remind me to follow up with Priya next week']) {
      expect(plannedCalls(said).map((c) => c.toolName)).not.toContain('set_automation_rule');
    }
  });
});
