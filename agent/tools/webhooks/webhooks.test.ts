import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { toolHarness } from '../../../test-support/tool-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test-support/webhook-receiver.js';
import { withUser } from '../../../db/with-user.js';
import { webhookSecretPurpose } from './webhook-signature.js';

const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

describe.each(STORAGES)('webhooks on %s', (storage) => {
  const t = withAliceAndBob(storage);
  let receiver: WebhookReceiver;
  const seen = (userId: string, query: ReturnType<typeof sql>) => withUser(t.database.db, userId, async (tx) => rowsOf(await tx.execute(query)));
  /** Alice's deliveries of one webhook, oldest first, as the server sees them. */
  const deliveriesOf = async (webhookId: string) => rowsOf(await t.database.db.execute(sql`
    select event, payload, status, attempts, event_key from crm_webhook_deliveries where webhook_id = ${webhookId}::uuid order by created_at, id`));

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ now: () => new Date('2026-11-25T15:00:00Z').getTime() });
    // tests post to a receiver on 127.0.0.1, which a Kith refuses unless it is allowed
    t.h.runtime.allowPrivateNetworks = true;
  });
  afterAll(async () => { await receiver?.close(); });

  it('creates a webhook with a secret shown once, sealed at rest, never listed again', async () => {
    const out = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/a'), events: ['contact.added', 'contact.added'], description: 'CRM mirror' });
    expect(out.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(out.webhook).toMatchObject({ url: receiver.url('/a'), events: ['contact.added'], description: 'CRM mirror', secret: 'set', deliveries: { waiting: 0, delivered: 0, failed: 0 } });
    const [stored] = await seen(t.alice.id, sql`select id, user_id, secret from crm_webhooks`);
    expect(String(stored.secret)).toMatch(/^v1:/);
    expect(String(stored.secret)).not.toContain(out.secret.slice(6, 20));
    expect(t.h.runtime.secrets!.open(String(stored.secret), webhookSecretPurpose(out.webhook.id, t.alice.id))).toBe(out.secret);
    // sealed for this webhook of this user: the same ciphertext under another webhook's name does not open
    expect(() => t.h.runtime.secrets!.open(String(stored.secret), webhookSecretPurpose(out.webhook.id, t.bob.id))).toThrow();
    const listed = await t.h.call(t.alice.id, 'list_webhooks');
    expect(listed.webhooks.map((w: { id: string }) => w.id)).toEqual([out.webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(out.secret);
    await t.h.confirmed(t.alice.id, 'delete_webhook', { webhook: out.webhook.id });
  });

  it('refuses URLs that are not http(s), and private or loopback targets unless the instance allows them', async () => {
    for (const url of ['ftp://example.com/hook', 'javascript:alert(1)', 'not a url', 'file:///etc/passwd']) {
      expect((await t.h.error(t.alice.id, 'create_webhook', { url, events: ['contact.added'] })).details.field, url).toBe('url');
    }
    expect((await t.h.error(t.alice.id, 'create_webhook', { url: 'https://example.com/hook', events: [] })).details.field).toBe('events');
    const strict = toolHarness(t.database); // a runtime as kith serve makes it without KITH_WEBHOOKS_ALLOW_PRIVATE
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://api.localhost/hook', 'http://[::1]/hook', 'http://10.1.2.3/hook',
      'http://192.168.0.10/hook', 'http://169.254.169.254/latest/meta-data', 'http://0x7f.1/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://0.0.0.0/hook']) {
      const refused = await strict.error(t.alice.id, 'create_webhook', { url, events: ['contact.added'] });
      expect(refused.message, url).toMatch(/public address/);
    }
    const ok = await strict.call(t.alice.id, 'create_webhook', { url: 'https://hooks.example.com/kith', events: ['interaction.logged'] });
    expect(ok.webhook.url).toBe('https://hooks.example.com/kith');
    await strict.confirmed(t.alice.id, 'delete_webhook', { webhook: ok.webhook.id });
  });

  it('the triggers queue each event for the endpoints that chose it, with the record, whatever surface wrote it', async () => {
    const all = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/all'), events: ['contact.added', 'interaction.logged', 'opportunity.stage_changed'] });
    const contactsOnly = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/contacts'), events: ['contact.added'] });
    const priya = await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com', company: 'Stripe' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: priya.contact.id, interaction_type: 'coffee_chat', subject: 'Coffee' });
    const opp = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Staff Engineer', contact: priya.contact.id });
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: opp.opportunity.id, notes: 'no stage change' });
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: opp.opportunity.id, status: 'phone_screen' });
    await t.h.call(t.alice.id, 'import_file', { content: 'First Name,Last Name,Email Address\nAda,Lovelace,ada@example.com\nGrace,Hopper,grace@example.com\n', filename: 'c.csv', dry_run: false });

    const events = await deliveriesOf(all.webhook.id);
    expect(events.map((d) => d.event)).toEqual(['contact.added', 'interaction.logged', 'opportunity.stage_changed', 'contact.added', 'contact.added']);
    expect(events.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
    const [added, logged, moved] = events.map((d) => d.payload as Record<string, Record<string, unknown>>);
    expect(added.contact).toMatchObject({ id: priya.contact.id, first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com', company: 'Stripe' });
    expect(added.contact).not.toHaveProperty('user_id');
    expect(Object.keys(added.contact).filter((k) => k.endsWith('_key') || k === 'search_text')).toEqual([]);
    expect(logged.interaction).toMatchObject({ interaction_type: 'coffee_chat', subject: 'Coffee', contact_id: priya.contact.id });
    expect(logged.contact).toEqual({ id: priya.contact.id, first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com', company: 'Stripe' });
    expect(moved).toMatchObject({ from: 'interested', to: 'phone_screen', opportunity: { id: opp.opportunity.id, status: 'phone_screen', company_name: 'Stripe' }, contact: { id: priya.contact.id } });
    const firstNames = async (id: string) => (await deliveriesOf(id)).map((d) => (d.payload as { contact: { first_name: string } }).contact.first_name).sort();
    expect(await firstNames(contactsOnly.webhook.id)).toEqual(['Ada', 'Grace', 'Priya']);

    // SQL written by hand as the user raises the event too; a transaction that rolls back raises none
    await withUser(t.database.db, t.alice.id, (tx) => tx.execute(sql`insert into crm_contacts (user_id, first_name, last_name) values (${t.alice.id}::uuid, 'Hand', 'Written')`));
    await expect(withUser(t.database.db, t.alice.id, async (tx) => {
      await tx.execute(sql`insert into crm_contacts (user_id, first_name, last_name) values (${t.alice.id}::uuid, 'Rolled', 'Back')`);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await firstNames(contactsOnly.webhook.id)).toEqual(['Ada', 'Grace', 'Hand', 'Priya']);
    const before = (await deliveriesOf(all.webhook.id)).length;
    const listed = await t.h.call(t.alice.id, 'list_webhooks');
    expect(listed.webhooks.find((w: { id: string }) => w.id === all.webhook.id).deliveries).toMatchObject({ waiting: before, delivered: 0, failed: 0 });
  });

  it('a ping reaches the receiver signed, and goes into the log', async () => {
    const hook = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/ping'), events: ['follow_up.due'] });
    receiver.setSecret('/ping', hook.secret);
    const ping = await t.h.call(t.alice.id, 'test_webhook', { webhook: hook.webhook.id });
    expect(ping).toMatchObject({ delivered: true, status_code: 200, error: null, delivery: { event: 'ping', status: 'delivered', attempts: 1 } });
    const [got] = receiver.received('/ping');
    expect(got.verified).toBe(true);
    expect(got.json).toMatchObject({ id: ping.delivery.id, event: 'ping', data: { webhook_id: hook.webhook.id, events: ['follow_up.due'] } });
    expect(got.headers['kith-webhook-id']).toBe(ping.delivery.id);
    receiver.answer('/ping', { status: 503 });
    const refused = await t.h.call(t.alice.id, 'test_webhook', { webhook: receiver.url('/ping') });
    expect(refused).toMatchObject({ delivered: false, status_code: 503, delivery: { status: 'failed' } });
    expect(refused.error).toMatch(/^HTTP 503/);
    const log = await t.h.call(t.alice.id, 'list_webhook_deliveries', { webhook: hook.webhook.id, include_payload: true });
    expect(log.deliveries.map((d: { status: string }) => d.status)).toEqual(['failed', 'delivered']);
    expect(JSON.stringify(log)).not.toContain(hook.secret);
  });

  it('deleting needs a yes, and takes the webhook\'s log with it', async () => {
    const hook = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/doomed'), events: ['contact.added'] });
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Tom', last_name: 'Baker' });
    const ask = await t.h.call(t.alice.id, 'delete_webhook', { webhook: hook.webhook.id });
    expect(ask).toMatchObject({ status: 'confirmation_required', summary: expect.stringMatching(/^Delete the webhook to 127\.0\.0\.1:\d+ \(contact\.added\), dropping 1 deliveries not sent yet\?$/) });
    expect((await t.h.call(t.alice.id, 'list_webhooks')).webhooks.some((w: { id: string }) => w.id === hook.webhook.id)).toBe(true);
    expect((await t.h.confirmed(t.alice.id, 'delete_webhook', { webhook: hook.webhook.id })).status).toBe('deleted');
    expect(await deliveriesOf(hook.webhook.id)).toEqual([]);
    expect((await t.h.error(t.alice.id, 'test_webhook', { webhook: hook.webhook.id })).code).toBe('not_found');
  });

  it('undo brings a deleted webhook back, with the secret its receiver knows', async () => {
    const hook = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/undo'), events: ['contact.added'] });
    receiver.setSecret('/undo', hook.secret);
    await t.h.confirmed(t.alice.id, 'delete_webhook', { webhook: hook.webhook.id });
    expect((await t.h.error(t.alice.id, 'test_webhook', { webhook: hook.webhook.id })).code).toBe('not_found');
    await t.h.call(t.alice.id, 'undo');
    expect((await t.h.call(t.alice.id, 'test_webhook', { webhook: hook.webhook.id })).delivered).toBe(true);
    expect(receiver.received('/undo').map((r) => r.verified)).toEqual([true]);
    await t.h.confirmed(t.alice.id, 'delete_webhook', { webhook: hook.webhook.id });
  });

  it('user B never sees, uses or feeds user A\'s webhooks and deliveries', async () => {
    const hook = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/alice'), events: ['contact.added'] });
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Alice', last_name: 'Own' });
    await t.h.call(t.bob.id, 'add_contact', { first_name: 'Bob', last_name: 'Own' });
    expect((await deliveriesOf(hook.webhook.id)).map((d) => (d.payload as { contact: { first_name: string } }).contact.first_name)).toEqual(['Alice']);

    expect((await t.h.call(t.bob.id, 'list_webhooks')).webhooks).toEqual([]);
    expect((await t.h.call(t.bob.id, 'list_webhook_deliveries')).deliveries).toEqual([]);
    for (const tool of ['test_webhook', 'delete_webhook', 'list_webhook_deliveries']) {
      expect((await t.h.error(t.bob.id, tool, { webhook: hook.webhook.id })).code, tool).toBe('not_found');
      expect((await t.h.error(t.bob.id, tool, { webhook: receiver.url('/alice') })).code, tool).toBe('not_found');
    }
    expect(receiver.received('/alice')).toEqual([]);
    // below the tools: bob's queries see none of alice's rows, and cannot queue a delivery on her endpoint
    expect(await seen(t.bob.id, sql`select id from crm_webhooks`)).toEqual([]);
    expect(await seen(t.bob.id, sql`select id from crm_webhook_deliveries`)).toEqual([]);
    await expect(withUser(t.database.db, t.bob.id, (tx) => tx.execute(sql`
      insert into crm_webhook_deliveries (user_id, webhook_id, event, payload) values (${t.bob.id}::uuid, ${hook.webhook.id}::uuid, 'ping', '{}')`))).rejects.toThrow();
    await expect(withUser(t.database.db, t.bob.id, (tx) => tx.execute(sql`update crm_webhook_deliveries set status = 'delivered'`))).rejects.toThrow();
    expect((await seen(t.alice.id, sql`select count(*)::int as n from crm_webhook_deliveries where webhook_id = ${hook.webhook.id}::uuid`))[0].n).toBe(1);
  });

  it('the secret is in no export, no listing and no log row', async () => {
    const hook = await t.h.call(t.alice.id, 'create_webhook', { url: receiver.url('/export'), events: ['contact.added'] });
    const archive = await t.h.call(t.alice.id, 'export_archive');
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(Buffer.from(archive.content_base64, 'base64'));
    const text = Object.values(files).map((f) => strFromU8(f)).join('\n');
    expect(text).toContain(receiver.url('/export'));
    expect(text).not.toContain(hook.secret);
    expect(JSON.stringify(await t.h.call(t.alice.id, 'list_changes'))).not.toContain(hook.secret);
    expect(JSON.stringify(await t.h.call(t.alice.id, 'list_activities', { limit: 50 }))).not.toContain(hook.secret);
  });
});
