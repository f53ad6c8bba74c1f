import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createReadCoalescer } from './read-coalescer.js';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import type { User } from '../../accounts/users.js';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
};

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('read coalescer', () => {
  it('shares a read that has not started with later identical calls, never one that has started', async () => {
    const coalescer = createReadCoalescer();
    let reads = 0;
    const gates: Array<{ start: () => void; finish: (v: number) => void }> = [];
    const read = (started: () => void) => {
      const go = deferred<void>();
      const done = deferred<number>();
      gates.push({ start: () => go.resolve(), finish: (v) => done.resolve(v) });
      return go.promise.then(() => { started(); reads++; return done.promise; });
    };
    const first = coalescer.run('k', read);
    const second = coalescer.run('k', read);
    const other = coalescer.run('other key', read);
    await nextTurn();
    expect(gates).toHaveLength(2); // 'k' once, 'other key' once
    gates[0].start();
    await Promise.resolve(); await Promise.resolve();
    const third = coalescer.run('k', read); // the first has started reading: this one must read again
    await nextTurn();
    expect(gates).toHaveLength(3);
    gates[0].finish(1); gates[1].start(); gates[1].finish(2); gates[2].start(); gates[2].finish(3);
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(await other).toBe(2);
    expect(await third).toBe(3);
    expect(reads).toBe(3);
  });

  it('passes a failure to every caller that shared the read, and forgets it', async () => {
    const coalescer = createReadCoalescer();
    const failing = coalescer.run('k', async (started) => { started(); throw new Error('boom'); });
    await expect(failing).rejects.toThrow('boom');
    expect(await coalescer.run('k', async () => 7)).toBe(7);
  });
});

describe('read-only tools share one read on an embedded database', () => {
  let database: TestDatabase;
  let alice: User;
  let bob: User;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
  });
  afterAll(async () => { await database?.drop(); });

  it('identical calls queued behind a transaction get one answer; other users and inputs get their own', async () => {
    const h = toolHarness(database);
    h.runtime.readCoalescer = createReadCoalescer();
    await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel' });
    await h.call(bob.id, 'add_contact', { first_name: 'Priya', last_name: 'Bobsdottir' });
    const release = deferred<void>();
    const holding = database.db.transaction(async (tx) => { await tx.execute(sql`select 1`); await release.promise; });
    const calls = [
      h.call(alice.id, 'find_contacts', { query: 'priya' }),
      h.call(alice.id, 'find_contacts', { query: 'priya' }),
      h.call(alice.id, 'find_contacts', { query: 'priya' }),
      h.call(bob.id, 'find_contacts', { query: 'priya' }),
      h.call(alice.id, 'find_contacts', { query: 'patel' }),
    ];
    release.resolve();
    await holding;
    const [a1, a2, a3, b, aPatel] = await Promise.all(calls);
    expect(a1).toBe(a2);
    expect(a1).toBe(a3);
    expect(a1.contacts.map((c: { last_name: string }) => c.last_name)).toEqual(['Patel']);
    expect(b).not.toBe(a1);
    expect(b.contacts.map((c: { last_name: string }) => c.last_name)).toEqual(['Bobsdottir']);
    expect(aPatel).not.toBe(a1);
    // a write in between is seen by the next read: results are shared, never cached
    await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Zed' });
    const after = await h.call(alice.id, 'find_contacts', { query: 'priya' });
    expect(after.contacts).toHaveLength(2);
  });
});
