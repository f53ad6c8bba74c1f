import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createTestDatabase, type TestStorage } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { createWebhookWorker } from '../app/webhooks/webhook-worker.js';
import { printTable, round } from './stats.js';

export interface WebhooksBenchOptions { deliveries?: number; storages?: TestStorage[] }

/**
 * Outgoing webhooks: what the contact.added trigger adds to an import of N contacts (against the
 * same import by a user without webhooks), and how fast the worker drains N deliveries to a
 * receiver on 127.0.0.1 that checks every signature: to one endpoint (at most 2 requests in flight
 * to it) and spread over four (8 in flight), with the worker's default batch and pool.
 */
export async function runWebhooksBench(options: WebhooksBenchOptions = {}) {
  const n = options.deliveries ?? 2000;
  const rows: Array<Record<string, unknown>> = [];
  for (const storage of options.storages ?? (['pglite', 'postgres'] as const)) {
    const database = await createTestDatabase(storage);
    const receiver = await startWebhookReceiver();
    try {
      const h = toolHarness(database);
      h.setNow(new Date().toISOString());
      h.runtime.allowPrivateNetworks = true;
      const importAs = async (userId: string, prefix: string, count: number) => {
        const start = performance.now();
        await h.call(userId, 'import_data', { data: { contacts: Array.from({ length: count }, (_, i) => ({ first_name: `${prefix}${i}`, last_name: 'Bench' })) } });
        return performance.now() - start;
      };
      // the first import of a process pays for warming up; it is not counted
      await importAs((await addUser(database.db, `bench-warm-${Date.now()}@example.test`)).id, 'W', n);
      const plainMs = await importAs((await addUser(database.db, `bench-plain-${Date.now()}@example.test`)).id, 'P', n);

      /** A user with `endpoints` webhooks imports n / endpoints contacts (n deliveries in all); the worker drains them. */
      const drain = async (endpoints: number, label: string) => {
        const user = await addUser(database.db, `bench-${label}-${Date.now()}@example.test`);
        for (let i = 0; i < endpoints; i++) {
          const out = await h.call(user.id, 'create_webhook', { url: receiver.url(`/${label}/${i}`), events: ['contact.added'] });
          receiver.setSecret(`/${label}/${i}`, out.secret);
        }
        const importMs = await importAs(user.id, label, Math.ceil(n / endpoints));
        const worker = createWebhookWorker({ runtime: h.runtime });
        const start = performance.now();
        let sent = 0;
        for (let r = await worker.runOnce(); r.leased > 0; r = await worker.runOnce()) sent += r.delivered;
        const seconds = (performance.now() - start) / 1000;
        await worker.stop();
        const verified = receiver.received().filter((r) => r.path.startsWith(`/${label}/`) && r.verified).length;
        return { importMs, sent, seconds, verified };
      };
      const one = await drain(1, 'one');
      const four = await drain(4, 'four');
      rows.push({
        storage,
        [`import ${n} contacts, no webhook (ms)`]: round(plainMs, 0),
        [`same, 1 webhook (ms)`]: round(one.importMs, 0),
        'trigger adds (ms per contact)': round((one.importMs - plainMs) / n, 3),
        'deliveries/s, 1 endpoint': Math.round(one.sent / one.seconds),
        'deliveries/s, 4 endpoints': Math.round(four.sent / four.seconds),
        verified: `${one.verified + four.verified}/${one.sent + four.sent}`,
      });
    } finally {
      await receiver.close();
      await database.drop();
    }
  }
  const figures = { deliveries: n, load_average: loadavg().map((l) => round(l, 2)), rows };
  printTable(`Webhooks: ${n} contact.added deliveries to a local receiver (signature checked)`, rows);
  mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot(), 'bench', 'results', 'webhooks.json'), JSON.stringify(figures, null, 2));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--deliveries');
  await runWebhooksBench({ deliveries: i > 0 ? Number(process.argv[i + 1]) : undefined });
}
