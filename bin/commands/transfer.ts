import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';

// The tools and the progress bar load when a command runs, not for every command.
const load = () => Promise.all([import('../../agent/tools/run-tool.js'), import('../../agent/tools/transfer.js'), import('../progress-bar.js')]);

function checkFormat(format: string): void {
  if (format !== 'json') throw new InvalidInputError('--format', `--format ${format} is not supported; use --format json.`);
}

export function registerTransfer(program: Command, cli: CliContext): void {
  program
    .command('import')
    .description('Import a JSON export; all or nothing')
    .argument('<file>', 'the JSON file (- for standard input)')
    .option('--format <format>', 'file format', 'json')
    .action(async (file: string, opts: { format: string }) => {
      checkFormat(opts.format);
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw new InvalidInputError('file', `${file} is not valid JSON: ${(e as Error).message}. Nothing was imported.`);
      }
      if (!data || typeof data !== 'object' || Array.isArray(data)) {
        throw new InvalidInputError('file', `${file} must hold a JSON object with contacts, interactions and opportunities arrays. Nothing was imported.`);
      }
      const [{ runTool }, { importData }, { createProgressBar }] = await load();
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        const bar = createProgressBar('Importing');
        try {
          const result = await runTool(kith.runtime, user.id, importData, { data }, { progress: (done, total) => bar.update(done, total) });
          bar.stop();
          cli.printJson(result);
        } catch (error) {
          bar.stop();
          throw Object.assign(error as Error, { message: `${(error as Error).message} Nothing was imported.` });
        }
      });
    });

  program
    .command('export')
    .description('Export everything of the user as JSON')
    .option('--format <format>', 'file format', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { format: string; out?: string }) => {
      checkFormat(opts.format);
      const [{ runTool }, { exportData }] = await load();
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        const data = await runTool(kith.runtime, user.id, exportData, {});
        const text = JSON.stringify(data, null, 2) + '\n';
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      });
    });
}
