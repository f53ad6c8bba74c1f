/**
 * Small, explainable statistics for the insights over a user's own history (success prediction,
 * match quality, and whatever else needs a rate with its uncertainty). Pure functions, no I/O.
 */

/** A rate with its 95% Wilson interval: honest for small counts (3 of 4 is not "75%, sure"). */
export function wilson(successes: number, n: number, z = 1.96): { rate: number; low: number; high: number } {
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const p = successes / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Ranks with ties given their average rank (1-based). */
export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k][1]] = rank;
    i = j + 1;
  }
  return out;
}

export function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation (Pearson on the ranks, ties averaged). */
export function spearman(x: number[], y: number[]): number {
  return pearson(ranks(x), ranks(y));
}

/** Area under the ROC curve: the chance a positive scores above a negative (ties count half). */
export function auc(scores: number[], positive: boolean[]): number {
  let pairs = 0, wins = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positive[j]) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return pairs === 0 ? NaN : wins / pairs;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export interface LogisticModel {
  /** Intercept first, then one coefficient per feature, on the features' standardised scale. */
  intercept: number;
  coefficients: number[];
  means: number[];
  scales: number[];
  predict(features: number[]): number;
}

/**
 * Logistic regression by Newton's method with an L2 penalty (ridge, `lambda`) on the standardised
 * features: with a few dozen applications an unpenalised fit runs off to infinity on any feature
 * that separates the outcomes. The intercept is not penalised.
 */
export function fitLogistic(rows: number[][], outcomes: boolean[], lambda = 1, iterations = 50): LogisticModel {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  const means = Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / Math.max(1, n));
  const scales = Array.from({ length: k }, (_, j) => {
    const v = rows.reduce((a, r) => a + (r[j] - means[j]) ** 2, 0) / Math.max(1, n);
    return Math.sqrt(v) || 1;
  });
  const X = rows.map((r) => [1, ...r.map((v, j) => (v - means[j]) / scales[j])]);
  const y: number[] = outcomes.map((o) => (o ? 1 : 0));
  const w = new Array(k + 1).fill(0);
  const base = y.reduce((a, b) => a + b, 0) / Math.max(1, n);
  w[0] = Math.log(Math.min(0.99, Math.max(0.01, base)) / (1 - Math.min(0.99, Math.max(0.01, base))));
  for (let it = 0; it < iterations; it++) {
    const grad = new Array(k + 1).fill(0);
    const hess = Array.from({ length: k + 1 }, () => new Array(k + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const p = sigmoid(X[i].reduce((a, x, j) => a + x * w[j], 0));
      for (let a = 0; a <= k; a++) {
        grad[a] += (p - y[i]) * X[i][a];
        for (let b = 0; b <= k; b++) hess[a][b] += p * (1 - p) * X[i][a] * X[i][b];
      }
    }
    for (let a = 1; a <= k; a++) { grad[a] += lambda * w[a]; hess[a][a] += lambda; }
    hess[0][0] += 1e-9;
    const step = solve(hess, grad);
    if (!step) break;
    let change = 0;
    for (let a = 0; a <= k; a++) { w[a] -= step[a]; change = Math.max(change, Math.abs(step[a])); }
    if (change < 1e-8) break;
  }
  return {
    intercept: w[0],
    coefficients: w.slice(1),
    means,
    scales,
    predict: (features) => sigmoid(w[0] + features.reduce((a, v, j) => a + w[j + 1] * ((v - means[j]) / scales[j]), 0)),
  };
}

/** Gaussian elimination with partial pivoting; null for a singular system. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) return null;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/** Mean squared error of probabilities against what happened (0 is perfect, 0.25 is a coin). */
export function brier(predicted: number[], outcomes: boolean[]): number {
  return predicted.reduce((a, p, i) => a + (p - (outcomes[i] ? 1 : 0)) ** 2, 0) / Math.max(1, predicted.length);
}

/** Predicted against observed in bins of predicted probability: is "30%" right three times in ten? */
export function calibrationBins(predicted: number[], outcomes: boolean[], bins = 4): Array<{ from: number; to: number; n: number; predicted: number; observed: number }> {
  const out = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const idx = predicted.map((p, i) => [p, i] as const).filter(([p]) => p >= from && (p < to || (b === bins - 1 && p <= to))).map(([, i]) => i);
    if (idx.length === 0) continue;
    out.push({
      from, to, n: idx.length,
      predicted: idx.reduce((a, i) => a + predicted[i], 0) / idx.length,
      observed: idx.filter((i) => outcomes[i]).length / idx.length,
    });
  }
  return out;
}
