import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createECDH, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

export interface PushedMessage { path: string; headers: IncomingHttpHeaders; body: Buffer; status: number }

export interface PushService {
  /** A browser's subscription to this service: what PushManager.subscribe gives the web app. */
  subscription(name: string): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Decrypts a message for the named subscription (RFC 8291, aes128gcm), as the browser would. */
  decrypt(name: string, body: Buffer): string;
  messages: PushedMessage[];
  /** The next `n` pushes are answered with `status` (a push service's outage). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/**
 * A stand-in for a push service (FCM, Mozilla's autopush) on 127.0.0.1: it records each POST and
 * answers 201, and holds each subscription's receiving keys (P-256 and the auth secret) so the
 * test can decrypt what Kith sent, proving it is real encrypted web push.
 */
export async function startPushService(): Promise<PushService> {
  const messages: PushedMessage[] = [];
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  let failures = 0;
  let failStatus = 500;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failures > 0 ? (failures--, failStatus) : 201;
      messages.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    messages,
    subscription(name) {
      let b = browsers.get(name);
      if (!b) {
        const ecdh = createECDH('prime256v1');
        ecdh.generateKeys();
        b = { ecdh, auth: randomBytes(16) };
        browsers.set(name, b);
      }
      return { endpoint: `http://127.0.0.1:${port}/push/${name}`, keys: { p256dh: b.ecdh.getPublicKey().toString('base64url'), auth: b.auth.toString('base64url') } };
    },
    decrypt(name, body) {
      const b = browsers.get(name)!;
      return ece.decrypt(body, { version: 'aes128gcm', privateKey: b.ecdh, authSecret: b.auth.toString('base64url') }).toString('utf8');
    },
    failNext(n, status = 500) { failures = n; failStatus = status; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
