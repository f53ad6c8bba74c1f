import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../db/package-root.js';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM (a clean stop) or SIGKILL, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `kith --data DIR serve --port 0` from the source (tsx) and waits until it answers. */
export async function startServe(dataDir: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, KITH_NOW: '2026-11-25T15:00:00Z', KITH_TZ: 'UTC', NO_COLOR: '1', ...options.env };
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'DATABASE_URL', 'KITH_DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) {
    if (!options.env?.[key]) delete env[key];
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'bin', 'kith.ts'), '--data', dataDir, 'serve', '--port', '0'], {
    cwd: packageRoot(), env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kith serve did not start in 120 s: ${stderr}`)), 120_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Kith is running at (http:\/\/\S+)/.exec(stderr);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    void exited.then(() => { clearTimeout(timer); reject(new Error(`kith serve exited: ${stderr}`)); });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
