import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../agent/tools/shared/context.js';
import { checkSlackSignature } from './signature.js';

export interface FetchReceiverOptions {
  signingSecret: string;
  log: Logger;
  /** How long to wait for a listener's ack before answering 200 anyway (Slack gives up at 3 s). */
  ackTimeoutMs?: number;
  now?: () => number;
}

/**
 * A Bolt receiver for any server that speaks the Fetch API (Hono, node:http through
 * @hono/node-server): verifies the signature on the raw body, answers url_verification, hands the
 * payload to Bolt and answers as soon as the listener acks; the listener's work goes on after.
 */
export class FetchReceiver implements Receiver {
  private app?: App;
  constructor(private readonly options: FetchReceiverOptions) {}

  init(app: App): void { this.app = app; }
  async start(): Promise<void> { /* served by the host server */ }
  async stop(): Promise<void> { /* served by the host server */ }

  async handle(request: Request): Promise<Response> {
    const raw = await request.text();
    const problem = checkSlackSignature(this.options.signingSecret, {
      timestamp: request.headers.get('x-slack-request-timestamp'),
      signature: request.headers.get('x-slack-signature'),
    }, raw, (this.options.now ?? Date.now)());
    if (problem) {
      this.options.log.warn('slack: refused a request', { problem });
      const words = { missing: 'the Slack signature is missing', stale: 'the request is more than 5 minutes old', mismatch: 'the Slack signature does not match' }[problem];
      return new Response(`Unauthorized: ${words}.`, { status: 401, headers: { 'content-type': 'text/plain' } });
    }

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, request.headers.get('content-type') ?? '');
    } catch {
      return new Response('Bad request: the body is not JSON or form data.', { status: 400 });
    }
    if (body.ssl_check) return new Response('', { status: 200 });
    if (body.type === 'url_verification') return Response.json({ challenge: body.challenge });
    if (!this.app) return new Response('The Slack bot is not ready.', { status: 503 });

    const retryNum = request.headers.get('x-slack-retry-num');
    let settle!: (response: Response) => void;
    const answered = new Promise<Response>((resolve) => { settle = resolve; });
    let acked = false;
    const event: ReceiverEvent = {
      body,
      retryNum: retryNum ? Number(retryNum) : undefined,
      retryReason: request.headers.get('x-slack-retry-reason') ?? undefined,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        settle(ackResponse(response));
      },
    };
    const timer = setTimeout(() => settle(new Response('', { status: 200 })), this.options.ackTimeoutMs ?? 2_500);
    this.app.processEvent(event)
      .catch((error: unknown) => this.options.log.error('slack: a listener failed', { error: (error as Error).message }))
      .finally(() => settle(new Response('', { status: 200 })));
    try {
      return await answered;
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params = new URLSearchParams(raw);
  const payload = params.get('payload');
  if (payload) return JSON.parse(payload) as Record<string, unknown>;
  return Object.fromEntries(params.entries());
}

function ackResponse(response: unknown): Response {
  if (response === undefined || response === null || response === '') return new Response('', { status: 200 });
  if (typeof response === 'string') return new Response(response, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return Response.json(response);
}
