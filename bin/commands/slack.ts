import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { LINK_CODE_TTL_MINUTES } from '../../bots/slack/link-code-ttl.js';

/** kith slack …: link a Slack account to this Kith user. */
export function registerSlack(program: Command, cli: CliContext): void {
  const slack = program.command('slack').description('The Slack bot (runs inside kith serve when SLACK_BOT_TOKEN is set)');
  slack
    .command('link-code')
    .description(`Make a one-time code (valid ${LINK_CODE_TTL_MINUTES} minutes) that links your Slack account to this Kith user: type /kith link <code> in Slack`)
    .option('--json', 'print {code, expires_at} as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { createLinkCode } = await import('../../bots/slack/link-codes.js');
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        const { code, expiresAt } = await createLinkCode(kith.database.db, user.id, { now: kith.runtime.now() });
        if (opts.json) {
          cli.printJson({ code, expires_at: expiresAt.toISOString(), user: user.email });
          return;
        }
        process.stderr.write(`In Slack, type this within ${LINK_CODE_TTL_MINUTES} minutes to use Kith as ${user.email}:\n`);
        process.stdout.write(`/kith link ${code}\n`);
      });
    });
}
