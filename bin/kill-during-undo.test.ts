import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test-support/run-cli.js';
import { startServe } from '../test-support/serve-process.js';
import { createTestDatabase, STORAGES, type TestDatabase } from '../test-support/test-database.js';

type Exported = { contacts: Array<{ id: string }>; interactions: Array<{ contact_id: string }> };

// kill -9 of `kith serve` while deletes and their undos are being answered: on restart every
// acknowledged write is there, each contact exactly as its last acknowledged call left it.
describe.each(STORAGES)('kill -9 of kith serve during undo, on %s', { timeout: 300_000 }, (storage) => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-kill-undo-'));
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged delete and undo', async () => {
    const data = join(dir, 'data');
    let env: NodeJS.ProcessEnv = {};
    if (storage === 'postgres') {
      database = await createTestDatabase('postgres');
      env = { DATABASE_URL: (database as unknown as { databaseUrl: string }).databaseUrl };
    }
    const cliArgs = storage === 'postgres' ? [] : ['--data', data];
    // One user per worker: each worker's "undo" is then of its own last delete.
    const WORKERS = 3;
    const PER_WORKER = 4;
    const tokens: string[] = [];
    const emails: string[] = [];
    for (let w = 0; w < WORKERS; w++) {
      const email = `worker${w}-${Date.now()}@example.test`;
      emails.push(email);
      expect(runCli([...cliArgs, 'user', 'add', email], { env }).status).toBe(0);
      const made = runCli([...cliArgs, '--user', email, 'token', 'create'], { env });
      expect(made.status, made.stderr).toBe(0);
      tokens.push(made.stdout.trim());
    }
    const serve = await startServe(data, { env });
    const post = async (w: number, tool: string, input: unknown) => {
      const res = await fetch(`${serve.url}/api/tools/${tool}`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[w]}` }, body: JSON.stringify(input),
      });
      if (!res.ok) throw new Error(`${tool}: HTTP ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    /** A destructive call the user said yes to: the 409's approval id, then the call with it. */
    const confirmed = async (w: number, tool: string, input: Record<string, unknown>) => {
      const asked = await fetch(`${serve.url}/api/tools/${tool}`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[w]}` }, body: JSON.stringify(input),
      });
      const { error } = await asked.json() as { error?: { approval_id?: string } };
      if (asked.status !== 409 || !error?.approval_id) throw new Error(`${tool}: expected a confirmation, got HTTP ${asked.status}`);
      return post(w, tool, { ...input, confirm: true, approval_id: error.approval_id });
    };

    const contacts: string[][] = [];
    for (let w = 0; w < WORKERS; w++) {
      contacts.push([]);
      for (let i = 0; i < PER_WORKER; i++) {
        const { contact } = await post(w, 'add_contact', { first_name: `W${w}`, last_name: `C${i}`, email: `w${w}c${i}@example.test` }) as { contact: { id: string } };
        for (let k = 0; k < 2; k++) await post(w, 'log_interaction', { contact: contact.id, interaction_type: 'call', notes: `call ${k}` });
        contacts[w].push(contact.id);
      }
    }
    /** What each contact's last acknowledged call left: present (with 2 interactions) or deleted; in flight: either. */
    const acknowledged = new Map<string, 'present' | 'deleted'>();
    const inFlight = new Set<string>();
    for (const list of contacts) for (const id of list) acknowledged.set(id, 'present');
    let acks = 0;
    let killed = false;
    const worker = async (w: number) => {
      // Deletes and undoes sequentially, one request at a time per worker, each undo reversing its own delete.
      for (let round = 0; !killed; round++) {
        const id = contacts[w][round % PER_WORKER];
        try {
          inFlight.add(id);
          await confirmed(w, 'delete_contact', { contact: id });
          acknowledged.set(id, 'deleted');
          acks++;
          await post(w, 'undo', {});
          acknowledged.set(id, 'present');
          acks++;
          inFlight.delete(id);
        } catch {
          return; // the server is gone; `id` stays in flight
        }
      }
    };
    const running = Array.from({ length: WORKERS }, (_, w) => worker(w));
    while (acks < 30) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    await serve.stop('SIGKILL');
    await Promise.all(running);

    const exported: Exported = { contacts: [], interactions: [] };
    for (const email of emails) {
      const out = runCli([...cliArgs, '--user', email, 'export', '--format', 'json'], { env });
      expect(out.status, out.stderr).toBe(0);
      const one = JSON.parse(out.stdout) as Exported;
      exported.contacts.push(...one.contacts);
      exported.interactions.push(...one.interactions);
    }
    const present = new Set(exported.contacts.map((c) => c.id));
    for (const [id, state] of acknowledged) {
      if (inFlight.has(id)) continue;
      expect(present.has(id), `${id} should be ${state}`).toBe(state === 'present');
      if (state === 'present') expect(exported.interactions.filter((i) => i.contact_id === id)).toHaveLength(2);
    }
    // a contact caught in flight is whole or gone, never half restored
    for (const id of inFlight) {
      const n = exported.interactions.filter((i) => i.contact_id === id).length;
      expect(present.has(id) ? n : 0).toBe(present.has(id) ? 2 : 0);
    }
    expect(acks).toBeGreaterThanOrEqual(30);
  });
});
