import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding Kith's package.json, from source (tsx) and from dist alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the kith package root');
    dir = parent;
  }
  return dir;
}

export const migrationsFolder = (): string => join(packageRoot(), 'db', 'migrations');
