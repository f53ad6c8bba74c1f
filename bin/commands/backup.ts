import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';

const PG_DUMP_ADVICE =
  'With DATABASE_URL, Kith\'s data is in your PostgreSQL server: back it up with its own tools, e.g. ' +
  '`pg_dump --format=custom --file kith.dump "$DATABASE_URL"` and restore with `pg_restore --clean --if-exists --dbname "$DATABASE_URL" kith.dump` ' +
  '(see README, Backups).';

/** kith backup / kith restore: a snapshot of an embedded data directory, and putting one back. */
export function registerBackup(program: Command, cli: CliContext): void {
  program
    .command('backup')
    .description('Write a consistent snapshot of the embedded data directory to FILE (a .tar.gz), also while kith serve runs')
    .argument('<file>', 'where to write the backup')
    .action(async (file: string) => {
      if (cli.config().databaseUrl) throw new Error(PG_DUMP_ADVICE);
      await withSession(cli, async (session) => {
        const bytes = await session.backup();
        // Written whole, then renamed: a backup file is never half a backup.
        writeFileSync(`${file}.tmp`, bytes);
        renameSync(`${file}.tmp`, file);
        process.stderr.write(`Backed up ${cli.config().dataDir} to ${file} (${(bytes.length / 1024 / 1024).toFixed(1)} MB)${session.forwardedTo ? ` through the running Kith (pid ${session.forwardedTo})` : ''}.\n`);
      }, { embed: false });
    });

  program
    .command('restore')
    .description('Restore a backup from `kith backup` into the embedded data directory (refuses a non-empty one unless --force)')
    .argument('<file>', 'the backup file')
    .option('--force', 'replace a directory that holds data (it is moved aside, not deleted)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = cli.config();
      if (config.databaseUrl) throw new Error(PG_DUMP_ADVICE);
      const backup = new Blob([readFileSync(file)]);
      const { restoreDataDir } = await import('../../app/restore-data-dir.js');
      const result = await restoreDataDir(config.dataDir, backup, { force: opts.force });
      process.stderr.write(`Restored ${file} into ${result.dataDir}${result.previous ? `; the directory that was there is now ${result.previous}` : ''}.\n`);
    });
}
