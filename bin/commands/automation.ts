import { InvalidArgumentError, type Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';

interface RuleRecord { rule: string; title: string; enabled: boolean; params: { days?: number } }

/** One line per rule for the terminal: on/off, its name (what `on` and `off` take), what it is. */
export function describeRules(rules: RuleRecord[]): string {
  return rules.map((r) => `${r.enabled ? 'on ' : 'off'}  ${r.rule.padEnd(26)} ${r.title}${r.params.days !== undefined ? ` (${r.params.days} days)` : ''}\n`).join('');
}

/** "follow-up-after-applying" and "follow_up_after_applying" are the same rule. */
const ruleName = (s: string) => s.trim().toLowerCase().replace(/-/g, '_');

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`a whole number of days, not "${value}".`);
  return n;
}

export function registerAutomation(program: Command, cli: CliContext): void {
  const automation = program.command('automation').description('Workflow rules: a follow-up after applying, a thank-you after an interview, an interview moving the job, an offer closing its follow-ups');
  automation
    .command('list')
    .description('The rules, whether each is on, and their parameters')
    .action(async () => {
      await withSession(cli, async (session) => {
        const out = await session.call('list_automation_rules', {}) as { rules: RuleRecord[] };
        process.stderr.write(describeRules(out.rules));
        cli.printJson(out);
      });
    });
  automation
    .command('on')
    .description('Switch a rule on (kith automation on follow_up_after_applying --days 5)')
    .argument('<rule>', 'follow_up_after_applying, thank_you_after_interview, interview_moves_stage or offer_closes_follow_ups')
    .option('--days <n>', 'follow_up_after_applying: days after applying before the follow-up is due', days)
    .action(async (rule: string, opts: { days?: number }) => {
      await withSession(cli, async (session) => {
        const out = await session.call('set_automation_rule', { rule: ruleName(rule), enabled: true, ...(opts.days !== undefined ? { params: { days: opts.days } } : {}) }) as { summary: string };
        process.stderr.write(`${out.summary}\n`);
        cli.printJson(out);
      });
    });
  automation
    .command('off')
    .description('Switch a rule off')
    .argument('<rule>')
    .action(async (rule: string) => {
      await withSession(cli, async (session) => {
        const out = await session.call('set_automation_rule', { rule: ruleName(rule), enabled: false }) as { summary: string };
        process.stderr.write(`${out.summary}\n`);
        cli.printJson(out);
      });
    });
}
