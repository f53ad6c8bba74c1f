/**
 * The robustness bench's attacker, in a worker thread of its own: the bench measures the stall the
 * server gives another user, so the attacker's own work (building a 1 MB message, sending 50 MB)
 * must not run on the server's event loop, as it would not on a real server. `ATTACK=n` in the
 * environment sends only the n-th input of each round (to find which one makes others wait).
 */
import { parentPort, workerData } from 'node:worker_threads';

interface Attack { base: string; token: string; rounds: number; messageLimit: number; referenceLimit: number }
const { base, token, rounds, messageLimit, referenceLimit } = workerData as Attack;

const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }).then((r) => r.text()).catch(() => '');
const chat = (t: string) => post('/api/chat', { id: crypto.randomUUID(), messages: [{ id: 'm', role: 'user', parts: [{ type: 'text', text: t }] }] });

for (let round = 0; round < rounds; round++) {
  const only = process.env.ATTACK ? Number(process.env.ATTACK) : -1;
  await Promise.all(([
    () => chat('a'.repeat(1_000_000)), () => chat('a'.repeat(messageLimit)), () => chat(`untag ${' '.repeat(messageLimit - 20)}x`),
    () => chat('log coffee with Priya and '.repeat(Math.floor(messageLimit / 26))),
    () => post('/api/follow-ups', { contact: 'x'.repeat(300_000), date: '2026-12-01' }),
    () => post('/api/follow-ups', { contact: 'x'.repeat(referenceLimit), date: '2026-12-01' }),
    () => fetch(`${base}/slack/events`, { method: 'POST', body: new Uint8Array(50 * 1024 * 1024) }).then((r) => r.text()).catch(() => ''),
    () => post('/api/contacts', { first_name: 'A', notes: 'n'.repeat(2 * 1024 * 1024) }),
  ] as Array<() => Promise<unknown>>).filter((_, i) => only < 0 || i === only).map((f) => f()));
}
parentPort?.postMessage('done');
