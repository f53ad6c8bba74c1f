import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { findUserById, resolveUser } from '../accounts/users.js';
import { isToolError } from '../agent/tools/shared/errors.js';
import { lazyChatAgent } from './chat-agent.js';
import type { Kith } from './open-kith.js';
import { removeEndpointFile, writeEndpointFile } from './local-endpoint-file.js';

/**
 * The process that holds an embedded data directory (kith serve, kith mcp) lets the other local
 * commands in through it: kith call, chat, import, export, backup and a second kith mcp. It listens
 * on loopback only, on a port the system picks, and answers only a bearer token it wrote to a file
 * that only the directory's owner can read (see local-endpoint-file.ts): whoever can read that
 * file could open the directory itself.
 *
 * POST /v1/user   { email? }                    → { id, email }       (the local owner without email)
 * POST /v1/call   { userId, tool, input }       → { value, changeId? }
 * POST /v1/chat   { userId, text, sessionId? }  → the agent's turn
 * GET  /v1/backup                               → a gzipped tarball of the data directory
 * Tool errors answer 4xx with the tool's { error } JSON, so the caller rethrows the same error.
 */
export interface LocalEndpoint {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 512 * 1024 * 1024;

const STATUS: Record<string, number> = { invalid: 400, ambiguous: 400, forbidden: 403, not_found: 404, conflict: 409 };

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'The request body must be a JSON object.');
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startLocalEndpoint(kith: Kith, dataDir: string): Promise<LocalEndpoint> {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const agentOf = lazyChatAgent(kith);
  const userOf = async (id: unknown) => {
    const user = typeof id === 'string' ? await findUserById(kith.database.db, id) : undefined;
    if (!user) throw new HttpError(400, 'userId does not name a user of this Kith.');
    return user;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!authorized(req)) throw new HttpError(401, 'Unauthorized.');
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/backup') {
      if (!kith.database.dumpDataDir) throw new HttpError(400, 'This Kith runs on a PostgreSQL server: back it up with pg_dump.');
      const blob = await kith.database.dumpDataDir();
      const bytes = Buffer.from(await blob.arrayBuffer());
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'Use POST.');
    const body = await readJson(req);
    if (path === '/v1/user') {
      const user = await resolveUser(kith.database.db, typeof body.email === 'string' ? body.email : undefined);
      send(res, 200, { id: user.id, email: user.email });
    } else if (path === '/v1/call') {
      const user = await userOf(body.userId);
      if (typeof body.tool !== 'string') throw new HttpError(400, 'tool is required.');
      let changeId: string | undefined;
      const value = await kith.call(user.id, body.tool, body.input ?? {}, { onChangeSet: (id) => { changeId = id; } });
      send(res, 200, { value, changeId });
    } else if (path === '/v1/chat') {
      const user = await userOf(body.userId);
      if (typeof body.text !== 'string') throw new HttpError(400, 'text is required.');
      const turn = await (await agentOf()).turn(user.id, body.text, typeof body.sessionId === 'string' ? body.sessionId : undefined);
      send(res, 200, turn);
    } else {
      throw new HttpError(404, `No endpoint ${path}.`);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (isToolError(error)) send(res, STATUS[error.code] ?? 400, error.toJSON());
      else if (error instanceof HttpError) send(res, error.status, { error: { code: 'invalid', message: error.message } });
      else {
        kith.log.error('local endpoint: a request failed', { error: (error as Error).message });
        send(res, 500, { error: { code: 'internal', message: (error as Error).message } });
      }
    });
  });
  // A forwarded `kith mcp` keeps its connection for as long as Claude Desktop runs.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeEndpointFile(dataDir, { pid: process.pid, url, token });
  return {
    url,
    close: async () => {
      removeEndpointFile(dataDir);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
