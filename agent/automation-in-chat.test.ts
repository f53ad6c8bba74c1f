import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { createOfflineModel } from './models/offline/index.js';
import { createAgent } from './agent.js';
import { createSessionStore } from './sessions.js';
import type { User } from '../accounts/users.js';

/**
 * The workflow rules said in chat to the offline model, through the agent loop and the real tools:
 * each sentence reaches set_automation_rule or list_automation_rules, changes what it says, and the
 * reply says what is now on.
 */
describe('automation rules in chat, with the offline model', () => {
  let database: TestDatabase;
  let user: User;
  let h: ReturnType<typeof toolHarness>;
  let say: (text: string) => Promise<{ reply: string; tools: string[] }>;
  const enabled = async () => Object.fromEntries(((await h.call(user.id, 'list_automation_rules', {})).rules as Array<{ rule: string; enabled: boolean; params: { days?: number } }>)
    .map((r) => [r.rule, r.enabled ? (r.params.days ?? true) : false]));

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    user = await createTestUser(database);
    h = toolHarness(database);
    const agent = createAgent({ runtime: h.runtime, model: createOfflineModel(), sessions: createSessionStore(database.db) });
    let sessionId: string | undefined;
    say = async (text) => {
      const turn = await agent.turn(user.id, text, sessionId);
      sessionId = turn.sessionId;
      return { reply: turn.reply, tools: turn.toolCalls.map((c) => c.name) };
    };
  });
  afterAll(async () => { await database?.drop(); });

  it('lists the rules when none is on', async () => {
    const turn = await say('what automations do I have on?');
    expect(turn.tools).toEqual(['list_automation_rules']);
    expect(turn.reply).toBe('No automation is on. You can turn on: Follow up after applying, Thank-you note after an interview, An interview moves the job to Interview and An offer closes the job\'s follow-ups.');
  });

  it('switches rules on and off, and sets the days, as said', async () => {
    const on = await say('turn on the follow-up after applying rule');
    expect(on.tools).toEqual(['set_automation_rule']);
    expect(on.reply).toBe('Turned on the automation "Follow up after applying" (7 days after applying).');
    const days = await say('remind me to follow up 5 days after I apply');
    expect(days.tools).toEqual(['set_automation_rule']);
    expect(days.reply).toBe('Turned on the automation "Follow up after applying" (5 days after applying).');
    expect((await say('automatically move a job to interview when I log an interview')).tools).toEqual(['set_automation_rule']);
    expect((await say('Turn on thank-you notes after interviews')).tools).toEqual(['set_automation_rule']);
    expect(await enabled()).toEqual({ follow_up_after_applying: 5, thank_you_after_interview: true, interview_moves_stage: true, offer_closes_follow_ups: false });
    const stop = await say('stop moving jobs to interview automatically');
    expect(stop.reply).toBe('Turned off the automation "An interview moves the job to Interview".');
    expect(await enabled()).toEqual({ follow_up_after_applying: 5, thank_you_after_interview: true, interview_moves_stage: false, offer_closes_follow_ups: false });
  });

  it('says what is on, or one rule\'s state', async () => {
    const list = await say('what automations do I have on?');
    expect(list.reply).toBe('On: Follow up after applying (5 days after applying) and Thank-you note after an interview. Off: An interview moves the job to Interview and An offer closes the job\'s follow-ups.');
    expect((await say('is the follow-up rule on?')).reply).toBe('The automation "Follow up after applying (5 days after applying)" is on.');
  });

  it('a rule switched on in chat acts on what is said next', async () => {
    const applied = await say('applied to Backend Engineer at Stripe');
    expect(applied.tools).toEqual(['add_opportunity']);
    const { tasks } = await h.call(user.id, 'list_tasks', { opportunity: 'Stripe' });
    expect(tasks.map((t: { title: string; due_date: string }) => [t.title, t.due_date])).toEqual([['Follow up on your application: Backend Engineer at Stripe', '2026-11-30']]);
    // A one-off reminder about someone stays a reminder, not a rule.
    await h.call(user.id, 'add_contact', { first_name: 'Tom', last_name: 'Baker' });
    expect((await say('remind me to follow up with Tom next week')).tools).toEqual(['schedule_follow_up']);
    const off = await say('turn off all automations');
    expect(off.tools).toEqual(['set_automation_rule', 'set_automation_rule', 'set_automation_rule', 'set_automation_rule']);
    expect(Object.values(await enabled()).every((v) => v === false)).toBe(true);
  });
});
