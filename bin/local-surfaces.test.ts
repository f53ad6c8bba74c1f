import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../test-support/run-cli.js';
import { startServe, type ServeProcess } from '../test-support/serve-process.js';
import { packageRoot } from '../db/package-root.js';

// Real processes on one embedded directory: `kith serve` holds it, and every other local command
// goes through it instead of being refused.
describe('every local surface on one data directory', { timeout: 300_000 }, () => {
  let dir: string;
  let data: string;
  let serve: ServeProcess;
  let mcp: Client;
  const cli = (...args: string[]) => runCli(['--data', data, ...args]);
  const json = (args: string[]) => {
    const r = cli(...args);
    expect(r.stderr).not.toMatch(/Another Kith process/);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  const names = (exported: { contacts: Array<{ first_name: string; last_name: string }> }) =>
    exported.contacts.map((c) => `${c.first_name} ${c.last_name}`.trim()).sort();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kith-surfaces-'));
    data = join(dir, 'data');
    serve = await startServe(data);
  });
  afterAll(async () => {
    await mcp?.close().catch(() => {});
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes its endpoint to the owner only', () => {
    const file = `${data}.endpoint`;
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(serve.child.pid);
  });

  it('kith call, chat, import and export work through kith serve and see the same data', async () => {
    const added = json(['call', 'add_contact', '--input', '{"first_name":"Priya","last_name":"Patel","company":"Stripe"}']);
    expect(added.contact.first_name).toBe('Priya');

    const turn = json(['chat', 'add Marcus Chen, recruiter at Google', '--json']);
    expect(turn.toolCalls.map((c: { name: string }) => c.name)).toContain('add_contact');

    const file = join(dir, 'import.json');
    writeFileSync(file, JSON.stringify({ contacts: [{ id: randomUUID(), first_name: 'Ines', last_name: 'Imported' }] }));
    json(['import', file, '--format', 'json']);

    const exported = json(['export', '--format', 'json']);
    expect(names(exported)).toEqual(['Ines Imported', 'Marcus Chen', 'Priya Patel']);

    // the web page of the same process sees them
    const page = await (await fetch(`${serve.url}/api/contacts`)).json() as { contacts: Array<{ first_name: string }> };
    expect(page.contacts.map((c) => c.first_name).sort()).toEqual(['Ines', 'Marcus', 'Priya']);

    // a tool error comes back as the same error, with a non-zero exit
    const bad = cli('call', 'add_contact', '--input', '{"first_name":"X","email":"nope"}');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/email/);
  });

  it('a real MCP client over kith mcp (stdio) works through kith serve at the same time', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'bin/kith.ts', '--data', data, 'mcp'],
      cwd: packageRoot(),
      env: { ...(process.env as Record<string, string>), KITH_NOW: '2026-11-25T15:00:00Z', KITH_TZ: 'UTC', KITH_LOG_LEVEL: 'info' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    mcp = new Client({ name: 'kith-surfaces-test', version: '1.0.0' });
    await mcp.connect(transport);
    const found = (await mcp.callTool({ name: 'find_contacts', arguments: {} })) as CallToolResult;
    expect(found.isError, JSON.stringify(found)).toBeFalsy();
    expect((found.structuredContent as { contacts: Array<{ first_name: string }> }).contacts.map((c) => c.first_name).sort()).toEqual(['Ines', 'Marcus', 'Priya']);
    const added = (await mcp.callTool({ name: 'add_contact', arguments: { first_name: 'Claude', last_name: 'Desktop' } })) as CallToolResult;
    expect(added.isError).toBeFalsy();
    expect(stderr).toMatch(/"through":\d+/);
    // the web page sees what MCP wrote, and the CLI undoes it
    const page = await (await fetch(`${serve.url}/api/contacts?q=desktop`)).json() as { contacts: unknown[] };
    expect(page.contacts).toHaveLength(1);
    const undone = json(['call', 'undo']);
    expect(undone.undone.summary).toBe('Added Claude Desktop');
    const gone = (await mcp.callTool({ name: 'get_contact', arguments: { contact: 'Claude Desktop' } })) as CallToolResult;
    expect(gone.isError).toBe(true);
  });

  it('kith backup snapshots the directory while kith serve holds it; kith restore brings back the same records', () => {
    const backup = join(dir, 'kith-backup.tar.gz');
    const made = cli('backup', backup);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/through the running Kith/);
    const copy = join(dir, 'restored');
    const restored = runCli(['--data', copy, 'restore', backup]);
    expect(restored.status, restored.stderr).toBe(0);
    const original = json(['export', '--format', 'json']);
    const fromBackup = JSON.parse(runCli(['--data', copy, 'export', '--format', 'json']).stdout);
    for (const table of ['contacts', 'interactions', 'opportunities']) expect(fromBackup[table]).toEqual(original[table]);
    expect(names(fromBackup)).toEqual(['Ines Imported', 'Marcus Chen', 'Priya Patel']);

    // a directory with data is not overwritten unless forced, and then it is kept aside
    const refused = runCli(['--data', copy, 'restore', backup]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is not empty.*--force/);
    const forced = runCli(['--data', copy, 'restore', backup, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/the directory that was there is now .*before-restore/);
    // the held directory itself cannot be restored over while it serves
    const held = cli('restore', backup, '--force');
    expect(held.status).toBe(1);
    expect(held.stderr).toMatch(/Another Kith process/);
  });

  it('once kith serve stops, the commands open the directory themselves', async () => {
    await mcp.close();
    await serve.stop();
    expect(existsSync(`${data}.endpoint`)).toBe(false);
    const exported = json(['export', '--format', 'json']);
    expect(names(exported)).toEqual(['Ines Imported', 'Marcus Chen', 'Priya Patel']);
    serve = await startServe(data);
  });
});
