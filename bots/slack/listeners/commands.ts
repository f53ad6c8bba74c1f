import { reportError } from '../../../agent/tools/shared/error-report.js';
import { isToolError } from '../../../agent/tools/shared/errors.js';
import type { App } from '@slack/bolt';
import type { SlackServices } from '../services.js';
import { errorMessage, yieldToIo, welcomeNote } from '../services.js';
import { HELP_TEXT, helpBlocks } from '../blocks/help.js';
import { context, esc, section } from '../blocks/kit.js';
import { redeemLinkCode } from '../link-codes.js';
import { linkIdentity } from '../identities.js';
import { SLASH_IDLE_MS } from '../threads.js';
import { findUserById } from '../../../accounts/users.js';

/** `/kith <sentence>`: ack at once, then the agent's answer as cards through response_url. */
export function registerCommands(app: App, s: SlackServices): void {
  app.command('/kith', async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    if (!text || /^(help|\?)$/i.test(text)) {
      await ack({ response_type: 'ephemeral', text: HELP_TEXT, blocks: helpBlocks() });
      return;
    }
    await ack({ response_type: 'ephemeral', text: `⏳ ${text}` });
    const who = { teamId: command.team_id, slackUserId: command.user_id };
    try {
      await yieldToIo();
      if (!(await s.firstDelivery(command as unknown as Record<string, unknown>))) return;
      const link = /^link\s+(\S+)\s*$/i.exec(text);
      if (link) {
        const userId = await redeemLinkCode(s.kith.database.db, link[1], s.kith.runtime.now());
        if (!userId) {
          await respond({ response_type: 'ephemeral', text: 'That link code is not valid: it may be mistyped, used already, or older than 15 minutes. Make a new one with `kith slack link-code`.' });
          return;
        }
        await linkIdentity(s.kith.database.db, who, userId, s.kith.runtime.now());
        const user = await findUserById(s.kith.database.db, userId);
        await respond({ response_type: 'ephemeral', text: `🔗 Linked: in Slack you now use the Kith account ${user?.email ?? userId}.` });
        return;
      }
      const { user, created } = await s.identify(client, who);
      const digest = /^digest\s+(\d{1,2})(?::00)?\s*$/i.exec(text);
      if (digest) {
        const hour = Number(digest[1]);
        if (hour > 23) {
          await respond({ response_type: 'ephemeral', text: 'Give an hour from 0 to 23, e.g. `/kith digest 8`.' });
          return;
        }
        await s.setDigestHour(user, hour);
        await respond({ response_type: 'ephemeral', text: `🕗 Your daily digest will arrive at ${hour}:00 (${s.runtimeFor(user).tz}).` });
        return;
      }
      const { message } = await s.converse(user, text, { thread: { teamId: command.team_id, channelId: command.channel_id, threadTs: 'slash' }, idleMs: SLASH_IDLE_MS });
      const blocks = created ? [context(esc(welcomeNote)), ...message.blocks] : message.blocks;
      await respond({ response_type: 'ephemeral', text: message.text, blocks: blocks.length > 0 ? blocks : [section(esc(message.text))] });
    } catch (error) {
      const errorId = isToolError(error) ? undefined : reportError(s.kith.log, 'slack: /kith failed', error);
      await respond({ response_type: 'ephemeral', ...errorMessage(error, errorId) }).catch(() => undefined);
    }
  });
}
