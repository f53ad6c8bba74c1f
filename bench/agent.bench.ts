import { createTestDatabase, createTestUser } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { createAgent } from '../agent/agent.js';
import { createSessionStore } from '../agent/sessions.js';
import { createOfflineModel } from '../agent/models/offline/index.js';
import { seedContacts } from './seed-contacts.js';
import { printTable, round, timeIt } from './stats.js';

/** Sentences of the kinds issue 14 names: logs, new people, tasks, questions, the agenda. */
const SENTENCES = [
  'log a call with Contact 42 about the platform role, it went well',
  'remind me to follow up with Contact 7 next Friday',
  'Create a task to send Contact 9 the proposal by Friday',
  "what's on my plate this week?",
  'who haven\'t I talked to in a while?',
  'who did I talk to about Kubernetes?',
  'applied to Backend Engineer at Stripe',
  'how many calls did I have last week?',
];

/**
 * `npm run bench -- agent`: one offline turn in process (the agent loop, the offline model and the
 * real tools on PGlite) against 10,000 contacts; p95 over the sentences, each said many times.
 */
export async function runAgentBench(options: { contacts?: number; runs?: number } = {}): Promise<unknown> {
  const database = await createTestDatabase('pglite');
  try {
    const h = toolHarness(database);
    const user = await createTestUser(database, 'agent-bench');
    await seedContacts(database.db, user.id, options.contacts ?? 10_000);
    const agent = createAgent({ runtime: h.runtime, model: createOfflineModel(), sessions: createSessionStore(database.db) });
    const t = await timeIt(options.runs ?? 80, (i) => agent.turn(user.id, SENTENCES[i % SENTENCES.length]));
    const rows = [{ what: `offline turn, ${options.contacts ?? 10_000} contacts`, p50_ms: round(t.p50), p95_ms: round(t.p95), runs: t.runs, target_p95_ms: 50 }];
    printTable('agent: offline turn in process', rows);
    return rows;
  } finally {
    await database.drop();
  }
}
