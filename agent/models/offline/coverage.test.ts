import { describe, expect, it } from 'vitest';
import { keepEveryPart, leftoverWords, messageParts } from './coverage.js';
import type { Plan, ToolInput } from './plan-types.js';
import { CLOCK } from './test-support.js';

const plan = (...steps: Array<{ toolName: string; input: ToolInput; afterError?: boolean }>): Plan => ({ intent: 'test', steps });
const inputOf = (p: Plan, i: number): ToolInput => p.steps[i].input as ToolInput;

describe('messageParts', () => {
  it('splits at sentences, commas, dashes and colons, without the words that join them', () => {
    expect(messageParts('Called Dana - went well, she will send the offer. Also follow up Friday')).toEqual([
      'Called Dana', 'went well', 'she will send the offer', 'follow up Friday',
    ]);
  });

  it('drops a heading that only introduces a report', () => {
    expect(messageParts('busy day: coffee with Priya, emailed Tom')).toEqual(['coffee with Priya', 'emailed Tom']);
    expect(messageParts('Update on the job hunt: Figma rejected me')).toEqual(['Figma rejected me']);
  });
});

describe('leftoverWords', () => {
  it('leaves out dates, links, request words and what the plan took', () => {
    const taken = new Set(['dana']);
    expect(leftoverWords('log a call with Dana yesterday https://x.test/a', taken, 'dana', CLOCK)).toEqual([]);
    expect(leftoverWords('she wants a portfolio review', taken, 'dana', CLOCK)).toEqual(['portfolio', 'review']);
  });
});

describe('keepEveryPart', () => {
  it('keeps a part the plan did not take in the notes of what it writes', () => {
    const p = keepEveryPart('Called Dana, she is moving to Lisbon in March', plan({ toolName: 'log_interaction', input: { contact: 'Dana', interaction_type: 'call' } }), CLOCK);
    expect(inputOf(p, 0).notes).toBe('She is moving to Lisbon in March');
    expect(p.unknown).toBeUndefined();
  });

  it('names in the reply what no write can keep', () => {
    const p = keepEveryPart('snooze Dana a week, the quarterly board deck is late', plan({ toolName: 'snooze_follow_up', input: { contact: 'Dana', days: 7 } }), CLOCK);
    expect(p.unknown).toEqual(['the quarterly board deck is late']);
  });

  it('leaves a question alone: answering it loses nothing', () => {
    const q = plan({ toolName: 'search', input: { query: 'kubernetes' } });
    expect(keepEveryPart('who did I talk to about the kubernetes migration last spring?', q, CLOCK)).toBe(q);
  });

  it('keeps a part once, with the call it is about, not in every call of the same tool', () => {
    const p = keepEveryPart(
      'Stripe moved me to interview, the recruiter wants my references. Figma rejected me',
      plan(
        { toolName: 'update_opportunity', input: { opportunity: 'Stripe', status: 'interview' } },
        { toolName: 'update_opportunity', input: { opportunity: 'Figma', status: 'rejected' } },
      ),
      CLOCK,
    );
    expect(inputOf(p, 0).append_notes).toBe('The recruiter wants my references');
    expect(inputOf(p, 1).append_notes).toBeUndefined();
  });

  it('keeps a part about everyone a sentence names in each of their interactions', () => {
    const p = keepEveryPart(
      'Met Brian and Greg for coffee. They are hiring platform engineers',
      plan(
        { toolName: 'log_interaction', input: { contact: 'Brian', interaction_type: 'coffee_chat' } },
        { toolName: 'log_interaction', input: { contact: 'Greg', interaction_type: 'coffee_chat' } },
      ),
      CLOCK,
    );
    expect(inputOf(p, 0).notes).toBe('They are hiring platform engineers');
    expect(inputOf(p, 1).notes).toBe('They are hiring platform engineers');
  });

  it('does not count what only a call that may not run would keep', () => {
    // "add Priya if she is new" carries the city; when she exists, only the interaction is written
    const p = keepEveryPart(
      'coffee with Priya, she is moving to Berlin in January',
      plan(
        { toolName: 'log_interaction', input: { contact: 'Priya', interaction_type: 'coffee_chat' } },
        { toolName: 'add_contact', input: { first_name: 'Priya', location: 'Berlin' }, afterError: true },
      ),
      CLOCK,
    );
    expect(inputOf(p, 0).notes).toBe('She is moving to Berlin in January');
    expect(inputOf(p, 1).notes).toBeUndefined();
  });

  it('keeps the thing a part names at its end ("emailed Tom the deck")', () => {
    const p = keepEveryPart('emailed Tom the deck', plan({ toolName: 'log_interaction', input: { contact: 'Tom', interaction_type: 'email' } }), CLOCK);
    expect(inputOf(p, 0).notes).toBe('Emailed Tom the deck');
  });

  it('never copies a part twice: what is already kept is taken', () => {
    const once = keepEveryPart('Called Dana, she is moving to Lisbon in March', plan({ toolName: 'log_interaction', input: { contact: 'Dana', interaction_type: 'call' } }), CLOCK);
    const twice = keepEveryPart('Called Dana, she is moving to Lisbon in March', once, CLOCK);
    expect(inputOf(twice, 0).notes).toBe('She is moving to Lisbon in March');
  });

  it('reads how it went from a part kept in an interaction', () => {
    const p = keepEveryPart('Met Grace on Monday. The contract review was fine', plan({ toolName: 'log_interaction', input: { contact: 'Grace', interaction_type: 'meeting' } }), CLOCK);
    expect(inputOf(p, 0).outcome).toBe('neutral');
  });
});
