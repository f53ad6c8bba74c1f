import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { preferQuickStart } from '../quick-start.js';

export function registerUsers(program: Command, cli: CliContext): void {
  const user = program.command('user').description('Manage the people who use this Kith');
  user
    .command('add')
    .description('Add a user')
    .argument('<email>')
    .option('--name <name>', 'display name')
    .option('--tz <zone>', 'the user\'s IANA time zone')
    .action(async (email: string, opts: { name?: string; tz?: string }) => {
      preferQuickStart();
      const { addUser } = await import('../../accounts/users.js');
      await withKith(cli, async (kith) => {
        const created = await addUser(kith.database.db, email, { displayName: opts.name, timeZone: opts.tz });
        cli.printJson({ id: created.id, email: created.email });
      });
    });

  const token = program.command('token').description('Manage API tokens (for MCP over HTTP, the REST API and the web page)');
  token
    .command('create')
    .description('Create an API token for a user (--user EMAIL); it is shown once, only its hash is stored')
    // --user is the global option (it may stand before or after the command): the token's user.
    .option('--label <label>', 'what the token is for')
    .action(async (opts: { label?: string }) => {
      const email = program.opts<{ user?: string }>().user;
      if (!email) throw new Error('kith token create needs --user EMAIL: the user the token acts as');
      preferQuickStart();
      const [{ findUserByEmail }, { createToken }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/tokens.js')]);
      await withKith(cli, async (kith) => {
        const owner = await findUserByEmail(kith.database.db, email);
        if (!owner) throw new Error(`no user with the email ${email} (add one with: kith user add ${email})`);
        const { token: value } = await createToken(kith.database.db, owner.id, opts.label);
        process.stderr.write('Store this token now: it is not shown again.\n');
        process.stdout.write(value + '\n');
      });
    });
}
