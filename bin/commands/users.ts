import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { addUser, findUserByEmail } from '../../accounts/users.js';
import { createToken } from '../../accounts/tokens.js';

export function registerUsers(program: Command, cli: CliContext): void {
  const user = program.command('user').description('Manage the people who use this Kith');
  user
    .command('add')
    .description('Add a user')
    .argument('<email>')
    .option('--name <name>', 'display name')
    .option('--tz <zone>', 'the user\'s IANA time zone')
    .action(async (email: string, opts: { name?: string; tz?: string }) => {
      await withKith(cli, async (kith) => {
        const created = await addUser(kith.database.db, email, { displayName: opts.name, timeZone: opts.tz });
        cli.printJson({ id: created.id, email: created.email });
      });
    });

  const token = program.command('token').description('Manage API tokens (for MCP over HTTP, the REST API and the web page)');
  token
    .command('create')
    .description('Create an API token for a user; it is shown once, only its hash is stored')
    .requiredOption('--user <email>', 'the user the token acts as')
    .option('--label <label>', 'what the token is for')
    .action(async (opts: { user: string; label?: string }) => {
      await withKith(cli, async (kith) => {
        const owner = await findUserByEmail(kith.database.db, opts.user);
        if (!owner) throw new Error(`no user with the email ${opts.user} (add one with: kith user add ${opts.user})`);
        const { token: value } = await createToken(kith.database.db, owner.id, opts.label);
        process.stderr.write('Store this token now: it is not shown again.\n');
        process.stdout.write(value + '\n');
      });
    });
}
