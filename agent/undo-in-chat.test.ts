import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { createOfflineModel } from './models/offline/index.js';
import { createAgent } from './agent.js';
import { createSessionStore } from './sessions.js';
import type { User } from '../accounts/users.js';

describe('"undo that" in chat, with the offline model', () => {
  let database: TestDatabase;
  let user: User;
  let h: ReturnType<typeof toolHarness>;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    user = await createTestUser(database);
    h = toolHarness(database);
  });
  afterAll(async () => { await database?.drop(); });

  it('undoes the change the turn before made, says what it undid, and then says there is nothing left', async () => {
    const agent = createAgent({ runtime: h.runtime, model: createOfflineModel(), sessions: createSessionStore(database.db) });
    const first = await agent.turn(user.id, 'add Marcus Chen, recruiter at Google');
    expect(first.toolCalls.map((c) => c.name)).toContain('add_contact');
    const undone = await agent.turn(user.id, 'undo that', first.sessionId);
    expect(undone.toolCalls.map((c) => c.name)).toEqual(['undo']);
    expect(undone.reply).toMatch(/Undid: Added Marcus Chen/);
    expect((await h.call(user.id, 'find_contacts', { query: 'marcus' })).contacts).toEqual([]);
    const again = await agent.turn(user.id, 'undo', first.sessionId);
    expect(again.reply).toMatch(/nothing to undo/);
  });
});
