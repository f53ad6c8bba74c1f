import { beforeAll, afterAll } from 'vitest';
import type { User } from '../accounts/users.js';
import { createTestDatabase, createTestUser, type TestDatabase, type TestStorage } from './test-database.js';
import { toolHarness } from './tool-harness.js';

export interface TwoUsers { database: TestDatabase; h: ReturnType<typeof toolHarness>; alice: User; bob: User }

/**
 * A suite's database on one storage with two users, alice and bob (the second to prove isolation),
 * made before its tests and dropped after. Filled in by the suite's first beforeAll, so a suite's own
 * beforeAll may seed through it.
 */
export function withAliceAndBob(storage: TestStorage, options?: Parameters<typeof toolHarness>[1]): TwoUsers {
  const t = {} as TwoUsers;
  beforeAll(async () => {
    t.database = await createTestDatabase(storage);
    t.h = toolHarness(t.database, options);
    t.alice = await createTestUser(t.database, 'alice');
    t.bob = await createTestUser(t.database, 'bob');
  });
  afterAll(async () => { await t.database?.drop(); });
  return t;
}
