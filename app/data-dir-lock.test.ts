import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { lockDataDir } from './data-dir-lock.js';

describe('the data directory lock', () => {
  it('lets one holder in, names it to the next, and frees the directory on release', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kith-lock-')), 'data');
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`Another Kith process \\(pid ${process.pid}\\) is using the data directory`));
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kith-lock-')), 'data');
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(`${dir}.lock`, String(deadPid));
    const release = lockDataDir(dir);
    release();
  });
});
