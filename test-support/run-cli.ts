import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../db/package-root.js';

export interface CliResult { status: number | null; stdout: string; stderr: string }

/** Runs the `kith` command from source (tsx), with no model configured and a fixed clock. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const root = packageRoot();
  const env: NodeJS.ProcessEnv = { ...process.env, KITH_NOW: '2026-11-25T15:00:00Z', KITH_TZ: 'UTC', NO_COLOR: '1', ...options.env };
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'DATABASE_URL', 'KITH_DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) {
    if (!options.env?.[key]) delete env[key];
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'kith.ts'), ...args], {
    cwd: root, env, encoding: 'utf8', input: options.input, timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
