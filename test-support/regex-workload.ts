import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every `say` of the language fixtures: the messages the offline model is built and measured on. */
function fixtureSentences(root: string): string[] {
  const dirs = ['agent/fixtures', 'agent/models/offline'];
  const says: string[] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.jsonl')).sort()) {
      for (const line of readFileSync(join(root, dir, f), 'utf8').split('\n')) {
        if (!line.trim() || line.startsWith('//')) continue;
        const say = (JSON.parse(line) as { say?: unknown }).say;
        if (typeof say === 'string') says.push(say);
      }
    }
  }
  return says;
}

const load = <T>(root: string, file: string) => import(pathToFileURL(join(root, file)).href) as Promise<T>;

/**
 * Runs the code that builds expressions at run time, so that the regex-safety test sees what it
 * builds: every module that holds a construction is loaded (its module-level expressions), the
 * offline model plans every fixture sentence, and the few builders that no sentence reaches are
 * called with the values the product passes them.
 */
export async function exerciseConstructions(root: string, files: string[]): Promise<void> {
  for (const file of files) await load(root, file);

  const { plannedCalls } = await load<typeof import('../agent/models/offline/test-support.js')>(root, 'agent/models/offline/test-support.ts');
  for (const say of fixtureSentences(root)) plannedCalls(say);

  const google = await load<typeof import('../agent/tools/imports/google-csv.js')>(root, 'agent/tools/imports/google-csv.ts');
  const csv = await load<typeof import('../agent/tools/imports/csv-table.js')>(root, 'agent/tools/imports/csv-table.ts');
  google.draftsFromGoogle(csv.readCsv('Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value\nAna,Lima,ana@x.io,+1 555 0100\n'));

  const mail = await load<typeof import('../extension/src/extract/raw-mail.js')>(root, 'extension/src/extract/raw-mail.ts');
  mail.headerSummary('From: Ana <ana@x.io>\r\nSubject: Hi\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@x.io>\r\n\r\nHello');

  const { replaceReference } = await load<typeof import('../agent/tools/shared/replace-reference.js')>(root, 'agent/tools/shared/replace-reference.ts');
  replaceReference('log coffee with Priya', 'Priya', 'Priya Raman');

  // Slack builds its button patterns when the listeners are registered, and the bot's own mention
  // when a mention arrives: a recording app stands in for Bolt's, which only stores the patterns.
  const handlers = new Map<string, (args: unknown) => Promise<void>>();
  const app = { action: () => undefined, event: (name: string, h: (args: unknown) => Promise<void>) => { handlers.set(name, h); }, message: () => undefined };
  const actions = await load<typeof import('../bots/slack/listeners/actions.js')>(root, 'bots/slack/listeners/actions.ts');
  const events = await load<typeof import('../bots/slack/listeners/events.js')>(root, 'bots/slack/listeners/events.ts');
  actions.registerActions(app as never, {} as never);
  events.registerEvents(app as never, {} as never);
  await handlers.get('app_mention')?.({ event: { type: 'app_mention', text: '<@U0KITH>', ts: '1.0', channel: 'C1' }, body: {}, client: { chat: { postMessage: async () => ({}) } }, context: { botUserId: 'U0KITH' } });
}
