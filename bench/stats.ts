/** Percentiles and timing helpers shared by the benchmarks. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function timeIt(runs: number, fn: (i: number) => Promise<unknown>, warmup = 5): Promise<{ p50: number; p95: number; runs: number }> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), runs };
}

export function printTable(title: string, rows: Array<Record<string, unknown>>): void {
  process.stdout.write(`\n${title}\n`);
  console.table(rows);
}
