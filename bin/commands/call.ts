import type { Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';
import { preferQuickStart } from '../quick-start.js';

export function registerCall(program: Command, cli: CliContext): void {
  program
    .command('call')
    .description('Run any tool of the catalog and print its JSON result (see `kith tools`)')
    .argument('<tool>', 'tool name, e.g. find_contacts')
    .option('--input <json>', 'the tool input as JSON', '{}')
    .action(async (toolName: string, opts: { input: string }) => {
      let input: unknown;
      try {
        input = JSON.parse(opts.input);
      } catch (e) {
        throw new InvalidInputError('--input', `--input is not valid JSON: ${(e as Error).message}`);
      }
      preferQuickStart();
      const close = { embed: true };
      await withSession(cli, async (session) => {
        if (!session.forwardedTo) {
          // A read-only tool leaves nothing to embed: closing skips the embedding pass.
          const { findTool } = await import('../../agent/tools/catalog.js'); // loaded with Kith already
          close.embed = findTool(toolName)?.annotations.readOnlyHint !== true;
        }
        cli.printJson(await session.call(toolName, input));
      }, close);
    });

  program
    .command('tools')
    .description('List the tools of the catalog')
    .action(async () => {
      const { catalog } = await import('../../agent/tools/catalog.js');
      for (const t of catalog) process.stdout.write(`${t.name.padEnd(22)} ${t.title}${t.annotations.destructiveHint ? ' (destructive)' : ''}\n`);
    });
}
