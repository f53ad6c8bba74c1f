import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { processFloor } from './floors.js';
import { percentile, printTable, round } from './stats.js';

/**
 * Local surfaces and undo (issue 20, items 7 to 9; issue 14's one-shot chat): the latency of
 * `kith call` and `kith chat "…"` opening an existing directory and through a running `kith serve`,
 * what a `kith mcp` going through `kith serve` adds per tool call against one that holds the
 * directory, and undo's p95 on both storages. Needs a built tree (npm run build): it runs
 * dist/bin/kith.js as a user would. Targets: a forwarded `kith call` ≤ 300 ms, forwarding adds
 * ≤ 2 ms per MCP call, a one-shot chat ≤ 1,500 ms.
 */
/** `storages: []` (or `--no-undo` alone) leaves undo out and measures the command line only. */
export interface LocalBenchOptions { runs?: number; cliRuns?: number; storages?: TestStorage[] }

/** A lookup, a change (which leaves a note to embed) and a search of notes (a sentence vector). */
const CHAT_SENTENCES = [
  { kind: 'a lookup', text: "what's Priya's email?" },
  { kind: 'a log with a follow-up', text: 'log coffee with Priya about the platform team, follow up Friday' },
  { kind: 'a search of notes', text: 'who did I talk to about Kubernetes?' },
];

const bin = () => join(packageRoot(), 'dist', 'bin', 'kith.js');
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, KITH_NOW: '2026-11-25T15:00:00Z', KITH_TZ: 'UTC' };
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'DATABASE_URL', 'KITH_DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) delete e[key];
  return e;
};
const stats = (samples: number[]) => ({ p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), runs: samples.length });

async function undoBench(storage: TestStorage, runs: number) {
  const database = await createTestDatabase(storage);
  try {
    const h = toolHarness(database);
    const user = await addUser(database.db, `bench-undo-${Date.now()}@example.test`);
    const update: number[] = [];
    const cascade: number[] = [];
    for (let i = 0; i < runs + 5; i++) {
      const { contact } = await h.call(user.id, 'add_contact', { first_name: `Undo${i}`, last_name: 'Bench', company: 'Acme', tags: ['a'] });
      for (let j = 0; j < 5; j++) await h.call(user.id, 'log_interaction', { contact: contact.id, interaction_type: 'call', notes: `call ${j} about the migration` });
      await h.call(user.id, 'update_contact', { contact: contact.id, company: 'Globex' });
      let start = performance.now();
      await h.call(user.id, 'undo');
      if (i >= 5) update.push(performance.now() - start);
      await h.confirmed(user.id, 'delete_contact', { contact: contact.id });
      start = performance.now();
      await h.call(user.id, 'undo');
      if (i >= 5) cascade.push(performance.now() - start);
    }
    return [
      { storage, op: 'undo an update (1 contact, 1 activity)', ...stats(update) },
      { storage, op: 'undo a delete (contact, 5 interactions, 6 activities)', ...stats(cascade) },
    ];
  } finally {
    await database.drop();
  }
}

function startServe(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin(), '--data', dataDir, 'serve', '--port', '0'], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); if (err.includes('Kith is running at')) resolve(child); });
    child.once('exit', () => reject(new Error(`kith serve exited: ${err}`)));
  });
}
const stop = (child: ChildProcess) => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });

