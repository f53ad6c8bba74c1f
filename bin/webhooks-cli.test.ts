import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../test-support/run-cli.js';

describe('kith webhooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-webhooks-cli-'));
  const kith = (...args: string[]) => runCli(['--data', join(dir, 'data'), ...args], { env: { KITH_EMBEDDING_MODEL: 'lexical' } });

  it('adds a webhook showing its secret once, lists it without it, shows the log, and removes it only with --yes', { timeout: 240_000 }, async () => {
    const added = kith('webhooks', 'add', 'https://hooks.example.com/kith', '--events', 'contact.added,follow_up.due', '--description', 'Zapier');
    expect(added.status, added.stderr).toBe(0);
    const out = JSON.parse(added.stdout);
    expect(out.webhook).toMatchObject({ url: 'https://hooks.example.com/kith', events: ['contact.added', 'follow_up.due'], description: 'Zapier', secret: 'set' });
    expect(out.secret).toMatch(/^whsec_/);
    expect(added.stderr).toContain(out.secret);

    const imported = kith('call', 'import_data', '--input', JSON.stringify({ data: { contacts: [{ first_name: 'Ada', last_name: 'Lovelace' }] } }));
    expect(imported.status, imported.stderr).toBe(0);
    const listed = kith('webhooks', 'list');
    expect(JSON.parse(listed.stdout).webhooks).toMatchObject([{ id: out.webhook.id, deliveries: { waiting: 1, delivered: 0, failed: 0 } }]);
    expect(listed.stdout + listed.stderr).not.toContain(out.secret);
    const log = JSON.parse(kith('webhooks', 'deliveries', '--webhook', out.webhook.id, '--payload').stdout);
    expect(log.deliveries).toMatchObject([{ event: 'contact.added', status: 'pending', attempts: 0, payload: { contact: { first_name: 'Ada', last_name: 'Lovelace' } } }]);

    const privateTarget = kith('webhooks', 'add', 'http://127.0.0.1:9/hook', '--events', 'contact.added');
    expect(privateTarget.status).not.toBe(0);
    expect(privateTarget.stderr).toContain('public address');

    const asked = kith('webhooks', 'remove', out.webhook.id);
    expect(asked.status, asked.stderr).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ status: 'confirmation_required', summary: 'Delete the webhook to hooks.example.com (contact.added, follow_up.due), dropping 1 deliveries not sent yet?' });
    const removed = kith('webhooks', 'remove', out.webhook.id, '--yes');
    expect(JSON.parse(removed.stdout).status, removed.stderr).toBe('deleted');
    expect(JSON.parse(kith('webhooks', 'list').stdout).webhooks).toEqual([]);
  });
});
