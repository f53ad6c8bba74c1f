import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../db/package-root.js';

// Records every module the process resolves, on stderr (a loader hook, registered before tsx runs kith).
const HOOKS = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  writeSync(2, 'MODULE ' + resolved.url + '\\n');
  return resolved;
}`;
const RECORD = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The packages a forwarded `kith call` must not load: each costs a one-shot command tens of milliseconds or more. */
const HEAVY = ['zod', 'drizzle-orm', '@electric-sql/pglite', 'ai', '@ai-sdk/provider-utils', 'chrono-node', 'jsforce', '@hubspot/api-client', 'mailparser', 'pg', '@modelcontextprotocol/sdk', 'hono'];

describe('starting the kith command line', () => {
  it('registers every command without loading the database layer, the tools or the agent', { timeout: 60_000 }, () => {
    const root = packageRoot();
    const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(RECORD)}`, '--import', 'tsx', join(root, 'bin', 'kith.ts'), '--help'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Commands:');
    const modules = run.stderr.split('\n').filter((l) => l.startsWith('MODULE ')).map((l) => l.slice(7));
    expect(modules.some((m) => m.includes('commander'))).toBe(true);
    const packages = new Set(modules.map((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1]).filter(Boolean));
    expect([...packages].filter((p) => HEAVY.includes(p!))).toEqual([]);
    expect(modules.filter((m) => /\/(db\/schema|agent\/tools\/catalog|agent\/agent)\./.test(m))).toEqual([]);
  });
});
