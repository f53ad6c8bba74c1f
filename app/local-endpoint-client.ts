import { Agent, request } from 'node:http';
import { ToolError, type ToolErrorCode } from '../agent/tools/shared/errors.js';
import type { EndpointInfo } from './local-endpoint-file.js';

/** Talks to the local endpoint of the process holding a data directory (see local-endpoint.ts). */
export interface EndpointClient {
  post<T>(path: string, body: unknown): Promise<T>;
  get(path: string): Promise<Buffer>;
  close(): void;
}

/** The endpoint could not be reached: its process is gone or is stopping (the caller may open the directory itself). */
export class EndpointUnreachableError extends Error {
  constructor(readonly cause: unknown) {
    super(`The Kith process holding the data directory did not answer (${(cause as Error).message}).`);
    this.name = 'EndpointUnreachableError';
  }
}

const TOOL_CODES = new Set<ToolErrorCode>(['not_found', 'ambiguous', 'invalid', 'forbidden', 'conflict', 'timeout']);

export function connectEndpoint(info: EndpointInfo): EndpointClient {
  // One connection kept open: a forwarded MCP call then costs one loopback round trip.
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const url = new URL(info.url);
  const exchange = (method: 'GET' | 'POST', path: string, body?: unknown) => new Promise<Buffer>((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request({
      host: url.hostname, port: url.port, path, method, agent,
      headers: { authorization: `Bearer ${info.token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new EndpointUnreachableError(e)));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        if ((res.statusCode ?? 500) < 300) return resolve(data);
        let error: { code?: string; message?: string } & Record<string, unknown> = {};
        try { error = (JSON.parse(data.toString('utf8')) as { error: typeof error }).error ?? {}; } catch { /* not JSON */ }
        const { code, message, ...details } = error;
        const text = message ?? `The Kith process answered HTTP ${res.statusCode}.`;
        reject(code && TOOL_CODES.has(code as ToolErrorCode) ? new ToolError(code as ToolErrorCode, text, details) : new Error(text));
      });
    });
    req.on('error', (e) => reject(new EndpointUnreachableError(e)));
    req.end(payload);
  });
  return {
    post: async <T>(path: string, body: unknown) => JSON.parse((await exchange('POST', path, body)).toString('utf8')) as T,
    get: (path) => exchange('GET', path),
    close: () => agent.destroy(),
  };
}
