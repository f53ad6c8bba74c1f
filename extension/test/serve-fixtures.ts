import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The fixture pages over HTTP on 127.0.0.1 (any path ending in <name>.html serves that file). */
export async function serveFixtures(): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const name = /([\w-]+\.html)(\?.*)?$/.exec(req.url ?? '')?.[1];
    try {
      const body = await readFile(join(FIXTURES, name ?? 'missing'));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (path) => `http://127.0.0.1:${port}/${path.replace(/^\//, '')}`, close: () => new Promise((r) => server.close(() => r())) };
}
