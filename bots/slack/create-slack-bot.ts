import type { LanguageModelV3 } from '@ai-sdk/provider';
import { App, LogLevel, webApi, type AuthorizeResult, type Logger as BoltLogger } from '@slack/bolt';
import type { Kith } from '../../app/open-kith.js';
import type { Logger } from '../../agent/tools/shared/context.js';
import { apiBase, type SlackConfig } from './config.js';
import { FetchReceiver } from './receiver.js';
import { createSlackServices, yieldToIo, type SlackServices } from './services.js';
import { registerCommands } from './listeners/commands.js';
import { registerEvents } from './listeners/events.js';
import { registerActions } from './listeners/actions.js';
import { createDigestScheduler, type DigestScheduler } from './digest.js';
import { pruneDeliveries } from './dedup.js';

export interface SlackBotOptions {
  kith: Kith;
  config: SlackConfig;
  /** The agent's model; by default the one `selectModel` picks from Kith's configuration. */
  model?: LanguageModelV3;
  /** Agent turns at once (default 2 on PGlite, 4 on PostgreSQL). */
  maxConcurrentTurns?: number;
  /** Digest timing (tests shorten it). */
  digest?: { intervalMs?: number; concurrency?: number; sendEmpty?: boolean; retryAfterMs?: number };
}

export interface SlackBot {
  app: App;
  /** A Web API client with the bot token (the digest posts with it). */
  web: webApi.WebClient;
  mode: 'http' | 'socket';
  services: SlackServices;
  digest: DigestScheduler;
  /** HTTP mode: answers one request to /slack/events (Fetch API, for Hono or node:http). */
  handle(request: Request): Promise<Response>;
  /** Starts Socket Mode (when configured) and the daily digest. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: () => undefined,
    info: (...msg) => { if (level === LogLevel.INFO || level === LogLevel.DEBUG) log.info(`slack: ${text(msg)}`); },
    warn: (...msg) => log.warn(`slack: ${text(msg)}`),
    error: (...msg) => log.error(`slack: ${text(msg)}`),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The Slack bot: Bolt with Kith's listeners, over HTTP (FetchReceiver) or Socket Mode. */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { kith, config } = options;
  const socket = !!config.appToken;
  if (!socket && !config.signingSecret) throw new Error('Slack: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).');
  const logger = boltLogger(kith.log);
  const clientOptions = config.apiUrl ? { slackApiUrl: apiBase(config.apiUrl) } : undefined;
  const receiver = socket ? undefined : new FetchReceiver({ signingSecret: config.signingSecret!, log: kith.log });
  // auth.test once, cached (Bolt's own single-token path would call it before every event when token
  // verification is off, or crash on a bad token when it is on); retried after a failure.
  const web = new webApi.WebClient(config.botToken, { ...clientOptions, logger });
  let auth: Promise<AuthorizeResult> | undefined;
  const authorize = (): Promise<AuthorizeResult> => (auth ??= web.auth.test().then((r) => ({
    botToken: config.botToken, botId: r.bot_id, botUserId: r.user_id,
  })).catch((error: unknown) => {
    auth = undefined;
    throw error;
  }));
  const app = socket
    ? new App({ authorize, appToken: config.appToken, socketMode: true, logger, clientOptions })
    : new App({ authorize, receiver, logger, clientOptions });

  const services = createSlackServices(kith, { model: options.model, maxConcurrentTurns: options.maxConcurrentTurns });

  // Slack retries an event it thinks failed (X-Slack-Retry-Num), and several processes may share the
  // work: the first to claim the event_id in the database handles it. Bolt has acked events before
  // this runs; commands and buttons ack first and claim their trigger_id in the listener, so that no
  // database wait ever delays an ack.
  app.use(async ({ body, next, context }) => {
    const b = body as Record<string, unknown>;
    if (b.type === 'event_callback' && (await yieldToIo(), !(await services.firstDelivery(b)))) {
      kith.log.info('slack: dropped a repeated delivery', { event: b.event_id, retry: context.retryNum });
      return;
    }
    await next();
  });

  registerCommands(app, services);
  registerEvents(app, services);
  registerActions(app, services);
  app.error(async (error) => { kith.log.error('slack: unhandled error', { error: error.message }); });

  const digest = createDigestScheduler({
    runtime: kith.runtime,
    ...options.digest,
    send: async (target, message) => {
      const res = await web.chat.postMessage({ channel: target.slackUserId, text: message.text, blocks: message.blocks });
      return { ts: res.ts };
    },
  });

  let started = false;
  let pruner: NodeJS.Timeout | undefined;
  return {
    app,
    web,
    mode: socket ? 'socket' : 'http',
    services,
    digest,
    handle: (request) => {
      if (!receiver) return Promise.resolve(new Response('Slack runs in Socket Mode here.', { status: 404 }));
      return receiver.handle(request);
    },
    async start() {
      if (started) return;
      started = true;
      // Ask Slack who the bot is now, so that the first request's ack does not wait for it.
      await authorize().catch((error: unknown) => kith.log.error('slack: the bot token was refused (auth.test)', { error: (error as Error).message }));
      if (socket) await app.start();
      if (config.digest) await digest.start();
      // Delivery keys are only needed while Slack may retry; the digest run prunes them too.
      pruner = setInterval(() => { pruneDeliveries(kith.database.db, kith.runtime.now()).catch(() => undefined); }, 60 * 60_000);
      pruner.unref?.();
    },
    async stop() {
      if (pruner) clearInterval(pruner);
      await digest.stop();
      if (socket && started) await app.stop();
      started = false;
    },
  };
}
