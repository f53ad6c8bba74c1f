import { describe, expect, it } from 'vitest';
import { createIntentClassifier, intentTokens, type SentenceEncoder } from './intent-classifier.js';
import { readIntentExamples } from './intent-examples.js';

/** An encoder that places texts by which of a few meanings their words touch: enough to test the wiring. */
function meaningEncoder(): SentenceEncoder & { calls: string[][] } {
  const axes = [/\b(?:call|phone|rang|spoke)\b/i, /\b(?:job|role|applied|application|offer)\b/i, /\b(?:remind|follow|later|task)\b/i];
  const calls: string[][] = [];
  return {
    calls,
    async embed(texts) {
      calls.push(texts);
      return texts.map((t) => axes.map((re) => (re.test(t) ? 1 : 0.01)));
    },
  };
}

describe('intent classifier', () => {
  const examples = readIntentExamples();

  it('reads names and values as what they are, so one example covers every name', () => {
    expect(intentTokens('Log a call with Dana Whitfield')).toEqual(intentTokens('log a call with Omar'));
    expect(intentTokens('email priya@x.io')).toContain('emailval');
  });

  it('chooses by the examples of each intent, deterministically', async () => {
    const c = createIntentClassifier({ examples });
    const [a, b] = await c.classify(['Create a task to email Ruth on Monday', 'what is going on this week for me?']);
    expect(a[0].intent).toBe('schedule_follow_up');
    expect(b[0].intent).toBe('agenda');
    const again = await createIntentClassifier({ examples }).classify(['Create a task to email Ruth on Monday']);
    expect(again[0][0]).toEqual(a[0]);
  });

  it('embeds the examples once, then only the new sentences', async () => {
    const encoder = meaningEncoder();
    const c = createIntentClassifier({ examples, encoder, encoderWhenUnsure: false });
    await c.classify(['rang Tom about the role']);
    await c.classify(['spoke with Lia on the phone']);
    await c.classify(['spoke with Lia on the phone']);
    const sizes = encoder.calls.map((x) => x.length);
    expect(sizes[0]).toBe(Object.values(examples).flat().length);
    expect(sizes.slice(1)).toEqual([1, 1]);
  });

  it('lets the encoder move a sentence its words alone misread', async () => {
    const texts = ['rang Tom'];
    const words = (await createIntentClassifier({ examples }).classify(texts))[0];
    const meant = (await createIntentClassifier({ examples, encoder: meaningEncoder(), semanticWeight: 0.9, encoderWhenUnsure: false }).classify(texts))[0];
    expect(meant[0].score).not.toBe(words[0].score);
    expect(meant.findIndex((s) => s.intent === 'log_interaction')).toBeLessThanOrEqual(words.findIndex((s) => s.intent === 'log_interaction'));
  });
});
