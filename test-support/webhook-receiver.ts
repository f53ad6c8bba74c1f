import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receiver's check, as README ("Outgoing webhooks") gives it to people writing one: written
 * here from the documentation, not from Kith's signer, so a test passing means the docs work.
 */
export function verifyKithWebhook(secret: string, headers: IncomingHttpHeaders, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const timestamp = String(headers['kith-webhook-timestamp'] ?? '');
  const signature = String(headers['kith-webhook-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; event: string; created_at: string; data: Record<string, unknown> };
  /** Whether the signature checked out with the secret set for the path (null: no secret set). */
  verified: boolean | null;
}

/** How the receiver answers one request: a status with headers, or never (a receiver that hangs). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface WebhookReceiver {
  url(path: string): string;
  /** The secret requests to this path are checked with. */
  setSecret(path: string, secret: string): void;
  /** The next answers for this path, in order; after them, 200. */
  answer(path: string, ...answers: Answer[]): void;
  received(path?: string): ReceivedWebhook[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records each webhook and checks its signature. */
export async function startWebhookReceiver(options: { now?: () => number; toleranceSeconds?: number; unref?: boolean } = {}): Promise<WebhookReceiver> {
  const secrets = new Map<string, string>();
  const scripts = new Map<string, Answer[]>();
  const got: ReceivedWebhook[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = secrets.get(path);
      let json: ReceivedWebhook['json'];
      try { json = JSON.parse(body); } catch { json = { id: '', event: '', created_at: '', data: {} }; }
      got.push({ path, headers: req.headers, body, json, verified: secret ? verifyKithWebhook(secret, req.headers, body, options.toleranceSeconds, options.now?.()) : null });
      const next = scripts.get(path)?.shift() ?? { status: 200 };
      if (next === 'hang') { hanging.add(res); return; }
      res.writeHead(next.status, { 'Content-Type': 'text/plain', ...next.headers });
      res.end(next.body ?? (next.status < 300 ? 'ok' : 'no'));
    });
  });
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.unref) server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    setSecret: (path, secret) => { secrets.set(path, secret); },
    answer: (path, ...answers) => { scripts.set(path, [...(scripts.get(path) ?? []), ...answers]); },
    received: (path) => got.filter((r) => path === undefined || r.path === path),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      hanging.clear();
      server.close(() => resolve());
    }),
  };
}
