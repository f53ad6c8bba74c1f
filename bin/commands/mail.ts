import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { withKith, withSession, type CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';

/** kith mail sync / status, and kith log-email FILE.eml. */
export function registerMail(program: Command, cli: CliContext): void {
  const mail = program.command('mail').description('Your mailbox: sync it now, or see its settings and last sync');
  mail
    .command('sync')
    .description('Read what is new in the connected mailbox (Inbox and Sent) and log it; resumable (run it again after a crash)')
    .action(async () => {
      const [{ createProgressBar }, { syncMailbox }] = await Promise.all([import('../progress-bar.js'), import('../../agent/tools/mail/mail-sync.js')]);
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        const bar = createProgressBar('Syncing mail');
        try {
          const report = await syncMailbox(kith.runtime, user.id, { progress: (done, total) => bar.update(done, total) });
          bar.stop();
          cli.printJson(report);
        } catch (error) {
          bar.stop();
          throw error;
        }
      });
    });
  mail
    .command('status')
    .description('The mailbox settings (passwords only as set / not set), the last sync, pending unknown senders and suggestions')
    .action(async () => {
      await withSession(cli, async (session) => {
        const [account, senders, suggestions] = await Promise.all([
          session.call('get_mail_account', {}), session.call('list_unknown_senders', {}), session.call('list_suggestions', {}),
        ]);
        cli.printJson({ ...(account as object), unknown_senders: senders, suggestions });
      }, { embed: false });
    });

  program
    .command('log-email')
    .description('Log an e-mail from an .eml file (its thread with the contacts it was with)')
    .argument('<file>', 'an .eml file (RFC 5322), e.g. saved with "Show original" or "Save as"')
    .action(async (file: string) => {
      let raw: string;
      try {
        raw = readFileSync(file, 'utf8');
      } catch (error) {
        throw new InvalidInputError('file', `file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      await withSession(cli, async (session) => cli.printJson(await session.call('log_email', { raw })));
    });
}
