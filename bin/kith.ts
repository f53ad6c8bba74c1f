#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { createCliContext } from './cli-context.js';
import { registerCall } from './commands/call.js';
import { registerUsers } from './commands/users.js';
import { registerPlans } from './commands/plans.js';
import { registerTransfer } from './commands/transfer.js';
import { registerChat } from './commands/chat.js';
import { registerDoctor } from './commands/doctor.js';
import { registerMcp } from './commands/mcp.js';
import { registerServe } from './commands/serve.js';
import { registerReindex } from './commands/reindex.js';
import { registerSlack } from './commands/slack.js';
import { registerBackup } from './commands/backup.js';
import { registerDemo } from './commands/demo.js';
import { registerMail } from './commands/mail.js';
import { registerCalendar } from './commands/calendar.js';
import { registerResume } from './commands/resume.js';
import { registerCrmSync } from './commands/crm-sync.js';
import { registerAutomation } from './commands/automation.js';
import { registerWebhooks } from './commands/webhooks.js';
import { ToolError } from '../agent/tools/shared/errors.js';

const program = new Command();
program
  .name('kith')
  .description('Kith: a personal CRM you talk to.')
  .option('--data <dir>', 'embedded database directory (env KITH_DATA_DIR; default ~/.local/share/kith)')
  .option('--database-url <url>', 'PostgreSQL connection string, for server mode (env DATABASE_URL)')
  .option('--user <email>', 'act as this user (env KITH_USER; default the local owner)')
  .showHelpAfterError()
  .exitOverride();

const cli = createCliContext(program);
registerCall(program, cli);
registerUsers(program, cli);
registerPlans(program, cli);
registerTransfer(program, cli);
registerChat(program, cli);
registerDoctor(program, cli);
registerMcp(program, cli);
registerServe(program, cli);
registerReindex(program, cli);
registerSlack(program, cli);
registerBackup(program, cli);
registerDemo(program, cli);
registerMail(program, cli);
registerCalendar(program, cli);
registerResume(program, cli);
registerCrmSync(program, cli);
registerAutomation(program, cli);
registerWebhooks(program, cli);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof ToolError) {
    process.stderr.write(`kith: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`kith: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.KITH_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  }
}
