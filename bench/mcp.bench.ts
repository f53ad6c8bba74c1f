/**
 * MCP benchmark: with 10,000 contacts, the round trip of read tools (get_contact, find_contacts)
 * over stdio (`kith mcp`, the built dist) and over Streamable HTTP, and the time from spawning
 * `kith mcp` to the answer of the first tools/list.
 *
 *   npm run build && node --import tsx bench/mcp.bench.ts [--contacts 10000] [--runs 300]
 *
 * Writes bench/results/mcp.json. Targets: p95 ≤ 10 ms over stdio, ≤ 20 ms over HTTP, first
 * tools/list ≤ 1.5 s after spawning.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../app/config.js';
import { openKith } from '../app/open-kith.js';
import { createToken } from '../accounts/tokens.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import { findTool } from '../agent/tools/catalog.js';
import { runTool } from '../agent/tools/run-tool.js';
import { packageRoot } from '../db/package-root.js';
import { createMcpHttpApp } from '../mcp-server/http.js';
import { percentile, printTable, round } from './stats.js';

export interface McpBenchOptions {
  contacts?: number;
  /** Timed calls per tool and transport. */
  runs?: number;
  /** How many times to spawn `kith mcp` for the start-up figure. */
  starts?: number;
  /** Where to keep the prepared data directory (reused between runs). */
  dataDir?: string;
  /** Write bench/results/mcp.json (default true). */
  write?: boolean;
}

export interface Latency {
  p50: number;
  p95: number;
  max: number;
  runs: number;
  /**
   * CPU time per call, client and server together (Linux /proc; null elsewhere). Unlike the wall
   * times it hardly moves with the machine's load: on an idle machine a round trip costs about this.
   */
  cpu_ms_per_call: number | null;
}

export interface McpBenchResult {
  contacts: number;
  machine: { cpus: number; loadavg1: number; node: string };
  stdio: { get_contact: Latency; find_contacts: Latency };
  http: { get_contact: Latency; find_contacts: Latency };
  /**
   * The same calls straight through runTool in this process (no MCP, no transport): what the tools
   * themselves cost, so that the round trips above minus these is what MCP and its transports add.
   */
  direct: { get_contact: Latency; find_contacts: Latency };
  /** Spawning `kith mcp` to the first tools/list answer; cpu_ms is the server process's CPU time by then. */
  startup: { first_tools_list_ms: { p50: number; max: number; samples: number[] }; cpu_ms_p50: number | null };
  targets: { stdio_p95_ms: number; http_p95_ms: number; startup_ms: number };
  met: { stdio: boolean; http: boolean; startup: boolean };
}

const root = packageRoot();
const distKith = join(root, 'dist', 'bin', 'kith.js');
const FIRST = ['Priya', 'Marcus', 'Dana', 'Tom', 'Omar', 'Sarah', 'Lucas', 'Kwame', 'Nadia', 'Jane', 'Ana', 'Wei', 'Jonas', 'Ines', 'Ravi', 'Mia'];
const LAST = ['Patel', 'Chen', 'Whitfield', 'Baker', 'Haddad', 'Kim', 'Silva', 'Mensah', 'Petrova', 'Doe', 'Ito', 'Zhang', 'Novak', 'Garcia'];
const COMPANIES = ['Stripe', 'Google', 'Acme', 'Globex', 'Initech', 'Vercel', 'Datadog', 'Linear'];

function ensureBuilt(): void {
  if (existsSync(join(root, 'dist', 'mcp-server', 'create-server.js')) && existsSync(distKith)) return;
  process.stderr.write('bench: building dist (npm run build)...\n');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    // tsc emits even with type errors elsewhere; only a missing output is fatal.
  }
  if (!existsSync(distKith)) throw new Error('bench: dist/bin/kith.js is missing; run npm run build');
}

/** The contacts to import: unique ids so a run can address them directly; names that repeat, as in life. */
function makeExport(n: number) {
  const contacts = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    first_name: FIRST[i % FIRST.length],
    last_name: `${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i}`,
    email: `person${i}@example.com`,
    company: COMPANIES[i % COMPANIES.length],
    tags: [i % 3 ? 'network' : 'mentor'],
    notes: i % 10 === 0 ? `Met at a meetup; talked about platform work (${i})` : null,
  }));
  const interactions = Array.from({ length: Math.floor(n / 5) }, (_, i) => ({
    contact_id: contacts[(i * 5) % n].id,
    interaction_type: 'email',
    interaction_date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    subject: `Note ${i}`,
  }));
  return { contacts, interactions, opportunities: [] };
}

