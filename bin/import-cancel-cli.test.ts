import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../db/package-root.js';
import { runCli } from '../test-support/run-cli.js';
import { linkedinConnections } from '../test-support/linkedin-connections.js';

const dir = mkdtempSync(join(tmpdir(), 'kith-import-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const contacts = (data: string) => {
  const out = runCli(['--data', data, 'call', 'find_contacts', '--input', '{"limit":1}']);
  expect(out.status, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { total: number }).total;
};

/**
 * `kith import` on a terminal: util-linux `script` gives it one (a pseudo-terminal), so the
 * progress bar is drawn as a user sees it. The shell prints its pid and execs kith in its place.
 */
function importOnATerminal(data: string, file: string) {
  const kith = [process.execPath, '--import', 'tsx', join(packageRoot(), 'bin', 'kith.ts'), '--data', data, 'import', file].map((a) => `'${a}'`).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, SHELL: '/bin/sh', KITH_NOW: '2026-11-25T15:00:00Z', KITH_TZ: 'UTC', NO_COLOR: '1' };
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'DATABASE_URL', 'KITH_DATABASE_URL']) delete env[key];
  const child = spawn('script', ['-qfec', `echo KITHPID=$$; exec ${kith}`, '/dev/null'], { cwd: packageRoot(), env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const waiting = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); for (const look of waiting) look(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const seen = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
    const look = () => { const m = pattern.exec(output); if (m) { waiting.delete(look); resolve(m); } };
    waiting.add(look);
    void exited.then(() => reject(new Error(`kith exited before ${pattern}: ${output}`)));
    look();
  });
  return { seen, exited, output: () => output };
}

describe('kith import on a terminal', { timeout: 240_000 }, () => {
  it('Ctrl-C (SIGINT) during a large import leaves nothing of it', async () => {
    const data = join(dir, 'data');
    const first = runCli(['--data', data, 'import', join(packageRoot(), 'agent', 'tools', 'imports', 'fixtures', 'Connections.csv')]);
    expect(first.status, first.stderr).toBe(0);
    const before = contacts(data);
    expect(before).toBeGreaterThan(0);
    const file = join(dir, 'Connections-5000.csv');
    writeFileSync(file, linkedinConnections(5000));

    const run = importOnATerminal(data, file);
    const pid = Number((await run.seen(/KITHPID=(\d+)/))[1]);
    // The bar is drawn once the records are counted; the first batch is being written.
    await run.seen(/Importing \[.*\] 0% \| 0\/4900/);
    process.kill(pid, 'SIGINT');
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/The import was cancelled; nothing was imported\./);
    expect(contacts(data)).toBe(before);
  });
});
