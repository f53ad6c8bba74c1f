import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', txt: 'text/plain; charset=utf-8', eml: 'message/rfc822' };

/** The fixture pages over HTTP on 127.0.0.1 (any path ending in <name>.html, .txt or .eml serves that file). */
export async function serveFixtures(): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const match = /([\w-]+\.(html|txt|eml))(\?.*)?$/.exec(req.url ?? '');
    try {
      const body = await readFile(join(FIXTURES, match?.[1] ?? 'missing'));
      res.writeHead(200, { 'content-type': TYPES[match![2]] }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (path) => `http://127.0.0.1:${port}/${path.replace(/^\//, '')}`, close: () => new Promise((r) => server.close(() => r())) };
}
