import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { callConfirmed } from '../../agent/tools/shared/call-confirmed.js';

/** kith demo: a small realistic network to try Kith with; kith demo --remove takes it away again. */
export function registerDemo(program: Command, cli: CliContext): void {
  program
    .command('demo')
    .description('Load realistic demo data (six contacts, interactions, follow-ups, a pipeline; tagged kith-demo); --remove deletes it in one step')
    .option('--remove', 'remove the demo data')
    .action(async (opts: { remove?: boolean }) => {
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        // --remove is the person's own explicit yes: it answers the server's confirmation for them.
        cli.printJson(opts.remove
          ? await callConfirmed((input) => kith.call(user.id, 'delete_demo_data', input), {})
          : await kith.call(user.id, 'load_demo_data', {}));
      });
    });
}
