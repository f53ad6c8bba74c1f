import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { runCli } from '../test-support/run-cli.js';
import { toolHarness } from '../test-support/tool-harness.js';
import type { User } from '../accounts/users.js';

/**
 * `kith automation list|on|off` on PostgreSQL, each command its own process: the rule switched on
 * from the terminal fires for a write made by another `kith` process, for that user only.
 */
let database: TestDatabase;
let ana: User;
let bea: User;
const cli = (user: User, args: string[]) => runCli(['--database-url', (database as TestDatabase & { databaseUrl: string }).databaseUrl, '--user', user.email, ...args], { env: { KITH_EMBEDDING_MODEL: 'lexical', KITH_LOG_LEVEL: 'error' } });
const json = (out: { stdout: string }) => JSON.parse(out.stdout);

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  ana = await createTestUser(database, 'ana');
  bea = await createTestUser(database, 'bea');
}, 120_000);
afterAll(async () => { await database?.drop(); });

describe('kith automation', () => {
  it('lists, switches on with a parameter, fires for a later command, switches off', async () => {
    const listed = cli(ana, ['automation', 'list']);
    expect(listed.status).toBe(0);
    expect(json(listed).rules.map((r: { enabled: boolean }) => r.enabled)).toEqual([false, false, false, false]);
    expect(listed.stderr).toContain('off  follow_up_after_applying   Follow up after applying (7 days)');

    const on = cli(ana, ['automation', 'on', 'follow-up-after-applying', '--days', '3']);
    expect(on.status).toBe(0);
    expect(on.stderr).toBe('Turned on the automation "Follow up after applying" (3 days after applying).\n');
    expect(json(on).rule).toMatchObject({ rule: 'follow_up_after_applying', enabled: true, params: { days: 3 } });

    // Another process adds an application: the rule is read from the database and fires there.
    expect(cli(ana, ['call', 'add_opportunity', '--input', JSON.stringify({ company_name: 'Stripe', status: 'applied' })]).status).toBe(0);
    const tasks = json(cli(ana, ['call', 'list_tasks', '--input', '{}'])).tasks;
    expect(tasks.map((t: { title: string; due_date: string }) => [t.title, t.due_date])).toEqual([['Follow up on your application: Stripe', '2026-11-28']]);
    // Bea's rules are her own: off, and her application gets no task.
    expect(json(cli(bea, ['automation', 'list'])).rules[0].enabled).toBe(false);
    await toolHarness(database).call(bea.id, 'add_opportunity', { company_name: 'Stripe', status: 'applied' });
    expect((await toolHarness(database).call(bea.id, 'list_tasks', {})).tasks).toEqual([]);

    const off = cli(ana, ['automation', 'off', 'follow_up_after_applying']);
    expect(off.stderr).toBe('Turned off the automation "Follow up after applying".\n');
    expect(cli(ana, ['automation', 'list']).stderr).toContain('off  follow_up_after_applying   Follow up after applying (3 days)');
  }, 180_000);

  it('refuses an unknown rule and a number of days that is not one', () => {
    const unknown = cli(ana, ['automation', 'on', 'autopilot']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^kith: Invalid input for set_automation_rule: rule: /);
    const bad = cli(ana, ['automation', 'on', 'follow_up_after_applying', '--days', 'soon']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('a whole number of days, not "soon"');
    const range = cli(ana, ['automation', 'on', 'follow_up_after_applying', '--days', '0']);
    expect(range.stderr).toContain('params.days: must be 1 to 90 days');
  }, 120_000);
});
