import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createSentenceEncoder, type SentenceEncoder } from './sentence-encoder.js';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('the sentence encoder (Universal Sentence Encoder lite, from the installed package)', () => {
  let encoder: SentenceEncoder;
  beforeAll(() => { encoder = createSentenceEncoder({ chunkSize: 4 }); });
  afterAll(async () => { await encoder.close(); });

  it('places paraphrases that share no word nearer than unrelated notes', async () => {
    const [query, right, wrong, pay, salary] = await encoder.embed([
      'startup funding round',
      'They raised a Series A from two investors last month.',
      'We migrated the billing service to a new database.',
      'pay and benefits',
      'Discussed salary bands and equity for the staff role.',
    ]);
    expect(query).toHaveLength(512);
    for (const v of [query, right, wrong]) expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-5);
    expect(dot(query, right)).toBeGreaterThan(dot(query, wrong) + 0.1);
    expect(dot(pay, salary)).toBeGreaterThan(dot(pay, wrong) + 0.1);
    expect(dot(pay, salary)).toBeGreaterThan(dot(pay, right));
  });

  it('keeps the order of a batch split across chunks, and embeds an empty text', async () => {
    const texts = ['kubernetes cluster', 'salary negotiation', 'remote work', 'Series A', 'design systems', '', 'rust compiler'];
    const batch = await encoder.embed(texts, { priority: 'background' });
    const one = await Promise.all(texts.map(async (t) => (await encoder.embed([t], { priority: 'background' }))[0]));
    expect(batch).toHaveLength(texts.length);
    batch.forEach((v, i) => expect(dot(v, one[i])).toBeGreaterThan(0.9999));
    expect(batch[5].every(Number.isFinite)).toBe(true);
  });

  it('answers interactive requests from a thread of its own and caches them', async () => {
    const before = encoder.stats().cacheHits;
    const [a] = await encoder.embed(['who knows about SRE?']);
    const [b] = await encoder.embed(['who knows about SRE?']);
    expect(b).toEqual(a);
    a[0] = 42; // the caller's copy, not the cache's
    expect((await encoder.embed(['who knows about SRE?']))[0][0]).not.toBe(42);
    const stats = encoder.stats();
    expect(stats.cacheHits).toBe(before + 2);
    expect(stats.loadMs).toBeGreaterThan(0);
    expect(new Set(stats.threads.map((t) => t.lane))).toEqual(new Set(['interactive', 'background']));
  });

  it('starts again after close()', async () => {
    await encoder.close();
    expect(encoder.stats().threads.every((t) => t.texts > 0)).toBe(true);
    const [v] = await encoder.embed(['after a restart'], { priority: 'background' });
    expect(v).toHaveLength(512);
  });

  it('with backgroundThreads 0, one thread loads the model once and does both lanes\' work', async () => {
    const oneShot = createSentenceEncoder({ backgroundThreads: 0 });
    try {
      const [asked] = await oneShot.embed(['kubernetes cluster']);
      const [stored, other] = await oneShot.embed(['kubernetes cluster', 'salary negotiation'], { priority: 'background' });
      expect(dot(asked, stored)).toBeGreaterThan(0.9999);
      expect(dot(asked, other)).toBeLessThan(0.9);
      expect(oneShot.stats().threads).toHaveLength(1);
      expect(oneShot.stats().threads[0].texts).toBe(3);
    } finally {
      await oneShot.close();
    }
  });
});
