import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { KithDb } from '../db/types.js';
import { withUser } from '../db/with-user.js';
import { percentile, round, timeIt } from './stats.js';

/**
 * The floors under the benchmarks' figures, measured in the same run and process: machines here
 * differ by two times from day to day, so a figure means something beside its floor.
 */
export interface Floor { p50: number; p95: number; runs: number }

/** An empty tool transaction: role and user set, SELECT 1, commit, the way runTool opens one. */
export function transactionFloor(db: KithDb, userId: string, runs: number): Promise<Floor> {
  return timeIt(runs, () => withUser(db, userId, (tx) => tx.execute(sql`select 1`)), 20);
}

/** A process that starts Node, opens the same embedded data directory, runs one statement and exits. */
export function processFloor(dataDir: string, runs: number): Floor {
  const script = fileURLToPath(new URL('./open-data-dir.mjs', import.meta.url));
  const once = () => execFileSync(process.execPath, [script, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    once();
    samples.push(performance.now() - started);
  }
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), runs };
}

/** An HTTP round trip to a route that does no work (GET /api/health). */
export function httpFloor(baseUrl: string, runs: number): Promise<Floor> {
  return timeIt(runs, async () => { await (await fetch(`${baseUrl}/api/health`)).arrayBuffer(); }, 20);
}

/** A figure with its floor: the ratio of the p95s is what the targets are written in. */
export function withFloor<T extends { p95: number }>(figure: T, floor: Floor): T & { floor_p95: number; ratio: number } {
  return { ...figure, floor_p95: floor.p95, ratio: round(figure.p95 / Math.max(floor.p95, 0.001), 1) };
}