/** A data directory holding n contacts for the local owner, imported once with import_data and reused. */
async function prepareDataDir(dir: string, n: number): Promise<void> {
  const marker = join(dir, `.kith-bench-${n}`);
  if (existsSync(marker)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`bench: importing ${n} contacts into ${dir} (once)...\n`);
  const kith = await openKith(loadConfig({ data: dir }, { KITH_TZ: 'UTC' }), { log: silentLogger });
  try {
    await kith.call(kith.owner.id, 'import_data', { data: makeExport(n) });
  } finally {
    await kith.close();
  }
  writeFileSync(marker, new Date().toISOString());
}

const TICK_MS = 10; // Linux USER_HZ is 100 on every common kernel (getconf CLK_TCK)

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is not there. */
function processCpuMs(pid: number | null | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

const ownCpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** Wall-clock latencies of `runs` calls after a warm-up, and their CPU cost (this process and `serverPid`). */
async function measure(runs: number, fn: (i: number) => Promise<unknown>, serverPid?: number | null, warmup = 20): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  const cpu0 = ownCpuMs();
  const server0 = serverPid ? processCpuMs(serverPid) : 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  const server1 = serverPid ? processCpuMs(serverPid) : 0;
  const cpu = server0 === undefined || server1 === undefined ? null : round((ownCpuMs() - cpu0 + (server1 - server0)) / runs);
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), max: round(Math.max(...samples)), runs, cpu_ms_per_call: cpu };
}

/** The two read calls, checked to succeed (a benchmark of error answers would flatter). */
type Call = (name: 'get_contact' | 'find_contacts', args: Record<string, unknown>) => Promise<unknown>;
const viaClient = (client: Client): Call => (name, args) => client.callTool({ name, arguments: args });

function readCalls(call: Call, n: number) {
  const check = (r: unknown) => {
    if ((r as CallToolResult).isError) throw new Error(`bench: a call failed: ${JSON.stringify((r as CallToolResult).content)}`);
    return r;
  };
  const id = (i: number) => `00000000-0000-4000-8000-${String(1 + ((i * 7919) % n)).padStart(12, '0')}`;
  const queries = ['pri', 'chen', 'whitf', 'stripe', 'kwa', 'silva1', 'doe2', 'person42'];
  return {
    getContact: (i: number) => call('get_contact', { contact: id(i) }).then(check),
    findContacts: (i: number) => call('find_contacts', { query: queries[i % queries.length], limit: 25 }).then(check),
  };
}

const stdioTransportOf = (client: Client): StdioClientTransport => client.transport as StdioClientTransport;

function stdioTransport(dataDir: string): StdioClientTransport {
  return new StdioClientTransport({
    command: process.execPath,
    args: [distKith, '--data', dataDir, 'mcp'],
    cwd: root,
    env: { ...(process.env as Record<string, string>), KITH_TZ: 'UTC' },
    stderr: 'ignore',
  });
}

async function startupOnce(dataDir: string): Promise<{ ms: number; cpuMs: number | undefined }> {
  const started = performance.now();
  const client = new Client({ name: 'kith-bench', version: '1.0.0' });
  const transport = stdioTransport(dataDir);
  await client.connect(transport);
  await client.listTools();
  const ms = performance.now() - started;
  const cpuMs = processCpuMs(transport.pid);
  await client.close();
  return { ms, cpuMs };
}

