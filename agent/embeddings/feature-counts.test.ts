import { describe, expect, it } from 'vitest';
import { FeatureCounts } from './feature-counts.js';

const entries = (c: FeatureCounts) => Array.from({ length: c.size }, (_, i) => [c.hashAt(i), c.countAt(i)]);

describe('FeatureCounts', () => {
  it('counts like a Map, in first-added order, through growth and clearing', () => {
    const counts = new FeatureCounts(4);
    const reference = new Map<number, number>();
    let h = 12345;
    for (let i = 0; i < 5000; i++) {
      h = (Math.imul(h, 1103515245) + 12345) >>> 0;
      const hash = h % 1500 === 0 ? 0xffffffff : h % 997; // collisions, repeats, the largest hash
      const by = (i % 3) + 0.5;
      counts.add(hash, by);
      reference.set(hash, (reference.get(hash) ?? 0) + by);
    }
    expect(entries(counts)).toEqual([...reference.entries()]);
    counts.clear();
    expect(counts.size).toBe(0);
    counts.add(7);
    counts.add(3, 2);
    counts.add(7);
    expect(entries(counts)).toEqual([[7, 2], [3, 2]]);
  });
});
