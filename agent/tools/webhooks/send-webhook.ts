import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isPrivateAddress, literalAddress } from './webhook-target.js';

/** How one attempt went. `retryable`: a network error, a timeout, 408, 429 or 5xx (anything else will not get better by waiting). */
export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** What the receiver's Retry-After asked for, in milliseconds from now. */
  retryAfterMs: number | null;
  retryable: boolean;
  /** Null when delivered; otherwise what went wrong, without the URL (it may hold a token). */
  error: string | null;
  ms: number;
}

export interface WebhookSender {
  send(url: string, body: string, headers: Record<string, string>): Promise<SendResult>;
  close(): void;
}

export interface WebhookSenderOptions {
  /** The longest one attempt may take, connection to last byte (default 10 s): a slow receiver fails, it does not hold the worker. */
  timeoutMs?: number;
  /** Send to loopback and private addresses too (KITH_WEBHOOKS_ALLOW_PRIVATE; tests). */
  allowPrivate: boolean;
  /** The clock a Retry-After date is read against. */
  now?: () => Date;
  /** Keep connections open between sends (the worker); a one-off ping does not. */
  keepAlive?: boolean;
}

const SNIPPET = 300;

/** Retry-After as seconds or an HTTP date, in ms from now; at most a day. */
export function retryAfterMs(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 86_400_000) : null;
}

/** POSTs deliveries with node:http(s), through a lookup that refuses private addresses, each bounded by the timeout. */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clock = options.now ?? (() => new Date());
  const lookup = guardedLookup(options.allowPrivate);
  const agents = options.keepAlive
    // idle sockets close after 4 s, before a receiver's usual 5 s keep-alive ends them under a request
    ? { http: new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 4_000 }) }
    : undefined;

  const failed = (error: string, retryable: boolean, started: number, statusCode: number | null = null, retryAfter: number | null = null): SendResult =>
    ({ ok: false, statusCode, retryAfterMs: retryAfter, retryable, error, ms: Date.now() - started });

  async function send(target: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = Date.now();
    let url: URL;
    try { url = new URL(target); } catch { return failed('the URL is not valid', false, started); }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed('the URL is not http(s)', false, started);
    const literal = literalAddress(url);
    if (literal && !options.allowPrivate && isPrivateAddress(literal)) return failed(`${literal} is a loopback or private address: refused`, false, started);
    const secure = url.protocol === 'https:';
    const post = () => new Promise<{ status: number; retryAfter: string | undefined; snippet: string }>((resolve, reject) => {
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: agents ? (secure ? agents.https : agents.http) : false,
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        // The answer counts once its status is in: a body that never ends is cut at the timeout.
        const finish = () => {
          if (done) return;
          done = true;
          const retryAfter = response.headers['retry-after'];
          resolve({ status: response.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, snippet: Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET) });
        };
        response.on('data', (chunk: Buffer) => { if (size < SNIPPET) { chunks.push(chunk); size += chunk.length; } });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      });
      request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.end(body);
    });
    try {
      let answer;
      try {
        answer = await post();
      } catch (error) {
        // A kept-alive socket the receiver closed just as it was reused: once more, on a new one (as Node's docs advise).
        const e = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
        if (!e.reusedSocket || (e.code !== 'ECONNRESET' && e.code !== 'EPIPE')) throw error;
        answer = await post();
      }
      const { status } = answer;
      if (status >= 200 && status < 300) return { ok: true, statusCode: status, retryAfterMs: null, retryable: false, error: null, ms: Date.now() - started };
      const retryable = status === 408 || status === 429 || status >= 500;
      const said = answer.snippet.replace(/\s+/g, ' ').trim();
      return failed(`HTTP ${status}${said ? `: ${said}` : ''}`, retryable, started, status, retryAfterMs(answer.retryAfter, clock()));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.name === 'AbortError' || e.name === 'TimeoutError') return failed(`no answer within ${timeoutMs / 1000} s`, true, started);
      if (e.code === 'EPRIVATETARGET') return failed(e.message, false, started);
      return failed(`${e.code ?? 'network error'}: ${e.message}`.slice(0, SNIPPET), true, started);
    }
  }

  return {
    send,
    close() {
      agents?.http.destroy();
      agents?.https.destroy();
    },
  };
}
