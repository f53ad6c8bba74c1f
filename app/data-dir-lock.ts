import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The directory is held by a live process (which may serve it to others: see local-endpoint.ts). */
export class DataDirBusyError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `Another Kith process (pid ${pid}) is using the data directory ${dataDir}. ` +
      'Stop it first, or run several processes on one PostgreSQL server (DATABASE_URL).',
    );
    this.name = 'DataDirBusyError';
  }
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One process at a time on an embedded data directory: two PGlite instances writing the same files
 * corrupt them. The lock sits beside the directory (initdb wants an empty one) and names its owner;
 * a lock whose process is gone is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = 0;
      try { owner = Number(readFileSync(lockPath, 'utf8')); } catch { /* released meanwhile */ }
      if (owner && isAlive(owner)) {
        throw new DataDirBusyError(dataDir, owner);
      }
      try { unlinkSync(lockPath); } catch { /* another process took it over first */ }
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir} (${lockPath}).`);
}
