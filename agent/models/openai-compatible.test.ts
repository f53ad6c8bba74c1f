import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import { startFakeOpenAi, type FakeOpenAi, type FakeReply, type ChatRequest } from '../../test-support/fake-openai-server.js';
import { selectModel } from './select-model.js';
import { createAgent } from '../agent.js';
import { createSessionStore } from '../sessions.js';
import { loadConfig } from '../../app/config.js';
import type { User } from '../../accounts/users.js';

/** The real @ai-sdk/openai provider against a chat-completions server on 127.0.0.1. */
describe('the agent with an OpenAI-compatible server', () => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let alice: User;
  let server: FakeOpenAi;
  let script: (request: ChatRequest, index: number) => FakeReply;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    h = toolHarness(database);
    alice = await createTestUser(database, 'alice');
    await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com' });
    server = await startFakeOpenAi((request, index) => script(request, index));
  });
  afterAll(async () => { await server?.close(); await database?.drop(); });

  const agent = async (timeoutMs?: number) => {
    const config = loadConfig({}, { OPENAI_BASE_URL: server.baseURL, KITH_MODEL: 'test-model', KITH_TZ: 'UTC' });
    const selected = await selectModel(config);
    expect(selected.kind).toBe('openai-compatible');
    return createAgent({ runtime: h.runtime, model: selected.model, sessions: createSessionStore(database.db), timeoutMs });
  };
  const interactionCount = async () => (await h.call(alice.id, 'list_interactions', {})).interactions.length;

  it('streams tool calls, runs them, and answers from their results', async () => {
    const seen: number[] = [];
    server.requests.length = 0;
    script = (request, index) => {
      seen.push(index);
      const toolMessages = request.messages.filter((m) => m.role === 'tool');
      if (toolMessages.length === 0) {
        return { toolCalls: [{ name: 'log_interaction', arguments: JSON.stringify({ contact: 'Priya', interaction_type: 'coffee_chat', follow_up_date: '2026-11-27' }) }] };
      }
      const result = JSON.parse(String(toolMessages[0].content));
      return { text: `Logged a coffee chat with ${result.contact.first_name}; follow up ${result.contact.next_follow_up_date}.` };
    };
    const turn = await (await agent()).turn(alice.id, 'log coffee with Priya, follow up Friday');
    expect(turn.reply).toBe('Logged a coffee chat with Priya; follow up 2026-11-27.');
    expect(turn.toolCalls[0].name).toBe('log_interaction');
    expect(server.requests[0].stream).toBe(true);
    expect(server.requests[0].tools!.map((t) => t.function.name)).toContain('log_interaction');
    expect(server.requests[0].messages[0].role).toBe('system');
    expect((await h.call(alice.id, 'get_contact', { contact: 'Priya' })).contact.next_follow_up_date).toBe('2026-11-27');
  });

  it('a 500 from the server gives a clear answer and changes nothing', async () => {
    const before = await interactionCount();
    script = () => ({ status: 500 });
    const turn = await (await agent()).turn(alice.id, 'log a call with Priya');
    expect(turn.reply).toMatch(/language model server answered with an error \(HTTP 500\).*nothing was changed/);
    expect(await interactionCount()).toBe(before);
  });

  it('a server that never answers times out with a clear answer', async () => {
    script = () => ({ hangMs: 10_000 });
    const turn = await (await agent(1_500)).turn(alice.id, 'log a call with Priya');
    expect(turn.reply).toMatch(/did not answer in time|could not be used/);
  });

  it('malformed tool arguments are not run; the model is told and can answer', async () => {
    const before = await interactionCount();
    script = (request) => {
      const toolMessages = request.messages.filter((m) => m.role === 'tool');
      if (toolMessages.length === 0) return { toolCalls: [{ name: 'log_interaction', arguments: '{"contact": "Priya", "interaction_type": ' }] };
      return { text: 'Sorry, I could not log that.' };
    };
    const turn = await (await agent()).turn(alice.id, 'log a call with Priya');
    expect(turn.reply).toBe('Sorry, I could not log that.');
    expect(await interactionCount()).toBe(before);
  });

  it('an invalid enumeration value is refused by the tool\'s schema, naming the field', async () => {
    const before = await interactionCount();
    script = (request) => {
      const toolMessages = request.messages.filter((m) => m.role === 'tool');
      if (toolMessages.length === 0) return { toolCalls: [{ name: 'log_interaction', arguments: JSON.stringify({ contact: 'Priya', interaction_type: 'telegram' }) }] };
      return { text: String(toolMessages[0].content).includes('interaction_type') ? 'bad type' : 'no field named' };
    };
    const turn = await (await agent()).turn(alice.id, 'telegram Priya');
    expect(turn.reply).toBe('bad type');
    expect(await interactionCount()).toBe(before);
  });
});
