import { describe, it, expect } from 'vitest';
import { offlineVector } from './offline-embedder.js';
import { vectorLiteral } from './vector-store.js';

describe('offline embedder', () => {
  it('gives the same vector for the same text, whatever it embedded before', () => {
    const text = 'Migrating the Kubernetes cluster to Helm; Zoë knows c++ and node.js';
    const cold = offlineVector(text, 384);
    for (let i = 0; i < 50; i++) offlineVector(`filler note ${i} about migrations and kubernetes clusters`, 384);
    expect(offlineVector(text, 384)).toEqual(cold);
    const norm = Math.sqrt(cold.reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('writes vectors as text that parses back to the same numbers', () => {
    const v = offlineVector('fundraising seed round with investors', 384);
    const samples = [...v, 0.5, -0.25, 1e-7, 0.1234567, -0.999999, 1, -1, 0, 0.000001, -0.000001, 0.3, 1 / 3, -2.5e-9];
    const parsed = vectorLiteral(samples).slice(1, -1).split(',').map(Number);
    expect(parsed).toEqual(samples);
  });
});
