import type { Command } from 'commander';
import { withKith, withSession, type CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../agent/tools/shared/errors.js';

interface ConnectOptions { url?: string; username?: string; password?: string; calendar?: string }

/** kith calendar connect / sync / status: the CalDAV connection, like kith mail. */
export function registerCalendar(program: Command, cli: CliContext): void {
  const calendar = program.command('calendar').description('Your calendar over CalDAV: connect it, sync it now, or see the connection and last sync');
  calendar
    .command('connect')
    .description('Connect (or change) the CalDAV calendar: meetings with contacts are logged, follow-ups, interviews and next actions written to it')
    .option('--url <url>', 'the CalDAV server, e.g. https://caldav.fastmail.com')
    .option('--username <name>', 'the CalDAV user name')
    .option('--password <password>', 'an app password (or env KITH_CALDAV_PASSWORD, which keeps it out of the process list)')
    .option('--calendar <name>', 'the calendar to write to: its display name or URL (the first one when unset)')
    .action(async (options: ConnectOptions) => {
      const password = options.password ?? process.env.KITH_CALDAV_PASSWORD;
      if (!options.url && !options.username && !password && !options.calendar) {
        throw new InvalidInputError('url', 'url: say what to connect (--url, --username, --password or KITH_CALDAV_PASSWORD, --calendar).');
      }
      await withSession(cli, async (session) => cli.printJson(await session.call('connect_calendar', {
        ...(options.url && { server_url: options.url }),
        ...(options.username && { username: options.username }),
        ...(password && { password }),
        ...(options.calendar && { write_calendar: options.calendar }),
      })), { embed: false });
    });
  calendar
    .command('sync')
    .description('Read what changed in the calendar and write follow-ups, interviews and next actions to it, with a progress bar')
    .action(async () => {
      const [{ createProgressBar }, { syncCalendarOnce }] = await Promise.all([import('../progress-bar.js'), import('../../app/calendar-sync-scheduler.js')]);
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        const bar = createProgressBar('Syncing the calendar');
        try {
          const report = await syncCalendarOnce(kith.runtime, user.id, { progress: (done, total) => bar.update(done, Math.max(total, done, 1)) });
          bar.stop();
          // another kith process is syncing this calendar right now
          cli.printJson(report ?? { skipped: 'another Kith process is syncing this calendar now; try again in a minute' });
        } catch (error) {
          bar.stop();
          throw error;
        }
      });
    });
  calendar
    .command('status')
    .description('The calendar connection (the password only as set / not set) and the last sync')
    .action(async () => {
      await withSession(cli, async (session) => cli.printJson(await session.call('get_calendar_account', {})), { embed: false });
    });
}
