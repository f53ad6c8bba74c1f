import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { STORAGES, createTestUser } from '../../test-support/test-database.js';
import { withAliceAndBob } from '../../test-support/two-users.js';
import { startWebhookReceiver, verifyKithWebhook, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { stderrLogger } from '../../agent/tools/shared/context.js';
import { openDatabase, type Database } from '../../db/connection.js';
import type { User } from '../../accounts/users.js';
import { createWebhookWorker, type WebhookWorkerOptions } from './webhook-worker.js';
import { createReminderScheduler } from '../reminders/reminder-scheduler.js';

const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;
const MINUTE = 60_000;

describe.each(STORAGES)('the webhook worker on %s', (storage) => {
  const t = withAliceAndBob(storage);
  let receiver: WebhookReceiver;
  let clock = new Date('2026-11-25T15:00:00Z');
  const lines: string[] = [];
  const secrets: string[] = [];
  const workers: Array<{ stop(): Promise<void> }> = [];
  /** Moves the worker's clock and the tools' "now" together. */
  const at = (ms: number) => { clock = new Date(ms); t.h.setNow(clock.toISOString()); return clock; };
  const later = (ms: number) => at(clock.getTime() + ms);
  const worker = (options: Partial<WebhookWorkerOptions> = {}) => {
    const w = createWebhookWorker({
      runtime: { ...t.h.runtime, log: stderrLogger('info', (line) => lines.push(line)) },
      now: () => clock, backoffMs: (n) => MINUTE * n, maxAttempts: 3, timeoutMs: 5_000, ...options,
    });
    workers.push(w);
    return w;
  };
  const hook = async (user: User, path: string, events: string[]) => {
    const out = await t.h.call(user.id, 'create_webhook', { url: receiver.url(path), events });
    receiver.setSecret(path, out.secret);
    secrets.push(out.secret);
    return out.webhook.id as string;
  };
  const rowsFor = async (webhookId: string) => rowsOf(await t.database.db.execute(sql`
    select id, event, status, attempts, next_attempt_at, last_status_code, last_error from crm_webhook_deliveries
     where webhook_id = ${webhookId}::uuid order by created_at, id`));
  const addContacts = (user: User, ...names: string[]) => t.h.call(user.id, 'import_data', { data: { contacts: names.map((n) => ({ first_name: n, last_name: 'Test' })) } });

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ now: () => clock.getTime() });
    t.h.runtime.allowPrivateNetworks = true;
    at(clock.getTime());
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await receiver?.close();
  });

  it('sends each event signed, with its id and name in the headers, once', async () => {
    const user = await createTestUser(t.database, 'dana');
    const id = await hook(user, '/events', ['contact.added', 'interaction.logged', 'opportunity.stage_changed']);
    const priya = await t.h.call(user.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe' });
    await t.h.call(user.id, 'log_interaction', { contact: priya.contact.id, interaction_type: 'call' });
    const opp = await t.h.call(user.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'SRE' });
    await t.h.call(user.id, 'update_opportunity', { opportunity: opp.opportunity.id, status: 'applied' });
    const w = worker();
    expect(await w.runOnce()).toMatchObject({ leased: 3, delivered: 3, retrying: 0, failed: 0 });
    const got = receiver.received('/events');
    expect(got.map((r) => r.json.event)).toEqual(expect.arrayContaining(['contact.added', 'interaction.logged', 'opportunity.stage_changed']));
    expect(got.map((r) => r.verified)).toEqual([true, true, true]);
    for (const r of got) {
      expect(r.headers['kith-webhook-id']).toBe(r.json.id);
      expect(r.headers['kith-webhook-event']).toBe(r.json.event);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.json.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(got.find((r) => r.json.event === 'opportunity.stage_changed')!.json.data).toMatchObject({ from: 'interested', to: 'applied', opportunity: { id: opp.opportunity.id } });
    expect(got.find((r) => r.json.event === 'contact.added')!.json.data).toMatchObject({ contact: { id: priya.contact.id, first_name: 'Priya', company: 'Stripe' } });
    expect((await rowsFor(id)).map((d) => [d.status, d.attempts, d.last_status_code])).toEqual([['delivered', 1, 200], ['delivered', 1, 200], ['delivered', 1, 200]]);
    expect((await w.runOnce()).leased).toBe(0);
    expect(receiver.received('/events')).toHaveLength(3);
    // a tampered body or another secret does not verify with the documented check
    const added = got.find((r) => r.json.event === 'contact.added')!;
    expect(verifyKithWebhook(secrets.at(-1)!, added.headers, added.body.replace('Priya', 'Eve'), 300, clock.getTime())).toBe(false);
    expect(verifyKithWebhook('whsec_other', added.headers, added.body, 300, clock.getTime())).toBe(false);
    expect(verifyKithWebhook(secrets.at(-1)!, added.headers, added.body, 300, clock.getTime() + 10 * MINUTE)).toBe(false);
  });

  it('retries a 500 after the backoff, and waits as long as a 429 or 503 says (Retry-After in seconds or as a date)', async () => {
    const user = await createTestUser(t.database, 'erin');
    const id = await hook(user, '/retry', ['contact.added']);
    const w = worker();
    receiver.answer('/retry', { status: 500 });
    await addContacts(user, 'Ann');
    const t0 = clock.getTime();
    expect(await w.runOnce()).toMatchObject({ leased: 1, retrying: 1 });
    let [row] = await rowsFor(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    expect(new Date(row.next_attempt_at as string).getTime()).toBe(t0 + MINUTE);
    later(MINUTE - 1000);
    expect((await w.runOnce()).leased).toBe(0);
    later(1000);
    expect(await w.runOnce()).toMatchObject({ leased: 1, delivered: 1 });
    [row] = await rowsFor(id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200, last_error: null, next_attempt_at: null });
    const attempts = receiver.received('/retry');
    expect(attempts.map((r) => r.verified)).toEqual([true, true]);
    expect(attempts[1].json.id).toBe(attempts[0].json.id); // the same id on every attempt: a receiver can drop repeats

    receiver.answer('/retry', { status: 429, headers: { 'Retry-After': '600' } });
    await addContacts(user, 'Ben');
    const t1 = clock.getTime();
    expect(await w.runOnce()).toMatchObject({ retrying: 1 });
    expect(new Date((await rowsFor(id))[1].next_attempt_at as string).getTime()).toBe(t1 + 10 * MINUTE);
    later(10 * MINUTE - 1000);
    expect((await w.runOnce()).leased).toBe(0);
    later(1000);
    expect(await w.runOnce()).toMatchObject({ delivered: 1 });

    receiver.answer('/retry', { status: 503, headers: { 'Retry-After': new Date(clock.getTime() + 15 * MINUTE).toUTCString() } });
    await addContacts(user, 'Cy');
    const t2 = clock.getTime();
    await w.runOnce();
    expect(new Date((await rowsFor(id))[2].next_attempt_at as string).getTime()).toBe(t2 + 15 * MINUTE);
    later(15 * MINUTE);
    expect(await w.runOnce()).toMatchObject({ delivered: 1 });
    expect((await rowsFor(id)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('gives up after the last attempt and marks it failed; a 4xx is not retried; an unreachable receiver is', async () => {
    const user = await createTestUser(t.database, 'finn');
    const down = await hook(user, '/down', ['contact.added']);
    receiver.answer('/down', { status: 503 }, { status: 502 }, { status: 500 });
    await addContacts(user, 'Dee');
    const w = worker();
    await w.runOnce();
    later(MINUTE);
    await w.runOnce();
    expect((await rowsFor(down))[0]).toMatchObject({ status: 'pending', attempts: 2, last_status_code: 502 });
    later(2 * MINUTE);
    expect(await w.runOnce()).toMatchObject({ failed: 1 });
    expect((await rowsFor(down))[0]).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 500, next_attempt_at: null });
    later(86_400_000);
    await w.runOnce();
    expect(receiver.received('/down')).toHaveLength(3);
    const failed = await t.h.call(user.id, 'list_webhook_deliveries', { status: 'failed' });
    expect(failed.deliveries).toMatchObject([{ event: 'contact.added', attempts: 3, last_status_code: 500, last_error: 'HTTP 500: no' }]);

    const gone = await hook(user, '/gone', ['interaction.logged']);
    receiver.answer('/gone', { status: 410 });
    const dee = (await t.h.call(user.id, 'find_contacts', { query: 'Dee' })).contacts[0];
    await t.h.call(user.id, 'log_interaction', { contact: dee.id, interaction_type: 'email' });
    expect(await w.runOnce()).toMatchObject({ failed: 1 });
    expect((await rowsFor(gone))[0]).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410 });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nowhere = (await t.h.call(user.id, 'create_webhook', { url: `http://127.0.0.1:${port}/x`, events: ['contact.added'] })).webhook.id;
    secrets.push('');
    await addContacts(user, 'Eve');
    await w.runOnce();
    expect((await rowsFor(nowhere))[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null, last_error: expect.stringMatching(/ECONNREFUSED/) });
    await t.h.confirmed(user.id, 'delete_webhook', { webhook: nowhere });
  });

  it('a receiver that does not answer costs one timeout: the others are delivered in the same run', async () => {
    const user = await createTestUser(t.database, 'gus');
    const slow = await hook(user, '/slow', ['contact.added']);
    const fast = await hook(user, '/fast', ['contact.added']);
    receiver.answer('/slow', 'hang', 'hang', 'hang');
    await addContacts(user, 'A', 'B', 'C');
    const w = worker({ timeoutMs: 300 });
    const report = await w.runOnce();
    expect(report).toMatchObject({ leased: 6, delivered: 3, retrying: 2, deferred: 1 });
    expect((await rowsFor(fast)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const slowRows = await rowsFor(slow);
    expect(slowRows.map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    expect(slowRows.map((d) => d.attempts).sort()).toEqual([0, 1, 1]); // the third was not tried: it waits with the others
    expect(new Set(slowRows.map((d) => new Date(d.next_attempt_at as string).getTime()))).toEqual(new Set([clock.getTime() + MINUTE]));
    expect(slowRows.filter((d) => d.attempts === 1).map((d) => d.last_error)).toEqual(['no answer within 0.3 s', 'no answer within 0.3 s']);
    expect(receiver.received('/slow')).toHaveLength(2);
    await t.h.confirmed(user.id, 'delete_webhook', { webhook: slow });
  });

  it('outside tests, refuses to send to loopback and private addresses, by literal or by name', async () => {
    const user = await createTestUser(t.database, 'hana');
    const literal = await hook(user, '/private', ['contact.added']);
    const port = new URL(receiver.url('/')).port;
    const named = (await t.h.call(user.id, 'create_webhook', { url: `http://localhost:${port}/private`, events: ['contact.added'] })).webhook.id;
    await addContacts(user, 'Ivy');
    const strict = worker({ runtime: { ...t.h.runtime, allowPrivateNetworks: false, log: stderrLogger('info', (line) => lines.push(line)) } });
    expect(await strict.runOnce()).toMatchObject({ leased: 2, failed: 2 });
    expect((await rowsFor(literal))[0]).toMatchObject({ status: 'failed', last_error: '127.0.0.1 is a loopback or private address: refused' });
    expect((await rowsFor(named))[0].last_error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback or private address: refused/);
    expect(receiver.received('/private')).toEqual([]);
  });

  it('an import of contacts produces one contact.added delivery each, all delivered', async () => {
    const user = await createTestUser(t.database, 'ines');
    await hook(user, '/import', ['contact.added']);
    const names = Array.from({ length: 20 }, (_, i) => `Person${i}`);
    const csv = `First Name,Last Name,Email Address\n${names.map((n) => `${n},Imported,${n.toLowerCase()}@example.com`).join('\n')}\n`;
    await t.h.call(user.id, 'import_file', { content: csv, filename: 'contacts.csv', dry_run: false });
    expect(await worker().runOnce()).toMatchObject({ leased: 20, delivered: 20 });
    const got = receiver.received('/import');
    expect(got.every((r) => r.verified && r.json.event === 'contact.added')).toBe(true);
    expect(got.map((r) => (r.json.data.contact as { first_name: string }).first_name).sort()).toEqual([...names].sort());
  });

  it('two workers (two processes\' connections) never send one delivery twice', async () => {
    const user = await createTestUser(t.database, 'jo');
    const id = await hook(user, '/race', ['contact.added']);
    await addContacts(user, ...Array.from({ length: 60 }, (_, i) => `R${i}`));
    const second: Database = storage === 'postgres' ? await openDatabase({ databaseUrl: (t.database as unknown as { databaseUrl: string }).databaseUrl, poolSize: 4 }) : t.database;
    try {
      const a = worker({ batchSize: 20 });
      const b = worker({ batchSize: 20, runtime: { ...t.h.runtime, db: second.db, log: stderrLogger('info', (line) => lines.push(line)) } });
      const reports = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      expect(reports.reduce((n, r) => n + r.leased, 0)).toBe(60);
      const ids = receiver.received('/race').map((r) => r.json.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      expect((await rowsFor(id)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    } finally {
      if (second !== t.database) await second.close();
    }
  });

  it('a send left by a process that died is taken again once its lease runs out', async () => {
    const user = await createTestUser(t.database, 'kai');
    const id = await hook(user, '/lease', ['contact.added']);
    await addContacts(user, 'Lee');
    const [row] = await rowsFor(id);
    await t.database.db.execute(sql`update crm_webhook_deliveries set status = 'sending', attempts = 1, leased_until = ${new Date(clock.getTime() + 2 * MINUTE).toISOString()}::timestamptz where id = ${row.id as string}::uuid`);
    const w = worker();
    expect((await w.runOnce()).leased).toBe(0);
    later(2 * MINUTE + 1000);
    expect(await w.runOnce()).toMatchObject({ leased: 1, delivered: 1 });
    expect((await rowsFor(id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('the reminder scheduler raises follow_up.due once per follow-up and day, for webhooks that existed by then', async () => {
    const user = await createTestUser(t.database, 'lou');
    at(Date.parse('2026-12-01T10:00:00Z'));
    const ann = await t.h.call(user.id, 'add_contact', { first_name: 'Ann', last_name: 'Due' });
    const bo = await t.h.call(user.id, 'add_contact', { first_name: 'Bo', last_name: 'Later' });
    const old = await t.h.call(user.id, 'add_contact', { first_name: 'Old', last_name: 'Overdue' });
    await t.h.call(user.id, 'schedule_follow_up', { contact: old.contact.id, date: '2026-11-28', reason: 'Long overdue' });
    at(Date.parse('2026-12-02T10:00:00Z'));
    const id = await hook(user, '/due', ['follow_up.due']);
    await t.h.call(user.id, 'schedule_follow_up', { contact: ann.contact.id, date: '2026-12-02', reason: 'Send Ann the deck' });
    await t.h.call(user.id, 'schedule_follow_up', { contact: bo.contact.id, date: '2026-12-04', reason: 'Call Bo' });
    const scheduler = (n: number) => createReminderScheduler({
      runtime: t.h.runtime, publicUrl: 'http://kith.test', linkKey: async () => Buffer.alloc(32, n),
      channels: { email: async () => { throw new Error('no mail here'); }, push: async () => { throw new Error('no push here'); } },
    });
    const [one, two] = [scheduler(1), scheduler(2)];
    expect((await one.runOnce(clock)).followUpsDue).toBe(1);
    expect((await two.runOnce(clock)).followUpsDue).toBe(0);
    expect((await one.runOnce(clock)).followUpsDue).toBe(0);
    at(Date.parse('2026-12-04T09:00:00Z'));
    expect((await two.runOnce(clock)).followUpsDue).toBe(1);
    await t.h.call(user.id, 'snooze_follow_up', { contact: bo.contact.id, days: 1 });
    at(Date.parse('2026-12-05T09:00:00Z'));
    expect((await one.runOnce(clock)).followUpsDue).toBe(1); // snoozed: due again on its new day
    expect(await worker().runOnce()).toMatchObject({ delivered: 3 });
    const got = receiver.received('/due');
    expect(got.every((r) => r.verified && r.json.event === 'follow_up.due')).toBe(true);
    expect(got.map((r) => [(r.json.data.follow_up as { title: string }).title, (r.json.data.follow_up as { due_date: string }).due_date]).sort())
      .toEqual([['Call Bo', '2026-12-04'], ['Call Bo', '2026-12-05'], ['Send Ann the deck', '2026-12-02']]);
    expect(got.find((r) => (r.json.data.follow_up as { title: string }).title === 'Send Ann the deck')!.json.data.contact).toMatchObject({ id: ann.contact.id, first_name: 'Ann' });
    expect((await rowsFor(id))).toHaveLength(3);
  });

  it('logs failures without secrets or URLs', () => {
    expect(lines.some((l) => l.includes('webhooks: a delivery failed'))).toBe(true);
    const all = lines.join('\n');
    for (const secret of secrets.filter(Boolean)) expect(all).not.toContain(secret);
    for (const path of ['/retry', '/down', '/slow', '/private']) expect(all).not.toContain(path);
  });
});
