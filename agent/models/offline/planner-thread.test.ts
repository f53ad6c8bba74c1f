import { afterAll, describe, expect, it } from 'vitest';
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { createIntentClassifier } from './intent-classifier.js';
import { readIntentExamples } from './intent-examples.js';
import { createPlannerThread } from './planner-thread.js';
import { createTurnDecider, type TurnRequest } from './turn-decider.js';

const classifier = createIntentClassifier({ examples: readIntentExamples() });
const classify = (texts: string[]) => classifier.classify(texts);
const thread = createPlannerThread(classify);
afterAll(() => thread.close());

const NOW = Date.parse('2026-11-25T15:00:00Z');
const user = (text: string): LanguageModelV3Prompt => [{ role: 'user', content: [{ type: 'text', text }] }];
const request = (prompt: LanguageModelV3Prompt): TurnRequest => ({ prompt, now: NOW, tools: null, toolChoiceNone: false });

const SENTENCES = [
  'log coffee with Priya, follow up Friday',
  'add Ana Lima, designer at Figma, ana@figma.com',
  'who haven\'t I talked to in a while?',
  'move Stripe to the interview stage',
  'find my notes about fundraising',
  'follow up with Marcus on February 30th',
  'delete Tom Baker',
];

describe('the planner thread', () => {
  it('decides every step exactly as the planner in this thread does, including after a tool result', async () => {
    const here = createTurnDecider(classify);
    for (const say of SENTENCES) {
      expect(await thread.decide(request(user(say))), say).toEqual(await here(request(user(say))));
    }
    const first = await here(request(user(SENTENCES[0])));
    expect(first.type).toBe('tool-call');
    const call = first as { toolName: string; input: Record<string, unknown> };
    const afterResult: LanguageModelV3Prompt = [
      ...user(SENTENCES[0]),
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: call.toolName, input: call.input }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: call.toolName, output: { type: 'json', value: { contacts: [{ id: 'p1', first_name: 'Priya', last_name: 'Raman' }], next_cursor: null } } }] },
    ];
    const second = await thread.decide(request(afterResult));
    expect(second).toEqual(await here(request(afterResult)));
    expect(second).not.toEqual(first);
  });

  it('leaves the main thread free while it parses a long message', async () => {
    const long = 'log coffee with Priya and '.repeat(800);
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 10);
    const decision = await thread.decide(request(user(long)));
    clearInterval(timer);
    expect(decision.type).toBe('tool-call');
    // parsing 800 requests takes the planner hundreds of milliseconds; timers here fire all the while
    expect(ticks).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('refuses steps once closed, and a new thread answers again', async () => {
    const other = createPlannerThread(classify);
    await other.close();
    await expect(other.decide(request(user('log a call with Priya')))).rejects.toThrow(/closed/);
    const fresh = createPlannerThread(classify);
    expect((await fresh.decide(request(user('log a call with Priya')))).type).toBe('tool-call');
    await fresh.close();
  });
});
