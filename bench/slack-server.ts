/**
 * The Kith web app with Slack mounted, in a process of its own, for bench/slack.bench.ts: the
 * benchmark's load and its fake Slack then do not share the server's event loop (as in production,
 * where Slack is elsewhere). Prints {"eventsUrl": …} on stdout; stops when stdin closes.
 */
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { startSlackHarness } from '../bots/slack/test-support/harness.js';
import type { FakeSlack } from '../bots/slack/test-support/fake-slack.js';

const storage = (process.env.BENCH_STORAGE ?? 'pglite') as TestStorage;
const apiUrl = process.env.SLACK_API_URL!;
const database = await createTestDatabase(storage);
const remoteFake = { apiUrl, url: apiUrl.replace(/\/api\/$/, ''), close: async () => undefined } as unknown as FakeSlack;
const h = await startSlackHarness({ database, fake: remoteFake });
process.stdout.write(JSON.stringify({ eventsUrl: h.eventsUrl }) + '\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  await h.close();
  await database.drop();
  process.exit(0);
});
