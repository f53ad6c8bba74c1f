import type { Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';
import { callConfirmed } from '../../agent/tools/shared/call-confirmed.js';

const EVENTS = 'contact.added, interaction.logged, opportunity.stage_changed, follow_up.due';
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** kith webhooks add|list|remove|deliveries|test: the webhook tools from the command line. */
export function registerWebhooks(program: Command, cli: CliContext): void {
  const webhooks = program.command('webhooks').description('Outgoing webhooks: Kith POSTs signed JSON to your URL on events (sent while kith serve runs)');
  webhooks
    .command('add')
    .description('Add a webhook; prints its signing secret, shown this once only')
    .argument('<url>', 'where to POST (http:// or https://)')
    .requiredOption('--events <list>', `comma-separated: ${EVENTS}`)
    .option('--description <text>', 'what it is for')
    .action(async (url: string, opts: { events: string; description?: string }) => {
      await withSession(cli, async (session) => {
        const out = await session.call('create_webhook', { url, events: list(opts.events), ...(opts.description ? { description: opts.description } : {}) }) as { secret: string };
        process.stderr.write(`Keep the signing secret now; it is never shown again:\n  ${out.secret}\n`);
        cli.printJson(out);
      }, { embed: false });
    });
  webhooks
    .command('list')
    .description('Your webhooks and their delivery counts (never the secrets)')
    .action(async () => {
      await withSession(cli, async (session) => cli.printJson(await session.call('list_webhooks', {})), { embed: false });
    });
  webhooks
    .command('remove')
    .description('Delete a webhook and its delivery log (asks first; --yes confirms)')
    .argument('<webhook>', 'its id (kith webhooks list) or its URL')
    .option('--yes', 'delete without asking again')
    .action(async (webhook: string, opts: { yes?: boolean }) => {
      await withSession(cli, async (session) => {
        const call = (input: Record<string, unknown>) => session.call('delete_webhook', input);
        // --yes is the person's own explicit yes: it answers the server's confirmation for them.
        const out = opts.yes ? await callConfirmed(call, { webhook }) : await call({ webhook });
        if (!opts.yes) process.stderr.write('Nothing was deleted yet: run again with --yes to delete it.\n');
        cli.printJson(out);
      }, { embed: false });
    });
  webhooks
    .command('deliveries')
    .description('The delivery log, newest first')
    .option('--webhook <webhook>', 'only this webhook (id or URL)')
    .option('--status <status>', 'pending, sending, delivered or failed')
    .option('--limit <n>', 'how many (default 50)')
    .option('--payload', 'include the data sent')
    .action(async (opts: { webhook?: string; status?: string; limit?: string; payload?: boolean }) => {
      const input = {
        ...(opts.webhook ? { webhook: opts.webhook } : {}), ...(opts.status ? { status: opts.status } : {}),
        ...(opts.limit ? { limit: Number(opts.limit) } : {}), ...(opts.payload ? { include_payload: true } : {}),
      };
      await withSession(cli, async (session) => cli.printJson(await session.call('list_webhook_deliveries', input)), { embed: false });
    });
  webhooks
    .command('test')
    .description('Send a signed ping to a webhook now and print how it answered')
    .argument('<webhook>', 'its id or its URL')
    .action(async (webhook: string) => {
      await withSession(cli, async (session) => cli.printJson(await session.call('test_webhook', { webhook })), { embed: false });
    });
}