function timeCommand(dataDir: string, args: string[], runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    execFileSync(process.execPath, [bin(), '--data', dataDir, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    if (i >= 2) samples.push(performance.now() - start);
  }
  return samples;
}
const timeCli = (dataDir: string, runs: number) => timeCommand(dataDir, ['call', 'find_contacts', '--input', '{"query":"pri"}'], runs);
const timeChats = (dataDir: string, runs: number) => CHAT_SENTENCES.map((s) => ({ ...s, samples: timeCommand(dataDir, ['chat', s.text], runs) }));

async function timeMcp(dataDir: string, runs: number): Promise<{ samples: number[]; forwarded: boolean }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin(), '--data', dataDir, 'mcp'], env: { ...(env() as Record<string, string>), KITH_LOG_LEVEL: 'info' }, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
  const client = new Client({ name: 'kith-local-bench', version: '1.0.0' });
  await client.connect(transport);
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs + 20; i++) {
      const start = performance.now();
      const result = await client.callTool({ name: 'get_contact', arguments: { contact: 'priya@stripe.com' } });
      if (result.isError) throw new Error(JSON.stringify(result));
      if (i >= 20) samples.push(performance.now() - start);
    }
    return { samples, forwarded: /"through":\d+/.test(err) };
  } finally {
    await client.close();
  }
}

export async function runLocalBench(options: LocalBenchOptions = {}) {
  const runs = options.runs ?? 200;
  const cliRuns = options.cliRuns ?? 15;
  const storages = options.storages ?? ['pglite', 'postgres'];
  const undoRows = [];
  for (const storage of storages) undoRows.push(...(await undoBench(storage, runs)));
  if (undoRows.length > 0) printTable('Undo (the tool in one transaction, as a surface calls it)', undoRows);

  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-local-'));
  const data = join(dir, 'data');
  try {
    execFileSync(process.execPath, [bin(), '--data', data, 'call', 'add_contact', '--input', '{"first_name":"Priya","last_name":"Patel","email":"priya@stripe.com"}'], { env: env(), stdio: 'ignore' });
    execFileSync(process.execPath, [bin(), '--data', data, 'call', 'log_interaction', '--input', '{"contact":"priya@stripe.com","interaction_type":"call","notes":"Talked about moving their Kubernetes clusters to EKS"}'], { env: env(), stdio: 'ignore' });
    const floor = processFloor(data, cliRuns);
    const direct = timeCli(data, cliRuns);
    const chatDirect = timeChats(data, cliRuns);
    const mcpDirect = await timeMcp(data, runs);
    const serve = await startServe(data);
    let forwarded: number[];
    let chatForwarded: ReturnType<typeof timeChats>;
    let mcpForwarded: Awaited<ReturnType<typeof timeMcp>>;
    try {
      forwarded = timeCli(data, cliRuns);
      chatForwarded = timeChats(data, cliRuns);
      mcpForwarded = await timeMcp(data, runs);
    } finally {
      await stop(serve);
    }
    if (!mcpForwarded.forwarded || mcpDirect.forwarded) throw new Error('the MCP runs did not go the way they were meant to');
    const mcpD = stats(mcpDirect.samples);
    const mcpF = stats(mcpForwarded.samples);
    const cliRows = [
      { op: 'floor: node opens the directory, one statement, exits (bench/open-data-dir.mjs)', ...floor },
      { op: 'kith call find_contacts, nothing holds the directory (opens it)', ...stats(direct) },
      { op: 'kith call find_contacts, forwarded through kith serve', ...stats(forwarded), target: 300 },
      ...chatDirect.map((c) => ({ op: `kith chat one-shot, ${c.kind}, opens the directory`, ...stats(c.samples), target: 1500 })),
      ...chatForwarded.map((c) => ({ op: `kith chat one-shot, ${c.kind}, forwarded through kith serve`, ...stats(c.samples) })),
      { op: 'kith mcp get_contact, holding the directory', ...mcpD },
      { op: 'kith mcp get_contact, forwarded through kith serve', ...mcpF },
      { op: 'kith mcp: added per call by forwarding (p50, p95 difference)', p50: round(mcpF.p50 - mcpD.p50), p95: round(mcpF.p95 - mcpD.p95), runs, target: 2 },
    ];
    printTable('Local surfaces on one data directory (ms, wall time)', cliRows);
    return { undo: undoRows, local: cliRows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : undefined; };
  await runLocalBench({ runs: arg('runs'), cliRuns: arg('cli-runs'), storages: process.argv.includes('--no-undo') ? [] : undefined });
}