export async function runMcpBench(options: McpBenchOptions = {}): Promise<McpBenchResult> {
  const n = options.contacts ?? 10_000;
  const runs = options.runs ?? 300;
  const dataDir = options.dataDir ?? join(tmpdir(), `kith-bench-mcp-${n}`);
  ensureBuilt();
  await prepareDataDir(dataDir, n);

  // Start-up: spawn `kith mcp` (dist) to the answer of the first tools/list, on the prepared directory.
  await startupOnce(dataDir); // the first spawn warms the OS file cache
  const starts: number[] = [];
  const startCpu: number[] = [];
  for (let i = 0; i < (options.starts ?? 5); i++) {
    const s = await startupOnce(dataDir);
    starts.push(round(s.ms, 0));
    if (s.cpuMs !== undefined) startCpu.push(s.cpuMs);
  }

  // stdio round trips, one long-lived process.
  const stdioClient = new Client({ name: 'kith-bench', version: '1.0.0' });
  await stdioClient.connect(stdioTransport(dataDir));
  await stdioClient.listTools(); // the client caches output schemas, as real clients do
  const s = readCalls(viaClient(stdioClient), n);
  const stdio = { get_contact: await measure(runs, s.getContact, stdioTransportOf(stdioClient).pid), find_contacts: await measure(runs, s.findContacts, stdioTransportOf(stdioClient).pid) };
  await stdioClient.close();

  // HTTP round trips: the endpoint served in this process on 127.0.0.1, a token for the owner.
  const kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'UTC' }), { log: silentLogger });
  let server: ServerType | undefined;
  let http: McpBenchResult['http'];
  let direct: McpBenchResult['direct'];
  try {
    const tools = { get_contact: findTool('get_contact')!, find_contacts: findTool('find_contacts')! };
    const d = readCalls((name, args) => runTool(kith.runtime, kith.owner.id, tools[name], args), n);
    direct = { get_contact: await measure(runs, d.getContact, null), find_contacts: await measure(runs, d.findContacts, null) };
    const { token } = await createToken(kith.database.db, kith.owner.id, 'bench');
    server = await new Promise<ServerType>((resolve) => {
      const srv = serve({ fetch: createMcpHttpApp(kith).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(srv));
    });
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
    const httpClient = new Client({ name: 'kith-bench', version: '1.0.0' });
    await httpClient.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    await httpClient.listTools();
    const h = readCalls(viaClient(httpClient), n);
    // Client and server share this process: its CPU time is the whole cost.
    http = { get_contact: await measure(runs, h.getContact, null), find_contacts: await measure(runs, h.findContacts, null) };
    await httpClient.close();
  } finally {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await kith.close();
  }

  const targets = { stdio_p95_ms: 10, http_p95_ms: 20, startup_ms: 1500 };
  const startup = { p50: round(percentile(starts, 50), 0), max: Math.max(...starts), samples: starts };
  const result: McpBenchResult = {
    contacts: n,
    machine: { cpus: cpus().length, loadavg1: round(loadavg()[0], 2), node: process.version },
    stdio,
    http,
    direct,
    startup: { first_tools_list_ms: startup, cpu_ms_p50: startCpu.length ? round(percentile(startCpu, 50), 0) : null },
    targets,
    met: {
      stdio: Math.max(stdio.get_contact.p95, stdio.find_contacts.p95) <= targets.stdio_p95_ms,
      http: Math.max(http.get_contact.p95, http.find_contacts.p95) <= targets.http_p95_ms,
      startup: startup.p50 <= targets.startup_ms,
    },
  };
  if (options.write !== false) {
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'mcp.json'), JSON.stringify({ measured_at: new Date().toISOString(), ...result }, null, 2) + '\n');
  }
  return result;
}

export function printMcpBench(r: McpBenchResult): void {
  const row = (transport: string, tool: string, l: Latency, target: number) => ({ transport, tool, p50_ms: l.p50, p95_ms: l.p95, max_ms: l.max, cpu_ms_per_call: l.cpu_ms_per_call, runs: l.runs, target_p95_ms: target, ok: l.p95 <= target ? 'yes' : 'NO' });
  printTable(`MCP round trips with ${r.contacts} contacts (${r.machine.cpus} CPUs, load ${r.machine.loadavg1}, Node ${r.machine.node})`, [
    row('stdio', 'get_contact', r.stdio.get_contact, r.targets.stdio_p95_ms),
    row('stdio', 'find_contacts', r.stdio.find_contacts, r.targets.stdio_p95_ms),
    row('http', 'get_contact', r.http.get_contact, r.targets.http_p95_ms),
    row('http', 'find_contacts', r.http.find_contacts, r.targets.http_p95_ms),
  ]);
  const overhead = (transport: 'stdio' | 'http', tool: 'get_contact' | 'find_contacts') => ({
    transport, tool,
    direct_p50_ms: r.direct[tool].p50, direct_p95_ms: r.direct[tool].p95,
    mcp_p50_minus_direct_ms: round(r[transport][tool].p50 - r.direct[tool].p50),
    cpu_ms_per_call_minus_direct: r[transport][tool].cpu_ms_per_call === null || r.direct[tool].cpu_ms_per_call === null
      ? null : round(r[transport][tool].cpu_ms_per_call! - r.direct[tool].cpu_ms_per_call!),
  });
  printTable('What MCP adds: round trip minus the same call through runTool in-process', [
    overhead('stdio', 'get_contact'), overhead('stdio', 'find_contacts'), overhead('http', 'get_contact'), overhead('http', 'find_contacts'),
  ]);
  const s = r.startup.first_tools_list_ms;
  printTable('Spawn `kith mcp` (dist) to the first tools/list answer', [
    { p50_ms: s.p50, max_ms: s.max, server_cpu_ms: r.startup.cpu_ms_p50, samples: s.samples.join(', '), target_ms: r.targets.startup_ms, ok: s.p50 <= r.targets.startup_ms ? 'yes' : 'NO' },
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const result = await runMcpBench({ contacts: arg('contacts'), runs: arg('runs'), starts: arg('starts') });
  printMcpBench(result);
  process.stdout.write('\nwrote bench/results/mcp.json\n');
}
