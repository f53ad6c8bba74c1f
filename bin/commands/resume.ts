import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { withSession, type CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';

/** kith resume add FILE / list / delete: the résumé tools from the command line. */
export function registerResume(program: Command, cli: CliContext): void {
  const resume = program.command('resume').description('Your résumé versions (the match scores read the latest, or the one an opportunity names)');
  resume
    .command('add')
    .description('Add a résumé from a PDF, a DOCX or a text file (its text is extracted)')
    .argument('<file>', 'a .pdf, .docx, .txt or .md file')
    .option('--name <name>', 'what to call this version (default: the file name)')
    .action(async (file: string, options: { name?: string }) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new InvalidInputError('file', `file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const isDocument = bytes.subarray(0, 5).toString('latin1') === '%PDF-' || bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004';
      const name = options.name ?? basename(file).replace(/\.(pdf|docx|txt|md)$/i, '');
      const input = isDocument
        ? { content_base64: bytes.toString('base64'), file_name: basename(file), name }
        : { text: bytes.toString('utf8'), file_name: basename(file), name };
      await withSession(cli, async (session) => cli.printJson(await session.call('add_resume', input)));
    });
  resume
    .command('list')
    .description('The résumé versions, newest first')
    .action(async () => {
      await withSession(cli, async (session) => cli.printJson(await session.call('list_resumes', {})), { embed: false });
    });
}
