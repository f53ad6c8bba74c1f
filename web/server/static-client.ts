import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { packageRoot } from '../../db/package-root.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

interface Asset { body: Buffer; gzip?: Buffer; type: string; immutable: boolean }

export const defaultClientDir = (): string => join(packageRoot(), 'web', 'client', 'dist');

function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) { walk(file); continue; }
      const path = '/' + relative(dir, file).split(sep).join('/');
      const body = readFileSync(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const compressible = /text|javascript|json|svg/.test(type) && body.length > 1024;
      assets.set(path, { body, type, gzip: compressible ? gzipSync(body, { level: 9 }) : undefined, immutable: path.startsWith('/assets/') });
    }
  };
  walk(dir);
  return assets;
}

/**
 * Serves the built page from memory (it is small): hashed assets cached for a year, index.html
 * never, gzip when the browser takes it. Without a build, "/" says how to make one.
 */
export function mountClient(app: Hono<any>, dir = defaultClientDir()): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const assets = existsSync(join(dir, 'index.html')) ? loadAssets(dir) : new Map<string, Asset>();
  app.get('*', (c) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const asset = assets.get(path);
    if (!asset) {
      if (path === '/index.html') return c.text('The page is not built: run npm run build (or kith serve, which builds it).', 503);
      return c.text('Not found', 404);
    }
    const headers: Record<string, string> = {
      'Content-Type': asset.type,
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
    };
    if (asset.type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
      headers['Referrer-Policy'] = 'no-referrer';
    }
    const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) headers['Content-Encoding'] = 'gzip';
    return c.body(new Uint8Array(gzip ? asset.gzip! : asset.body), 200, headers);
  });
}
