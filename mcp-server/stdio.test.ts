import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { packageRoot } from '../db/package-root.js';
import { catalog } from '../agent/tools/catalog.js';
import { MCP_TEST_NOW, brokenResult, callEveryTool, makeSeed, textOf, type SeedIds } from '../test-support/mcp-fixtures.js';

// One `kith mcp` process for the whole file, on a fresh data directory, run from the source with tsx.
let dataDir: string;
let transport: StdioClientTransport;
let client: Client;
let stderr = '';
const clientErrors: Error[] = [];
let ids: SeedIds;

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kith-mcp-stdio-'));
  transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'bin/kith.ts', '--data', dataDir, 'mcp'],
    cwd: packageRoot(),
    env: { ...(process.env as Record<string, string>), KITH_NOW: MCP_TEST_NOW, KITH_TZ: 'UTC', KITH_LOG_LEVEL: 'info', KITH_WEBHOOKS_ALLOW_PRIVATE: '1' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  client = new Client({ name: 'kith-stdio-test', version: '1.0.0' });
  client.onerror = (error) => clientErrors.push(error);
  await client.connect(transport);
  const seed = makeSeed('Stripe');
  ids = seed.ids;
  const imported = await call('import_data', { data: seed.data });
  expect(imported.isError).toBeFalsy();
});

afterAll(async () => {
  await client?.close().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kith mcp (stdio)', () => {
  it('lists tools, resources and prompts', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(catalog.map((t) => t.name).sort());
    expect(tools.find((t) => t.name === 'delete_contact')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false, openWorldHint: false });
    expect(tools.find((t) => t.name === 'find_contacts')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['kith://follow-ups/today', 'kith://pipeline', `kith://contacts/${ids.priyaPatel}`]));
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates[0].uriTemplate).toBe('kith://contacts/{id}');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['log_interaction', 'meeting_brief', 'weekly_review']);
  });

  it('answers with errors the model can act on, and asks for confirmation', async () => {
    const ambiguous = await call('get_contact', { contact: 'Priya' });
    expect(ambiguous.isError).toBe(true);
    expect(textOf(ambiguous)).toContain(`id ${ids.priyaShah}`);
    const unknown = await call('get_contact', { contact: 'nobody@nowhere.example' });
    expect(textOf(unknown)).toMatch(/^Error \(not_found\)/);
    const invalid = await call('schedule_follow_up', { contact: ids.priyaPatel, date: 'next friday' });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/date/);
    const unconfirmed = await call('delete_contact', { contact: ids.lucas });
    expect(textOf(unconfirmed)).toMatch(/^CONFIRMATION REQUIRED: nothing was changed/);
    expect((await call('get_contact', { contact: ids.lucas })).isError).toBeFalsy();
  });

  it('reads resources and builds prompts through the tools', async () => {
    const profile = await client.readResource({ uri: `kith://contacts/${ids.priyaPatel}` });
    expect(JSON.parse((profile.contents[0] as { text: string }).text).contact.email).toBe('priya@stripe.com');
    const today = await client.readResource({ uri: 'kith://follow-ups/today' });
    expect((today.contents[0] as { text: string }).text).toContain('Lucas Moreau');
    const brief = await client.getPrompt({ name: 'meeting_brief', arguments: { contact: 'Lucas' } });
    expect((brief.messages[0].content as { text: string }).text).toContain('Lucas Moreau');
  });

  it('calls every tool of the catalog', async () => {
    const results = await callEveryTool(client, ids);
    expect(results.size).toBe(catalog.length);
    expect([...results].map(([name, r]) => brokenResult(name, r)).filter(Boolean)).toEqual([]);
    expect([...results].filter(([, r]) => r.isError).map(([name, r]) => `${name}: ${textOf(r)}`)).toEqual([]);
    expect(results.get('log_interaction')!.structuredContent).toMatchObject({ interaction: { interaction_type: 'call' } });
  }, 180_000); // every tool of the catalog, one after another; a loaded machine takes minutes

  it('answers a malformed line with a JSON-RPC parse error and keeps serving; stdout holds only protocol', async () => {
    const child = (transport as unknown as { _process: ChildProcess })._process;
    const before = clientErrors.length;
    child.stdin!.write('this is not json\n');
    child.stdin!.write('{"jsonrpc":"2.0","id":99,"method":\n');
    // The client reports the replies (without an id) as responses it did not ask for.
    await expect.poll(() => clientErrors.length - before, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(clientErrors.slice(before).map((e) => e.message).join('\n')).toContain('-32700');
    await expect(client.request({ method: 'no/such_method', params: {} } as never, (await import('@modelcontextprotocol/sdk/types.js')).EmptyResultSchema))
      .rejects.toThrow(/Method not found/);
    expect((await client.listTools()).tools.length).toBe(catalog.length);
    // Every line the server wrote was a JSON-RPC message: the client reported nothing else.
    expect(clientErrors.slice(0, before)).toEqual([]);
    expect(stderr).toContain('mcp: serving on stdio');
  });
});
