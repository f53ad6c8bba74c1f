import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { preferQuickStart } from '../quick-start.js';
import type { TokenScope } from '../../accounts/tokens.js';

/** --expires: "30d" from now, or an ISO 8601 date-time. */
function expiryOf(value: string | undefined, now: Date): Date | null {
  if (!value) return null;
  const days = /^(\d+)d$/.exec(value.trim());
  const at = days ? new Date(now.getTime() + Number(days[1]) * 86_400_000) : new Date(value);
  if (Number.isNaN(at.getTime())) throw new Error(`--expires: "${value}" is neither a number of days (30d) nor an ISO 8601 date-time`);
  return at;
}

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

  user
    .command('delete')
    .description('Delete a user\'s account and every row of theirs (contacts, chats, tokens, Slack links, vectors); asks for --yes')
    .argument('<email>')
    .option('--yes', 'confirm: delete now (without it, only say what would be deleted)')
    .action(async (email: string, opts: { yes?: boolean }) => {
      preferQuickStart();
      const [{ findUserByEmail }, { accountFootprint, deleteAccount }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/delete-account.js')]);
      await withKith(cli, async (kith) => {
        const found = await findUserByEmail(kith.database.db, email);
        if (!found) throw new Error(`no user with the email ${email}`);
        if (!opts.yes) {
          const rows = Object.entries(await accountFootprint(kith.database.db, found.id)).filter(([, n]) => n > 0);
          process.stderr.write(`Deleting ${found.email} would delete: ${rows.map(([t, n]) => `${n} ${t}`).join(', ') || 'no rows but the user'}.\n` +
            `Export first if you want to keep anything (kith --user ${found.email} export --out backup.json).\n`);
          throw new Error(`Nothing was deleted: run again with --yes to delete ${found.email} and all of their data.`);
        }
        cli.printJson(await deleteAccount(kith.database.db, found.id));
      });
    });

  const token = program.command('token').description('Manage API tokens (for MCP over HTTP, the REST API and the web page)');
  token
    .command('create')
    .description('Create an API token for a user (--user EMAIL); it is shown once, only its hash is stored')
    // --user is the global option (it may stand before or after the command): the token's user.
    .option('--label <label>', 'what the token is for')
    .option('--scope <scope>', 'read (read-only tools), write (every tool) or admin (also manages tokens)', 'admin')
    .option('--expires <when>', 'an ISO 8601 date-time, or a number of days (30d)')
    .action(async (opts: { label?: string; scope: string; expires?: string }) => {
      const email = program.opts<{ user?: string }>().user;
      if (!email) throw new Error('kith token create needs --user EMAIL: the user the token acts as');
      preferQuickStart();
      const [{ findUserByEmail }, { createToken }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/tokens.js')]);
      await withKith(cli, async (kith) => {
        const owner = await findUserByEmail(kith.database.db, email);
        if (!owner) throw new Error(`no user with the email ${email} (add one with: kith user add ${email})`);
        const { token: value } = await createToken(kith.database.db, owner.id, opts.label, { scope: opts.scope as TokenScope, expiresAt: expiryOf(opts.expires, new Date()) });
        process.stderr.write('Store this token now: it is not shown again.\n');
        process.stdout.write(value + '\n');
      });
    });

  token
    .command('list')
    .description('List a user\'s API tokens (--user EMAIL): label, scope, expiry, last use; never the values')
    .action(async () => {
      preferQuickStart();
      const [{ resolveUser }, { listTokens }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/tokens.js')]);
      await withKith(cli, async (kith) => {
        const owner = await resolveUser(kith.database.db, program.opts<{ user?: string }>().user);
        cli.printJson({ email: owner.email, tokens: await listTokens(kith.database.db, owner.id) });
      });
    });
  token
    .command('revoke')
    .description('Revoke one of a user\'s API tokens (--user EMAIL) by its id (from kith token list)')
    .argument('<id>')
    .action(async (id: string) => {
      preferQuickStart();
      const [{ resolveUser }, { revokeToken }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/tokens.js')]);
      await withKith(cli, async (kith) => {
        const owner = await resolveUser(kith.database.db, program.opts<{ user?: string }>().user);
        if (!await revokeToken(kith.database.db, owner.id, id)) throw new Error(`${owner.email} has no token with the id ${id}`);
        cli.printJson({ revoked: id });
      });
    });
}
