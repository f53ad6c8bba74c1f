import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { startFakeHubSpot } from '../test-support/fake-hubspot.js';
import { addUser } from '../accounts/users.js';
import { packageRoot } from '../db/package-root.js';
import { printTable, round } from './stats.js';

export interface CrmSyncBenchOptions { contacts?: number }

const TOKEN = 'pat-na1-bench';

/**
 * HubSpot sync of 10,000 contacts against the local CRM v3 server, which enforces HubSpot's
 * Enterprise private-app limit (190 requests per 10 s, search 5 per second) with 429 and
 * Retry-After: in (a first sync reading every contact into an empty Kith), out (a Kith of 10,000
 * contacts into an empty HubSpot), and an incremental sync with nothing changed.
 */
export async function runCrmSyncBench(options: CrmSyncBenchOptions = {}) {
  const n = options.contacts ?? 10_000;
  const database = await createTestDatabase('pglite');
  const hubIn = await startFakeHubSpot({ token: TOKEN, limit: { requests: 190, perMs: 10_000 }, searchPerSecond: 5 });
  const hubOut = await startFakeHubSpot({ token: TOKEN, limit: { requests: 190, perMs: 10_000 }, searchPerSecond: 5 });
  try {
    const h = toolHarness(database);
    h.setNow(new Date().toISOString());
    const reader = await addUser(database.db, `bench-crm-in-${Date.now()}@example.test`);
    const writer = await addUser(database.db, `bench-crm-out-${Date.now()}@example.test`);
    for (let i = 0; i < n; i++) hubIn.put('contacts', { firstname: `Ana${i}`, lastname: `Lima${i}`, email: `ana${i}@globex.example`, company: 'Globex', jobtitle: 'Engineer', phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}` });
    await h.call(writer.id, 'import_data', { data: { contacts: Array.from({ length: n }, (_, i) => ({ first_name: `Ben${i}`, last_name: `Okafor${i}`, email: `ben${i}@initech.example`, company: 'Initech' })) } });
    await h.call(reader.id, 'connect_crm', { provider: 'hubspot', access_token: TOKEN, base_url: hubIn.url });
    await h.call(writer.id, 'connect_crm', { provider: 'hubspot', access_token: TOKEN, base_url: hubOut.url });

    const timed = async (userId: string) => {
      const start = performance.now();
      const report = await h.call(userId, 'sync_crm', { provider: 'hubspot' });
      return { seconds: (performance.now() - start) / 1000, report };
    };
    const pull = await timed(reader.id);
    h.setNow(new Date(Date.now() + 1000).toISOString());
    const push = await timed(writer.id);
    h.setNow(new Date(Date.now() + 2000).toISOString());
    const again = await timed(writer.id);
    const row = (op: string, r: Awaited<ReturnType<typeof timed>>, records: number) => ({
      op, seconds: round(r.seconds, 2), records_per_second: Math.round(records / r.seconds), requests: r.report.requests, answered_429: r.report.rate_limited,
      in_kith: r.report.contacts.created_in_kith, in_hubspot: r.report.contacts.created_remote,
    });
    const rows = [
      row(`first sync in: ${n} HubSpot contacts into Kith`, pull, pull.report.contacts.created_in_kith),
      row(`first sync out: ${n} Kith contacts into HubSpot`, push, push.report.contacts.created_remote),
      row('incremental sync, nothing changed', again, n),
    ];
    const figures = {
      dataset: { contacts: n, storage: 'pglite', rate_limit: '190 requests / 10 s, search 5 / s' },
      operations: rows,
      target: { records_per_second: 500 },
      met: { in: pull.report.contacts.created_in_kith / pull.seconds >= 500, out: push.report.contacts.created_remote / push.seconds >= 500 },
      check: { hubspot_in_kith: hubIn.objects('contacts').length, kith_in_hubspot: hubOut.objects('contacts').length },
    };
    printTable('CRM sync: HubSpot, 10,000 contacts, within its rate limit (PGlite)', rows);
    mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot(), 'bench', 'results', 'crm-sync.json'), JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    await hubIn.close();
    await hubOut.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--contacts');
  await runCrmSyncBench({ contacts: i > 0 ? Number(process.argv[i + 1]) : undefined });
}
