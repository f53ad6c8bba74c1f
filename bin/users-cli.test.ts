import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test-support/run-cli.js';
import { createEmptyPostgresDatabase, STORAGES } from '../test-support/test-database.js';

/** kith user … is an adapter over the admin tools, as the CLI's user: the local owner, or --user. */
describe.each(STORAGES)('kith user on %s', (storage) => {
  let where: string[] = [];
  let cleanup: () => Promise<void> = async () => {};
  const kith = (...args: string[]) => runCli([...where, ...args]);
  const json = (...args: string[]) => {
    const r = kith(...args);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    if (storage === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'kith-users-cli-'));
      where = ['--data', join(dir, 'data')];
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const db = await createEmptyPostgresDatabase();
      where = ['--database-url', db.url];
      cleanup = db.drop;
    }
  });
  afterAll(async () => { await cleanup(); });

  it('the owner adds members and admins on plans; members are refused; admins set plans but not roles', () => {
    expect(json('user', 'add', 'ana@example.test', '--plan', 'personal', '--tz', 'Europe/Berlin')).toMatchObject({ email: 'ana@example.test', role: 'member', plan: 'personal' });
    expect(json('users', 'add', 'bea@example.test', '--role', 'admin')).toMatchObject({ role: 'admin' });
    const refused = kith('--user', 'ana@example.test', 'user', 'list');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('your role is member');
    const listed = json('user', 'list');
    expect(listed.users.find((u: { email: string }) => u.email === 'ana@example.test')).toMatchObject({ role: 'member', plan: 'personal', contacts: 0, disabled: false });
    expect(json('--user', 'bea@example.test', 'user', 'plan', 'ana@example.test', 'enterprise').user.plan).toBe('enterprise');
    const role = kith('--user', 'bea@example.test', 'user', 'role', 'ana@example.test', 'admin');
    expect(role.status).toBe(1);
    expect(role.stderr).toContain('Only the owner of this Kith changes roles.');
    expect(json('user', 'role', 'ana@example.test', 'admin').user.role).toBe('admin');
    expect(json('user', 'disable', 'ana@example.test').user.disabled).toBe(true);
    expect(json('user', 'enable', 'ana@example.test').user.disabled).toBe(false);
  }, 240_000);
});
