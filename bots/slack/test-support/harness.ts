import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { openKith, type Kith } from '../../../app/open-kith.js';
import { loadConfig } from '../../../app/config.js';
import { silentLogger, type Logger } from '../../../agent/tools/shared/context.js';
import type { Database } from '../../../db/connection.js';
import { createWebApp } from '../../../web/server/create-app.js';
import { slackBotOf } from '../mount.js';
import type { SlackBot } from '../create-slack-bot.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { blockActionsBody, eventBody, postSigned, slashCommandBody } from './signed-request.js';

export const BOT_TOKEN = 'xoxb-test-token';
export const SIGNING_SECRET = 'test-signing-secret';

export interface SlackHarness {
  kith: Kith;
  bot: SlackBot;
  fake: FakeSlack;
  /** http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  slash(userId: string, text: string, options?: { teamId?: string; channelId?: string; triggerId?: string; headers?: Record<string, string> }): Promise<{ status: number; text: string; ms: number; responseUrl: string }>;
  click(fields: Parameters<typeof blockActionsBody>[0]): Promise<{ status: number; text: string; ms: number }>;
  event(event: Record<string, unknown>, options: { eventId: string; teamId?: string; headers?: Record<string, string> }): Promise<{ status: number; text: string; ms: number }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  database: Database;
  env?: NodeJS.ProcessEnv;
  fake?: FakeSlack;
  model?: LanguageModelV3;
  log?: Logger;
  digest?: { intervalMs?: number; sendEmpty?: boolean };
}

/**
 * The Kith web app (createWebApp, with Slack mounted from SLACK_* variables) served by Node on
 * 127.0.0.1:0, its Slack client pointed at a fake Slack Web API.
 */
export async function startSlackHarness(options: HarnessOptions): Promise<SlackHarness> {
  const fake = options.fake ?? await startFakeSlack({ botToken: BOT_TOKEN });
  const env = { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-11-25T10:00:00Z', ...options.env } as NodeJS.ProcessEnv;
  const kith = await openKith(loadConfig({}, env), { database: options.database, log: options.log ?? silentLogger });
  const app = createWebApp({
    kith, localOwner: false, serveClient: false, mcp: false, model: options.model,
    slack: {
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_DIGEST: 'off' },
      autoStart: false,
      digest: options.digest,
    },
  });
  const bot = await slackBotOf(app);
  if (!bot) throw new Error('the Slack bot was not mounted');
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const signed = { signingSecret: SIGNING_SECRET };
  return {
    kith, bot, fake, eventsUrl,
    async slash(userId, text, o = {}) {
      const responseUrl = fake.responseUrl();
      const r = await postSigned(eventsUrl, slashCommandBody({ text, userId, responseUrl, teamId: o.teamId, channelId: o.channelId, triggerId: o.triggerId }), 'application/x-www-form-urlencoded', { ...signed, headers: o.headers });
      return { ...r, responseUrl };
    },
    click: (fields) => postSigned(eventsUrl, blockActionsBody(fields), 'application/x-www-form-urlencoded', signed),
    event: (event, o) => postSigned(eventsUrl, eventBody(event, o), 'application/json', { ...signed, headers: o.headers }),
    async close() {
      await bot.stop();
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      if (!options.fake) await fake.close();
    },
  };
}
