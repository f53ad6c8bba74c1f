import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Kith } from '../../app/open-kith.js';
import { readSlackConfig, type SlackConfig } from './config.js';
import type { SlackBot, SlackBotOptions } from './create-slack-bot.js';

export const SLACK_EVENTS_PATH = '/slack/events';
export const SLACK_MAX_BODY = 1024 * 1024;

const mounted = new WeakMap<object, Promise<SlackBot>>();

/** The bot mounted on a web app, so the server can stop it on shutdown. */
export const slackBotOf = (app: object): Promise<SlackBot> | undefined => mounted.get(app);

export interface MountSlackDeps {
  kith: Kith;
  /** Where SLACK_* come from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Instead of env. */
  config?: SlackConfig;
  model?: LanguageModelV3;
  digest?: SlackBotOptions['digest'];
  /** Start the digest (and Socket Mode) now; default true. */
  autoStart?: boolean;
}

/**
 * The one line `kith serve` needs: when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or
 * SLACK_APP_TOKEN) are set, serves POST /slack/events on the web app, starts the digest (and
 * Socket Mode), and returns the bot (loading Bolt only then: a server without Slack does not pay
 * for it) so the server can stop() it on shutdown; null when Slack is not configured.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mountSlack(app: Hono<any, any, any>, deps: MountSlackDeps): Promise<SlackBot> | null {
  const config = deps.config ?? readSlackConfig(deps.env ?? process.env);
  if (!config) return null;
  const bot = import('./create-slack-bot.js').then(({ createSlackBot }) => createSlackBot({ kith: deps.kith, config, model: deps.model, digest: deps.digest }));
  // Socket Mode wins when both are set (as in createSlackBot).
  // The body is capped while it is read, before the signature is checked: an unsigned 400 MB post
  // costs at most 1 MB of memory. Slack's own payloads are a few kilobytes.
  if (!config.appToken) {
    app.post(SLACK_EVENTS_PATH, bodyLimit({ maxSize: SLACK_MAX_BODY, onError: (c) => c.text('Payload too large.', 413) }), async (c) => (await bot).handle(c.req.raw));
  }
  mounted.set(app, bot);
  bot.catch((error: unknown) => deps.kith.log.error('slack: could not load the bot', { error: (error as Error).message }));
  if (deps.autoStart !== false) {
    bot.then(async (b) => {
      await b.start();
      deps.kith.log.info(`slack: ${b.mode === 'http' ? `listening at POST ${SLACK_EVENTS_PATH}` : 'connected over Socket Mode'}`);
    }).catch((error: unknown) => deps.kith.log.error('slack: could not start', { error: (error as Error).message }));
  }
  return bot;
}
