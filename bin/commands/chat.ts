import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { withSession, type CliContext } from '../cli-context.js';
import type { LocalSession } from '../../app/local-session.js';
import { preferQuickStart } from '../quick-start.js';

export function registerChat(program: Command, cli: CliContext): void {
  program
    .command('chat')
    .description('Talk to Kith: one sentence, or an interactive session when none is given')
    .argument('[sentence...]', 'what to say, e.g. "log coffee with Priya, follow up Friday"')
    .option('--json', 'print {"reply", "toolCalls", "sessionId"} as JSON')
    .option('--session <id>', 'continue a stored conversation')
    .action(async (words: string[], opts: { json?: boolean; session?: string }) => {
      const sentence = words.join(' ').trim();
      if (sentence) preferQuickStart();
      // Through the process holding the data when one serves it: the agent then runs there.
      await withSession(cli, async (session) => {
        if (sentence) {
          const turn = await session.chat(sentence, opts.session);
          if (opts.json) cli.printJson({ reply: turn.reply, toolCalls: turn.toolCalls, sessionId: turn.sessionId, pendingConfirmations: turn.pendingConfirmations });
          else process.stdout.write(`${turn.reply}\n`);
          return;
        }
        await interactive(session, opts.session);
      }, {}, { chat: true });
    });
}

async function interactive(session: LocalSession, sessionId?: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, historySize: 200, terminal: process.stdin.isTTY, prompt: 'you › ' });
  let conversation = sessionId;
  process.stdout.write('Kith — say what happened or ask about your network. Ctrl-C or "exit" leaves.\n');
  rl.prompt();
  try {
    // Reading lines as they come serves a terminal and piped input alike.
    for await (const line of rl) {
      const text = line.trim();
      if (/^(exit|quit|bye)$/i.test(text)) break;
      if (text) {
        const turn = await session.chat(text, conversation);
        conversation = turn.sessionId;
        process.stdout.write(`kith › ${turn.reply}\n`);
      }
      rl.prompt();
    }
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}
