import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', txt: 'text/plain; charset=utf-8', eml: 'message/rfc822' };

/**
 * The host the fixture server also answers for, as LinkedIn's profile pages (/in/<name>/ serves
 * linkedin-<name>.html): the browser tests resolve it to 127.0.0.1.
 */
export const LINKEDIN_HOST = 'www.linkedin.com';

/** The file a request asks for: a path ending in <name>.html, .txt or .eml, or a profile /in/<name>/. */
function fixtureFor(path: string): { file: string; type: string } | null {
  const profile = /^\/in\/([\w-]+)\/?(\?.*)?$/.exec(path);
  if (profile) return { file: `linkedin-${profile[1]}.html`, type: TYPES.html };
  const match = /([\w-]+\.(html|txt|eml))(\?.*)?$/.exec(path);
  return match ? { file: match[1], type: TYPES[match[2]] } : null;
}

/** The fixture pages over HTTP on 127.0.0.1 (url(path, LINKEDIN_HOST) for a profile page). */
export async function serveFixtures(): Promise<{ url: (path: string, host?: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const fixture = fixtureFor(req.url ?? '');
    try {
      if (!fixture) throw new Error('no such fixture');
      const body = await readFile(join(FIXTURES, fixture.file));
      res.writeHead(200, { 'content-type': fixture.type }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (path, host = '127.0.0.1') => `http://${host}:${port}/${path.replace(/^\//, '')}`, close: () => new Promise((r) => server.close(() => r())) };
}
