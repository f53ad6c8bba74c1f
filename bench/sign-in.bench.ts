import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { openKith } from '../app/open-kith.js';
import { loadConfig } from '../app/config.js';
import { createPasswordAccount } from '../accounts/password-accounts.js';
import { createToken } from '../accounts/tokens.js';
import { createRateLimits } from '../accounts/rate-limit.js';
import { packageRoot } from '../db/package-root.js';
import { createWebApp } from '../web/server/create-app.js';
import { percentile, printTable, round } from './stats.js';

export interface SignInBenchOptions { runs?: number; storages?: TestStorage[]; quick?: boolean }

const HOST = 'kith.example.test';
const PASSWORD = 'correct horse battery staple';
const TARGET_ADDED_P95_MS = 1;

/**
 * What a signed-in browser's request costs over the same request with an API token (issue 19:
 * ≤ 1 ms p95 added): GET /api/me, which does nothing but authenticate and answer, through the whole
 * web app in this process (no socket: the difference is the authentication, not the network). The
 * cookie comes from a real password sign-in. The two kinds alternate request by request, so a machine
 * that slows down during the run slows both alike.
 */
async function benchStorage(storage: TestStorage, runs: number) {
  const database = await createTestDatabase(storage);
  const kith = await openKith(loadConfig({}, { KITH_LOG_LEVEL: 'error', KITH_TZ: 'UTC' } as NodeJS.ProcessEnv), { database });
  try {
    // Limits above what the bench sends: the table measures authentication, not the 429s.
    const unlimited = { limit: 10_000_000, windowMs: 60_000 };
    const app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, rateLimits: createRateLimits({ address: unlimited, token: unlimited }) });
    const email = `bench-sign-in-${Date.now()}@example.test`;
    const user = await createPasswordAccount(kith.database.db, email, PASSWORD);
    const signIn = await app.request('/api/auth/sign-in', { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0];
    if (signIn.status !== 200 || !cookie) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
    const { token } = await createToken(kith.database.db, user.id, 'bench');
    const kinds = {
      token: { host: HOST, authorization: `Bearer ${token}` },
      session: { host: HOST, cookie },
    } as const;
    const samples: Record<keyof typeof kinds, number[]> = { token: [], session: [] };
    const once = async (kind: keyof typeof kinds) => {
      const started = performance.now();
      const res = await app.request('/api/me', { headers: kinds[kind] });
      const body = await res.json() as { user?: { id: string } };
      const ms = performance.now() - started;
      if (res.status !== 200 || body.user?.id !== user.id) throw new Error(`GET /api/me with the ${kind} answered ${res.status}`);
      return ms;
    };
    for (let i = 0; i < 50; i++) { await once('token'); await once('session'); }
    for (let i = 0; i < runs; i++) {
      const order: Array<keyof typeof kinds> = i % 2 === 0 ? ['token', 'session'] : ['session', 'token'];
      for (const kind of order) samples[kind].push(await once(kind));
    }
    const stat = (xs: number[]) => ({ p50_ms: round(percentile(xs, 50), 3), p95_ms: round(percentile(xs, 95), 3) });
    const tokenStat = stat(samples.token);
    const sessionStat = stat(samples.session);
    const added = round(sessionStat.p95_ms - tokenStat.p95_ms, 3);
    return { storage, runs, token: tokenStat, session: sessionStat, added_p95_ms: added, added_p50_ms: round(sessionStat.p50_ms - tokenStat.p50_ms, 3), met: added <= TARGET_ADDED_P95_MS };
  } finally {
    await kith.close({ embed: false });
    await database.drop();
  }
}

export async function runSignInBench(options: SignInBenchOptions = {}) {
  const runs = options.runs ?? (options.quick ? 200 : 5_000);
  const results = [];
  for (const storage of options.storages ?? (['pglite', 'postgres'] as const)) results.push(await benchStorage(storage, runs));
  printTable(`Sign-in: GET /api/me with a session cookie vs a bearer token, in process, ${runs} of each alternating (target: session adds <= ${TARGET_ADDED_P95_MS} ms p95)`, results.map((r) => ({
    storage: r.storage, 'token p50 ms': r.token.p50_ms, 'token p95 ms': r.token.p95_ms, 'session p50 ms': r.session.p50_ms, 'session p95 ms': r.session.p95_ms, 'added p95 ms': r.added_p95_ms, met: r.met,
  })));
  const figures = { date: new Date().toISOString(), node: process.version, results, target_added_p95_ms: TARGET_ADDED_P95_MS, load: loadavg().map((l) => round(l, 1)) };
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', 'sign-in.json'), JSON.stringify(figures, null, 2));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--runs');
  await runSignInBench({ runs: i > 0 ? Number(process.argv[i + 1]) : undefined });
}
