import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../db/package-root.js';

/** Builds the page with Vite when web/client/dist has no index.html (a fresh checkout). */
export async function ensureClientBuilt(log: (message: string) => void = () => {}): Promise<string> {
  const root = packageRoot();
  const outDir = join(root, 'web', 'client', 'dist');
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  log('Building the page (first start)…');
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'client', 'vite.config.ts'), logLevel: 'warn' });
  log(`Built the page in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return outDir;
}
