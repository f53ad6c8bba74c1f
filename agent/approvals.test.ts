import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, createTestUser, STORAGES, type TestDatabase } from '../test-support/test-database.js';
import { readConfirmation } from './approvals.js';
import { createApprovalStore } from './tools/shared/approval-store.js';
import { createSessionStore } from './sessions.js';
import type { User } from '../accounts/users.js';

describe('readConfirmation: only an unambiguous yes is a yes', () => {
  it.each([
    'yes', 'Yes!', 'y', 'yep', 'sure', 'ok', 'OK, do it', 'okay go ahead', 'yes please', 'confirm', 'confirmed.', 'go ahead',
    'please do', 'proceed', 'yes, delete it', 'delete it', 'absolutely', 'yeah sure',
  ])('"%s" is yes', (reply) => expect(readConfirmation(reply)).toBe('yes'));

  it.each(['no', 'No.', 'nope', 'nah', 'cancel', 'stop', "don't", 'don’t do it', 'never mind', 'abort', 'keep it', 'no thanks', 'do not'])(
    '"%s" is no', (reply) => expect(readConfirmation(reply)).toBe('no'));

  it.each([
    // issue 20: each of these deleted Tom Baker
    'ok, but which Tom is that?', 'sure? what would it delete?', 'okay so who is Tom Baker?',
    // mixed, or about something else
    'yes and also log a call with Priya', 'yes no', "don't delete it", 'ok but wait', 'sure, after lunch', 'delete Priya instead',
    'yes 2', 'what?', '', '   ', 'log coffee with Priya', 'yes'.repeat(100),
  ])('"%s" is unclear: asked again', (reply) => expect(readConfirmation(reply)).toBe('unclear'));

  it('reads a million characters without backtracking (one pass)', () => {
    expect(readConfirmation('y'.repeat(1_000_000))).toBe('unclear');
    expect(readConfirmation('ok '.repeat(60))).toBe('yes');
  });
});

describe.each(STORAGES)('approvals the server issues, on %s', (storage) => {
  let database: TestDatabase;
  let alice: User;
  let bob: User;
  beforeAll(async () => {
    database = await createTestDatabase(storage);
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
  });
  afterAll(async () => { await database?.drop(); });

  it('are answered once, by their owner, for exactly the call they were issued for', async () => {
    const store = createApprovalStore(database.db);
    const session = await createSessionStore(database.db).create(alice.id, 'chat');
    const call = { sessionId: session, toolName: 'delete_contact', input: { contact: 'Tom Baker' }, summary: 'Delete Tom Baker?' };
    const first = await store.issue(alice.id, call);
    expect((await store.issue(alice.id, call)).id).toBe(first.id);
    expect((await store.pending(alice.id, session)).map((p) => p.id)).toEqual([first.id]);
    expect(await store.pending(bob.id, session)).toEqual([]);
    expect(await store.resolve(bob.id, first.id, true)).toBeUndefined();
    expect(await store.resolve(alice.id, first.id, true, { toolName: 'delete_contact', input: { contact: 'Priya' } })).toBeUndefined();
    expect(await store.resolve(alice.id, 'not-an-id', true)).toBeUndefined();
    const [a, b] = await Promise.all([store.resolve(alice.id, first.id, true), store.resolve(alice.id, first.id, true)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await store.pending(alice.id, session)).toEqual([]);
    expect(await store.resolve(alice.id, first.id, false)).toBeUndefined();
  });
});
