import type { Command } from 'commander';
import { withKith, withSession, type CliContext } from '../cli-context.js';
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

/**
 * An admin tool run as the CLI's user (--user, or the local owner, who is the instance's owner):
 * the same rule as on the web page and MCP, through the process holding the data when one does.
 */
function adminCall(cli: CliContext, tool: string, input: Record<string, unknown>): Promise<void> {
  preferQuickStart();
  return withSession(cli, async (session) => { cli.printJson(await session.call(tool, input)); });
}

export function registerUsers(program: Command, cli: CliContext): void {
  const user = program.command('user').alias('users').description('Manage the people who use this Kith (roles, plans, disabling): the owner and admins');
  user
    .command('add')
    .description('Add a user (a member unless --role admin, which only the owner gives), optionally on a plan')
    .argument('<email>')
    .option('--name <name>', 'display name')
    .option('--tz <zone>', 'the user\'s IANA time zone')
    .option('--role <role>', 'member (default) or admin')
    .option('--plan <plan>', 'free, personal, professional, enterprise, or none')
    .action(async (email: string, opts: { name?: string; tz?: string; role?: string; plan?: string }) => {
      preferQuickStart();
      const [{ sql }, { isValidZone }] = await Promise.all([import('drizzle-orm'), import('../../agent/tools/shared/user-dates.js')]);
      if (opts.tz && !isValidZone(opts.tz)) throw new Error(`--tz: "${opts.tz}" is not an IANA time zone`);
      await withKith(cli, async (kith) => {
        const actor = await kith.currentUser();
        const { user: created } = (await kith.call(actor.id, 'create_user', {
          email, ...(opts.name ? { display_name: opts.name } : {}), ...(opts.role ? { role: opts.role } : {}), ...(opts.plan ? { plan: opts.plan } : {}),
        })) as { user: { id: string; email: string; role: string; plan: string | null } };
        // The zone is the user's own setting: the operator sets it here, on the data they hold.
        if (opts.tz) await kith.database.db.execute(sql`update users set time_zone = ${opts.tz} where id = ${created.id}`);
        cli.printJson({ id: created.id, email: created.email, role: created.role, plan: created.plan });
      });
    });

  user
    .command('list')
    .description('Every user with role, plan, whether disabled, and how many contacts, opportunities and interactions they keep')
    .option('--query <text>', 'only e-mails or names containing it')
    .option('--limit <n>', 'how many (default 50)')
    .action((opts: { query?: string; limit?: string }) => adminCall(cli, 'list_users', { ...(opts.query ? { query: opts.query } : {}), ...(opts.limit ? { limit: Number(opts.limit) } : {}) }));

  user
    .command('plan')
    .description('Put a user on a plan: free, personal, professional, enterprise, or none')
    .argument('<email>')
    .argument('<plan>')
    .action((email: string, plan: string) => adminCall(cli, 'set_user_plan', { user: email, plan }));

  user
    .command('role')
    .description('Make a user an admin or a member again (the owner only)')
    .argument('<email>')
    .argument('<role>', 'admin or member')
    .action((email: string, role: string) => adminCall(cli, 'set_user_role', { user: email, role }));

  user
    .command('disable')
    .description('Disable a user: their sessions end and their tokens are refused until enabled; their data stays')
    .argument('<email>')
    .action((email: string) => adminCall(cli, 'disable_user', { user: email }));

  user
    .command('enable')
    .description('Enable a disabled user again')
    .argument('<email>')
    .action((email: string) => adminCall(cli, 'enable_user', { user: email }));

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
