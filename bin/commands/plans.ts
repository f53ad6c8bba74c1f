import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';
import { preferQuickStart } from '../quick-start.js';

export function registerPlans(program: Command, cli: CliContext): void {
  const plan = program.command('plan').description('Subscription plans (Free, Personal, Professional, Enterprise) and their limits');
  plan
    .command('set')
    .description('Put a user on a plan (free, personal, professional, enterprise, or none for no limits)')
    .argument('<email>')
    .argument('<plan>')
    .action(async (email: string, name: string) => {
      preferQuickStart();
      const [{ findUserByEmail }, { setPlan, planStatus }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/plans.js')]);
      await withKith(cli, async (kith) => {
        const found = await findUserByEmail(kith.database.db, email);
        if (!found) throw new Error(`no user with the email ${email} (add one with: kith user add ${email})`);
        await setPlan(kith.database.db, found.id, name.trim().toLowerCase() === 'none' ? null : name);
        cli.printJson({ email: found.email, ...await planStatus(kith.database.db, found.id) });
      });
    });

  plan
    .command('show')
    .description('Show a user\'s plan and usage (--user EMAIL, or the local owner), and every plan')
    .action(async () => {
      preferQuickStart();
      const [{ resolveUser }, { listPlans, planStatus }] = await Promise.all([import('../../accounts/users.js'), import('../../accounts/plans.js')]);
      await withKith(cli, async (kith) => {
        const user = await resolveUser(kith.database.db, program.opts<{ user?: string }>().user);
        const plans = (await listPlans(kith.database.db)).map((p) => ({ name: p.name, title: p.title, price_usd_month: p.priceUsdMonth, contact_limit: p.contactLimit, features: p.features }));
        cli.printJson({ email: user.email, ...await planStatus(kith.database.db, user.id), plans });
      });
    });
}
