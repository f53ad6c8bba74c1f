import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, createTestUser, STORAGES } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { createToken } from './tokens.js';
import { accountFootprint, deleteAccount } from './delete-account.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'agent', 'tools', 'imports', 'fixtures', name), 'utf8');

describe.each(STORAGES)('delete my account on %s', (storage) => {
  it('removes every row of the user, in every table with a user_id, and nobody else\'s', async () => {
    const database = await createTestDatabase(storage);
    try {
      const h = toolHarness(database);
      const gone = await createTestUser(database, 'leaving');
      const stays = await createTestUser(database, 'staying');
      for (const u of [gone, stays]) {
        await h.call(u.id, 'import_file', { content: fixture('Connections.csv'), dry_run: false });
        await h.call(u.id, 'import_file', { content: fixture('messages.csv'), dry_run: false });
        await h.call(u.id, 'import_file', { content: fixture('huntr-jobs.csv'), dry_run: false });
        await h.call(u.id, 'import_file', { content: fixture('any-contacts.csv'), dry_run: false });
        await createToken(database.db, u.id, 'test');
      }
      const before = await accountFootprint(database.db, gone.id);
      expect(before).toMatchObject({ crm_contacts: 8, crm_interactions: 3, crm_opportunities: 4, api_tokens: 1, import_mappings: 1 });
      expect(before.search_documents).toBeGreaterThan(0);
      const staying = await accountFootprint(database.db, stays.id);
      const { deleted } = await deleteAccount(database.db, gone.id);
      expect(deleted).toMatchObject({ users: 1, crm_contacts: 8 });
      expect(Object.values(await accountFootprint(database.db, gone.id)).every((n) => n === 0)).toBe(true);
      expect(await accountFootprint(database.db, stays.id)).toEqual(staying);
    } finally {
      await database.drop();
    }
  });
});
