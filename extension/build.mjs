// Builds the unpacked extension into extension/dist/ (load it in Chrome or Firefox; see README.md).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// node extension/build.mjs [out-dir]: the tests build into a directory of their own (they run side by side)
const out = process.argv[2] ?? join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { extract: join(here, 'src/extract/page.ts'), popup: join(here, 'src/popup/popup.ts'), options: join(here, 'src/options/options.ts') },
  outdir: out,
  bundle: true,
  format: 'iife',
  // Chrome 121 and Firefox 142 have every API the extension uses (optional_host_permissions in MV3).
  target: ['chrome121', 'firefox142'],
  legalComments: 'none',
  logLevel: 'warning',
});
cpSync(join(here, 'static'), out, { recursive: true });
const { version } = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, version }, null, 2) + '\n');
