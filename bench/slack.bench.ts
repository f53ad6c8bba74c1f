import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { packageRoot } from '../db/package-root.js';
import { spawn } from 'node:child_process';
import { startSlackHarness, BOT_TOKEN, SIGNING_SECRET } from '../bots/slack/test-support/harness.js';
import { postSigned, slashCommandBody } from '../bots/slack/test-support/signed-request.js';
import { startFakeSlack } from '../bots/slack/test-support/fake-slack.js';
import { percentile, printTable, round } from './stats.js';

export interface SlackBenchOptions {
  /** Slash commands sent at once (target: p99 ack <= 300 ms at 20). */
  concurrency?: number;
  /** Rounds of `concurrency` commands, after one warm-up round. */
  rounds?: number;
  /** Users in the digest run (target <= 30 s for 1,000). */
  digestUsers?: number;
  /** Milliseconds the fake Slack Web API takes per call (0: the bot's own cost only). */
  slackLatencyMs?: number;
  storages?: TestStorage[];
}

const SENTENCES = ['pipeline', 'who do I need to follow up with?', 'add Dana Whitfield, recruiter at Acme', 'log a call with Dana', 'what is on my plate today?'];

/** Starts bench/slack-server.ts in its own process; resolves with its /slack/events URL. */
async function startServerProcess(storage: TestStorage, apiUrl: string): Promise<{ eventsUrl: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'bench', 'slack-server.ts')], {
    env: { ...process.env, BENCH_STORAGE: storage, SLACK_API_URL: apiUrl, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const eventsUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { eventsUrl: string }).eventsUrl);
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  return {
    eventsUrl,
    stop: () => new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.stdin!.end();
    }),
  };
}

async function ackBench(storage: TestStorage, o: Required<SlackBenchOptions>) {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, latencyMs: o.slackLatencyMs });
  const server = await startServerProcess(storage, fake.apiUrl);
  try {
    const acks: number[] = [];
    const answers: number[] = [];
    for (let round = 0; round <= o.rounds; round++) {
      const results = await Promise.all(Array.from({ length: o.concurrency }, async (_, i) => {
        const started = performance.now();
        const responseUrl = fake.responseUrl();
        const body = slashCommandBody({ text: SENTENCES[(round + i) % SENTENCES.length], userId: `UBENCH${i}`, responseUrl });
        const r = await postSigned(server.eventsUrl, body, 'application/x-www-form-urlencoded', { signingSecret: SIGNING_SECRET });
        if (r.status !== 200) throw new Error(`slash command answered ${r.status}: ${r.text}`);
        const path = new URL(responseUrl).pathname;
        await fake.waitFor('response_url', (c) => c.args.path === path, { timeoutMs: 120_000 });
        return { ack: r.ms, answer: performance.now() - started };
      }));
      if (round === 0) continue; // warm-up: first use creates the users
      for (const r of results) { acks.push(r.ack); answers.push(r.answer); }
    }
    return {
      storage,
      'commands': acks.length,
      'concurrent': o.concurrency,
      'ack p50 ms': round(percentile(acks, 50), 1),
      'ack p99 ms': round(percentile(acks, 99), 1),
      'ack max ms': round(Math.max(...acks), 1),
      'answer p50 ms': round(percentile(answers, 50), 0),
      'answer p99 ms': round(percentile(answers, 99), 0),
    };
  } finally {
    await server.stop();
    await fake.close();
  }
}

/** n users with a Slack identity, each with 3 follow-ups (1 overdue, 2 due today) and a next action due. */
async function seedDigestUsers(db: import('../db/types.js').KithDb, n: number) {
  await db.execute(sql`
    insert into users (email, time_zone, digest_hour)
    select 'digest-' || g || '@example.test', (array['Europe/Berlin','Europe/London','UTC','Africa/Lagos'])[1 + g % 4], 8
    from generate_series(1, ${n}) g`);
  await db.execute(sql`
    insert into slack_identities (team_id, slack_user_id, user_id)
    select 'T1', 'UD' || substr(u.email, 8, position('@' in u.email) - 8), u.id from users u where u.email like 'digest-%'`);
  await db.execute(sql`
    insert into crm_contacts (user_id, first_name, last_name, company, email, next_follow_up_date, follow_up_reason)
    select u.id, (array['Priya','Marcus','Dana'])[k], 'Person' || k, 'Acme', 'p' || k || '@acme.test',
      case when k = 1 then date '2026-11-23' else date '2026-11-25' end, 'check in'
    from users u cross join generate_series(1, 3) k where u.email like 'digest-%'`);
  await db.execute(sql`
    insert into crm_opportunities (user_id, company_name, job_title, status, next_action, next_action_date)
    select u.id, 'Globex', 'Staff Engineer', 'interview', 'Send the take-home', date '2026-11-25'
    from users u where u.email like 'digest-%'`);
  await db.execute(sql`analyze`);
}

async function digestBench(storage: TestStorage, o: Required<SlackBenchOptions>) {
  const database = await createTestDatabase(storage);
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, latencyMs: o.slackLatencyMs });
  const h = await startSlackHarness({ database, fake });
  try {
    const seeded = performance.now();
    await seedDigestUsers(database.db, o.digestUsers);
    const seedSeconds = (performance.now() - seeded) / 1000;
    const now = new Date('2026-11-25T10:00:00Z');
    const first = await h.bot.digest.runOnce(now);
    const again = await h.bot.digest.runOnce(new Date(now.getTime() + 60_000));
    const posted = fake.of('chat.postMessage').length;
    if (posted !== o.digestUsers) throw new Error(`expected ${o.digestUsers} digests, the fake Slack got ${posted}`);
    return {
      storage,
      users: o.digestUsers,
      'seed s': round(seedSeconds, 1),
      'digest run s': round(first.ms / 1000, 2),
      'sent': first.sent,
      'per user ms': round(first.ms / Math.max(1, first.sent), 1),
      'next minute (all claimed) ms': again.ms,
    };
  } finally {
    await h.close();
    await fake.close();
    await database.drop();
  }
}

export async function runSlackBench(options: SlackBenchOptions = {}) {
  const o: Required<SlackBenchOptions> = {
    concurrency: options.concurrency ?? 20,
    rounds: options.rounds ?? 10,
    digestUsers: options.digestUsers ?? 1000,
    slackLatencyMs: options.slackLatencyMs ?? 0,
    storages: options.storages ?? ['pglite', 'postgres'],
  };
  const ack = [];
  const digest = [];
  for (const storage of o.storages) ack.push(await ackBench(storage, o));
  for (const storage of o.storages) digest.push(await digestBench(storage, o));
  printTable(`Slack: ${o.concurrency} concurrent /kith commands × ${o.rounds} rounds, offline model (target ack p99 <= 300 ms)`, ack);
  printTable(`Slack: daily digest for ${o.digestUsers} users, fake Slack latency ${o.slackLatencyMs} ms (target <= 30 s)`, digest);
  const results = { date: new Date().toISOString(), node: process.version, options: o, ack, digest };
  const dir = join(packageRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'slack.json'), JSON.stringify(results, null, 2) + '\n');
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runSlackBench();
}
