import type { Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';
import type { CrmSyncReport } from '../../agent/tools/crm-sync/sync-crm.js';

/** The sync's answer in a few lines for the terminal (the JSON goes to stdout). */
export function describeSync(r: CrmSyncReport): string {
  const name = r.provider === 'hubspot' ? 'HubSpot' : 'Salesforce';
  const c = r.contacts;
  const lines = [
    `${r.dry_run ? 'Would sync' : 'Synced'} with ${name} (${r.incremental ? `changes since ${r.since}` : 'first sync: everything'}):`,
    `  contacts: ${c.created_in_kith} added and ${c.updated_in_kith} updated in Kith, ${c.created_remote} added and ${c.updated_remote} updated in ${name}, ${c.linked} matched by e-mail`,
    `  opportunities: ${r.opportunities.created_remote} added and ${r.opportunities.updated_remote} updated in ${name}, ${r.opportunities.updated_in_kith} stages moved in Kith`,
    `  interactions: ${r.interactions.created_remote} added to ${name}`,
    ...(r.rate_limited ? [`  held back ${r.rate_limited} times by ${name}'s rate limit (waited ${(r.waited_ms / 1000).toFixed(1)} s)`] : []),
    ...r.conflicts.map((x) => `  conflict: ${x.record}, ${x.field}: Kith "${x.kith_value ?? ''}", ${name} "${x.remote_value ?? ''}" -> kept ${x.kept === 'kith' ? 'Kith' : name}'s (written last)`),
  ];
  return lines.join('\n') + '\n';
}

export function registerCrmSync(program: Command, cli: CliContext): void {
  const sync = program.command('sync').description('Sync with HubSpot or Salesforce (Enterprise plan; connect first with: kith call connect_crm)');
  for (const provider of ['hubspot', 'salesforce'] as const) {
    sync
      .command(provider)
      .description(`Sync contacts, opportunities and interactions with ${provider === 'hubspot' ? 'HubSpot' : 'Salesforce'}`)
      .option('--dry-run', 'only say what would change; write nothing in Kith or the CRM')
      .action(async (opts: { dryRun?: boolean }) => {
        const { createProgressBar } = await import('../progress-bar.js');
        await withSession(cli, async (session) => {
          const bar = createProgressBar(`Syncing with ${provider === 'hubspot' ? 'HubSpot' : 'Salesforce'}`);
          const controller = new AbortController();
          const cancel = () => controller.abort();
          process.once('SIGINT', cancel);
          try {
            const report = await session.call('sync_crm', { provider, dry_run: !!opts.dryRun }, { progress: (done, total) => bar.update(done, total), signal: controller.signal }) as CrmSyncReport;
            bar.stop();
            process.stderr.write(describeSync(report));
            cli.printJson(report);
          } finally {
            bar.stop();
            process.off('SIGINT', cancel);
          }
        });
      });
  }
  sync
    .command('status')
    .description('The HubSpot and Salesforce connections and their last sync (never the credentials)')
    .action(async () => {
      await withSession(cli, async (session) => cli.printJson(await session.call('crm_sync_status', {})));
    });
}
