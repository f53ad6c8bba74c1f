import { describe, expect, it } from 'vitest';
import { mendTypos } from './typos.js';

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
