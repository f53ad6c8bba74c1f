import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Kith } from '../../app/open-kith.js';
import { changeFeedOf, createWebApp, preloadWebApp } from './create-app.js';
import { isLoopbackAddress } from './auth.js';
import { slackBotOf } from '../../bots/slack/mount.js';
import { startReminders } from '../../app/reminders/start-reminders.js';
import { startCalendarSync } from '../../app/calendar-sync-scheduler.js';
import { startWebhooks } from '../../app/webhooks/start-webhooks.js';
import type { RateLimits } from '../../accounts/rate-limit.js';

export interface StartServerOptions {
  kith: Kith;
  port?: number;
  host?: string;
  model?: LanguageModelV3;
  clientDir?: string;
  /** Host header values accepted when bound to a non-loopback address (for /mcp). */
  allowedHosts?: string[];
  /** Run the reminder clock (app/reminders) and the CalDAV sync in this process (default true). */
  reminders?: boolean;
  /** Send webhook deliveries from this process (app/webhooks; default true). */
  webhooks?: boolean;
  /** Everyone signs in even on loopback (behind a reverse proxy on this machine); default kith.config.requireSignIn. */
  requireSignIn?: boolean;
  /** Request limits shared by REST, chat and MCP (default accounts/rate-limit DEFAULT_RULES). */
  rateLimits?: RateLimits;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  /** Whether requests without credentials act as the local owner (loopback only). */
  localOwner: boolean;
  server: ServerType;
  close(): Promise<void>;
}

/** Serves the web app; bound to loopback the local owner needs no sign-in (unless sign-in is required), elsewhere everyone does. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const localOwner = isLoopbackAddress(host) && !(options.requireSignIn ?? options.kith.config.requireSignIn);
  const app = createWebApp({ kith: options.kith, localOwner, model: options.model, clientDir: options.clientDir, allowedHosts: options.allowedHosts, rateLimits: options.rateLimits, publicUrl: process.env.KITH_PUBLIC_URL || undefined });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  // Idle connections stay open longer than a balancer's (60 s) and than a client that pauses on
  // its own work (an MCP client compiling a hundred tool schemas): Node's 5 s default closes a
  // socket just as the client reuses it ("other side closed").
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  // once listening, and off the path of any request: the chat's modules and model load now, not on the first chat
  setImmediate(() => { preloadWebApp(app).catch((error: Error) => options.kith.log.warn('web: preloading the chat failed; it loads on first use', { error: error.message })); });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${port}`;
  const reminders = options.reminders === false ? undefined : startReminders(options.kith, { publicUrl: url });
  const caldav = options.reminders === false ? undefined : startCalendarSync(options.kith.runtime, Number(process.env.KITH_CALDAV_INTERVAL_MS) > 0 ? Number(process.env.KITH_CALDAV_INTERVAL_MS) : undefined);
  const webhooks = options.webhooks === false ? undefined : startWebhooks(options.kith);
  return {
    url,
    port,
    host,
    localOwner,
    server,
    close: () => Promise.all([reminders?.stop(), caldav?.stop(), webhooks?.stop()]).then(() => slackBotOf(app)?.then((bot) => bot.stop()) ?? Promise.resolve()).then(() => changeFeedOf(app)?.close()).then(() => new Promise<void>((resolve) => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    })),
  };
}
