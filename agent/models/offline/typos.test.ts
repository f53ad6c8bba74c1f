import { describe, expect, it } from 'vitest';
import { mendTypos } from './typos.js';
import { callsMatch, plannedCalls } from './test-support.js';

describe('chat shorthand and typos', () => {
  it('spells out the shorthand of chat before anything is read', () => {
    expect(mendTypos('follow up w zoe lambert tmrw')).toBe('follow up with zoe lambert tomorrow');
    expect(mendTypos('call w/ Felix nxt wk b/c he asked')).toBe('call with Felix next week because he asked');
    expect(mendTypos('zoom w/Felix on 11/23, went great thru the end')).toBe('zoom with Felix on 11/23, went great through the end');
    expect(mendTypos('can u f/u w/o the deck tmr')).toBe('can you follow up without the deck tomorrow');
    expect(mendTypos('lgo coffe with priya')).toBe('log coffee with priya');
    expect(mendTypos('emaild tom, scheduel a call')).toBe('emailed tom, schedule a call');
  });

  it('never mends another form of a keyword into the keyword', () => {
    for (const kept of ['stripe scheduled a screen', 'I got recruited by the interviewer', 'two messages from him', 'she was referred']) {
      expect(mendTypos(kept)).toBe(kept);
    }
  });

  it('leaves addresses, links, initials and numbers as they are', () => {
    for (const kept of ['email w@x.io about it', 'see example.com/w/o/b/c', 'George W Bush', 'Series U.S. launch', 'met u2 fans', 'W-2 form']) {
      expect(mendTypos(kept)).toBe(kept);
    }
  });
});

describe('shorthand reaching the planner', () => {
  const cases: Array<[string, Array<{ tool: string; input: Record<string, unknown> }>]> = [
    ['mtg w/ Omar tmr at 3pm', [{ tool: 'schedule_follow_up', input: { contact: 'Omar', date: '2026-11-26', reason: '~Meeting' } }]],
    ['remind me to email jess b/c she asked for my portfolio', [{ tool: 'schedule_follow_up', input: { contact: 'jess', reason: '~portfolio' } }]],
    ["call w priya went well, she'll intro me to her VP", [{ tool: 'log_interaction', input: { contact: 'priya', outcome: 'positive', notes: '~VP' } }]],
    ["txt from Ana, she can't make it", [{ tool: 'log_interaction', input: { contact: 'Ana', notes: "~can't make it" } }]],
    ['chk in with marco nxt wk', [{ tool: 'schedule_follow_up', input: { contact: 'marco', date: '2026-12-02' } }]],
    ['got ghosted by Retool', [{ tool: 'update_opportunity', input: { opportunity: 'Retool', status: 'rejected' } }]],
    ["update: Sara's now at Figma as Design Lead", [{ tool: 'update_contact', input: { contact: 'Sara', company: 'Figma', job_title: 'Design Lead' } }]],
    ['Priya gave me a referral to Google, applied today', [{ tool: 'add_opportunity', input: { contact: 'Priya', company_name: 'Google', status: 'applied' } }]],
  ];
  for (const [say, expected] of cases) {
    it(say, () => {
      const calls = plannedCalls(mendTypos(say));
      expect(callsMatch(expected, calls), JSON.stringify(calls)).toBe(true);
    });
  }
});
