import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the fake Slack: a Web API method or a response_url post. */
export interface SlackCall {
  method: string;
  /** The arguments, with JSON-encoded fields (blocks, view) decoded. */
  args: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  token?: string;
  at: number;
}

export interface FakeSlackOptions {
  botToken: string;
  /** users.info answers, by Slack user id. */
  profiles?: Record<string, { email?: string; real_name?: string; tz?: string }>;
  /** Milliseconds every Web API answer waits (to see that acks do not wait for Slack). */
  latencyMs?: number;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: SlackCall[];
  /** response_url for a slash command or a button, unique per request. */
  responseUrl(): string;
  of(method: string): SlackCall[];
  /** Waits until `count` calls satisfy the predicate (default 1) and returns them. */
  waitFor(method: string, predicate?: (c: SlackCall) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<SlackCall[]>;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decode(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = (k === 'blocks' || k === 'view' || k === 'attachments') ? JSON.parse(v) : v;
  }
  return args;
}

/** A fake Slack Web API on 127.0.0.1 that records what the bot sends and checks its bearer token. */
export async function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  let ts = 1_700_000_000;
  let responses = 0;
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const args = decode(raw, req.headers['content-type'] ?? '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (url.pathname.startsWith('/response/')) {
      calls.push({ method: 'response_url', args: { ...args, path: url.pathname }, at: Date.now() });
      return reply(200, { ok: true });
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    calls.push({ method, args, token, at: Date.now() });
    if (token !== options.botToken) return reply(200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return reply(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'kith' });
      case 'users.info': {
        const id = String(args.user);
        const p = options.profiles?.[id];
        return reply(200, { ok: true, user: { id, name: id.toLowerCase(), real_name: p?.real_name ?? `Person ${id}`, tz: p?.tz ?? 'Europe/Berlin', profile: { email: p?.email, real_name: p?.real_name } } });
      }
      case 'chat.postMessage':
        ts++;
        return reply(200, { ok: true, channel: args.channel, ts: `${ts}.000100`, message: { text: args.text } });
      case 'chat.update':
        return reply(200, { ok: true, channel: args.channel, ts: args.ts });
      case 'views.publish':
        return reply(200, { ok: true, view: { id: 'V1' } });
      default:
        return reply(200, { ok: false, error: 'unknown_method' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const of = (method: string) => calls.filter((c) => c.method === method);
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responseUrl: () => `${url}/response/${++responses}`,
    of,
    async waitFor(method, predicate = () => true, opts = {}) {
      const count = opts.count ?? 1;
      const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
      for (;;) {
        const found = of(method).filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`fake Slack: waited for ${count} ${method} call(s), saw ${found.length}; all calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => { calls.length = 0; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
