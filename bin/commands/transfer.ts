import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../agent/tools/imports/drafts.js';
import { describePlan } from '../import-report.js';
import { EXPORT_FORMATS } from '../../agent/tools/exports/export-formats.js';

// The progress bar and the file decoder load when a command runs, not for every command.
const load = () => Promise.all([import('../progress-bar.js'), import('../../agent/tools/imports/source-text.js')]);

function importFormat(format: string | undefined): ImportFormat | undefined {
  if (format === undefined) return undefined;
  if (format === 'json') return 'kith-json';
  if ((IMPORT_FORMATS as readonly string[]).includes(format)) return format as ImportFormat;
  throw new InvalidInputError('--format', `--format ${format} is not a format; use one of ${IMPORT_FORMATS.join(', ')} (json is kith-json).`);
}

/** --mapping as inline JSON, a JSON file, or Column=field pairs separated by commas. */
function readMapping(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().startsWith('{') ? value : existsSync(value) ? readFileSync(value, 'utf8') : null;
  if (text !== null) {
    try {
      return JSON.parse(text) as Record<string, string>;
    } catch (e) {
      throw new InvalidInputError('--mapping', `--mapping is not valid JSON: ${(e as Error).message}`);
    }
  }
  return Object.fromEntries(value.split(',').map((pair) => {
    const eq = pair.lastIndexOf('=');
    if (eq === -1) throw new InvalidInputError('--mapping', `--mapping "${pair}": write Column=field (field "" leaves the column out).`);
    return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
  }));
}

const nothingImported = (message: string) => (/Nothing was imported|nothing was imported/.test(message) ? message : `${message} Nothing was imported.`);

export function registerTransfer(program: Command, cli: CliContext): void {
  program
    .command('import')
    .description('Import a file (LinkedIn, Google, Outlook, vCard, any CSV, Huntr, Teal, applications, Kith JSON); all or nothing')
    .argument('<file>', 'the file (- for standard input); its format is detected from its content')
    .option('--format <format>', `force a format: ${IMPORT_FORMATS.join(', ')} (json = kith-json)`)
    .option('--dry-run', 'only say what would be added, updated, merged or skipped, and why; write nothing')
    .option('--merge', 'merge records that match a contact (same e-mail, LinkedIn URL, phone, or name and company) instead of skipping them')
    .option('--agree <records>', 'merge only these matches, e.g. "line 12,line 40" (from a dry run)')
    .option('--mapping <mapping>', 'for a CSV of no known layout: JSON, a JSON file, or Column=field,... (saved for next time)')
    .action(async (file: string, opts: { format?: string; dryRun?: boolean; merge?: boolean; agree?: string; mapping?: string }) => {
      const format = importFormat(opts.format);
      const mapping = readMapping(opts.mapping);
      const [{ createProgressBar }, { decodeFile }] = await load();
      const name = file === '-' ? 'standard input' : basename(file);
      const content = decodeFile(readFileSync(file === '-' ? 0 : file), name);
      // Through the process holding the data when one serves it (kith serve, kith mcp).
      await withSession(cli, async (session) => {
        const bar = createProgressBar('Importing');
        // Ctrl-C cancels: the import's transaction is rolled back, so nothing of it stays.
        const controller = new AbortController();
        const cancel = () => controller.abort();
        process.once('SIGINT', cancel);
        try {
          const result = await session.call('import_file', {
            content, filename: name, format, dry_run: !!opts.dryRun, on_match: opts.merge ? 'merge' : 'skip',
            agree: opts.agree?.split(',').map((s) => s.trim()).filter(Boolean), mapping,
          }, { progress: (done, total) => bar.update(done, total), signal: controller.signal }) as Parameters<typeof describePlan>[0];
          bar.stop();
          process.stderr.write(describePlan(result));
          cli.printJson(result);
        } catch (error) {
          bar.stop();
          throw Object.assign(error as Error, { message: nothingImported((error as Error).message) });
        } finally {
          process.off('SIGINT', cancel);
        }
      });
    });

  program
    .command('export')
    .description('Export everything of the user: json, csv (a file per table), google-csv, vcard (4.0), icalendar (follow-up dates) or archive (everything: a zip)')
    .option('--format <format>', `file format: ${EXPORT_FORMATS.join(', ')}, archive`, 'json')
    .option('--out <path>', 'write to this file (a directory for csv) instead of standard output')
    .action(async (opts: { format: string; out?: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format) && opts.format !== 'archive') {
        throw new InvalidInputError('--format', `--format ${opts.format} is not supported; use one of ${EXPORT_FORMATS.join(', ')}, archive.`);
      }
      // Through the process holding the data when one serves it (kith serve, kith mcp).
      await withSession(cli, async (session) => {
        if (opts.format === 'archive') {
          // Everything as one zip (tables, chats, résumés and their files): binary, so never to a terminal.
          const out = await session.call('export_archive', {}) as { name: string; content_base64: string; files: unknown[] };
          const bytes = Buffer.from(out.content_base64, 'base64');
          if (!opts.out && process.stdout.isTTY) throw new InvalidInputError('--out', `The archive is a zip file: give --out ${out.name} (or redirect standard output).`);
          if (opts.out) writeFileSync(opts.out, bytes);
          else process.stdout.write(bytes);
          process.stderr.write(`Wrote ${opts.out ?? 'standard output'}: ${out.files.length} files, ${bytes.length} bytes.\n`);
          return;
        }
        if (opts.format === 'json') {
          const data = await session.call('export_data', {});
          const text = JSON.stringify(data, null, 2) + '\n';
          if (opts.out) writeFileSync(opts.out, text);
          else process.stdout.write(text);
          return;
        }
        const { files } = await session.call('export_file', { format: opts.format }) as { files: Array<{ name: string; content: string }> };
        if (files.length > 1) {
          // One file per table: into a directory (the current one by default), never mixed on stdout.
          const dir = opts.out ?? '.';
          mkdirSync(dir, { recursive: true });
          for (const f of files) writeFileSync(join(dir, f.name), f.content);
          process.stderr.write(`Wrote ${files.map((f) => join(dir, f.name)).join(', ')}\n`);
        } else if (opts.out) writeFileSync(opts.out, files[0].content);
        else process.stdout.write(files[0].content);
      });
    });
}
