import { reportError } from '../../../agent/tools/shared/error-report.js';
import { isToolError } from '../../../agent/tools/shared/errors.js';
import type { App } from '@slack/bolt';
import type { SlackServices } from '../services.js';
import { errorMessage, welcomeNote } from '../services.js';
import { context, esc } from '../blocks/kit.js';

interface MessageLike {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
}

/** Mentions and direct messages reach the agent; the answer goes in the thread, which is the conversation. */
export function registerEvents(app: App, s: SlackServices): void {
  async function answer(event: MessageLike, teamId: string | undefined, text: string, client: Parameters<Parameters<App['event']>[1]>[0]['client']) {
    if (!event.user || !teamId) return;
    const threadTs = event.thread_ts ?? event.ts;
    try {
      const { user, created } = await s.identify(client, { teamId, slackUserId: event.user });
      const { message } = await s.converse(user, text, { thread: { teamId, channelId: event.channel, threadTs } });
      const blocks = created ? [context(esc(welcomeNote)), ...message.blocks] : message.blocks;
      await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: message.text, blocks });
    } catch (error) {
      const errorId = isToolError(error) ? undefined : reportError(s.kith.log, 'slack: answering a message failed', error);
      await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, ...errorMessage(error, errorId) }).catch(() => undefined);
    }
  }

  app.event('app_mention', async ({ event, body, client, context: ctx }) => {
    const e = event as unknown as MessageLike;
    if (e.bot_id) return;
    const text = (e.text ?? '').replace(ctx.botUserId ? new RegExp(`<@${ctx.botUserId}>`, 'g') : /^\s*<@[A-Z0-9]+>/, '').replace(/<@[A-Z0-9]+>/g, '').trim();
    if (!text) {
      await client.chat.postMessage({ channel: e.channel, thread_ts: e.thread_ts ?? e.ts, text: 'Yes? Tell me what happened, e.g. "log coffee with Priya, follow up Friday". `/kith help` shows more.' });
      return;
    }
    await answer(e, (body as { team_id?: string }).team_id ?? e.team, text, client);
  });

  app.event('message', async ({ event, body, client }) => {
    const e = event as unknown as MessageLike;
    if (e.channel_type !== 'im' || e.bot_id || (e.subtype && e.subtype !== 'file_share') || !e.text?.trim()) return;
    await answer(e, (body as { team_id?: string }).team_id ?? e.team, e.text.trim(), client);
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    if (!teamId) return;
    try {
      const { user, created } = await s.identify(client, { teamId, slackUserId: event.user });
      await s.publishHome(client, event.user, user, created ? welcomeNote : undefined);
    } catch (error) {
      reportError(s.kith.log, 'slack: App Home failed', error);
    }
  });
}
