import { describe, it, expect } from 'vitest';
import { auc, brier, calibrationBins, fitLogistic, ranks, spearman, wilson } from './statistics.js';

describe('statistics', () => {
  it('ranks with ties, Spearman and AUC on known answers', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8);
    expect(auc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(auc([0.9, 0.2, 0.3, 0.1], [true, true, false, false])).toBe(0.75);
    expect(auc([0.5, 0.5], [true, false])).toBe(0.5);
  });

  it('gives Wilson intervals that widen with few data', () => {
    const small = wilson(3, 4);
    expect(small.rate).toBe(0.75);
    expect(small.low).toBeCloseTo(0.301, 2);
    expect(small.high).toBeCloseTo(0.954, 2);
    const big = wilson(300, 400);
    expect(big.high - big.low).toBeLessThan(0.1);
    expect(wilson(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it('fits a logistic regression whose coefficient sign and probabilities follow the data', () => {
    // referred applications (x=1) reach interview 4 times in 5, the others 1 time in 5
    const rows = [[1], [1], [1], [1], [1], [0], [0], [0], [0], [0]];
    const y = [true, true, true, true, false, true, false, false, false, false];
    const unpenalised = fitLogistic(rows, y, 0);
    expect(unpenalised.predict([1])).toBeCloseTo(0.8, 3);
    expect(unpenalised.predict([0])).toBeCloseTo(0.2, 3);
    const ridge = fitLogistic(rows, y, 2);
    expect(ridge.coefficients[0]).toBeGreaterThan(0);
    expect(ridge.predict([1])).toBeLessThan(0.8);
    expect(ridge.predict([1])).toBeGreaterThan(0.5);
  });

  it('scores calibration', () => {
    expect(brier([1, 0], [true, false])).toBe(0);
    expect(brier([0.5, 0.5], [true, false])).toBe(0.25);
    const bins = calibrationBins([0.1, 0.2, 0.8, 0.9], [false, false, true, false], 2);
    expect(bins).toEqual([
      { from: 0, to: 0.5, n: 2, predicted: expect.closeTo(0.15), observed: 0 },
      { from: 0.5, to: 1, n: 2, predicted: expect.closeTo(0.85), observed: 0.5 },
    ]);
  });
});
