import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { toolHarness } from '../../test-support/tool-harness.js';
import { startServe, type ServeProcess } from '../../test-support/serve-process.js';
import { startSmtpCapture, type SmtpCapture } from '../../test-support/smtp-capture.js';
import { startPushService, type PushService } from '../../test-support/push-service.js';
import { createSecretBox } from '../../db/secret-box.js';
import { reminderDeliveries, users } from '../../db/schema/index.js';

// Two real `kith serve` processes on one PostgreSQL database, their clocks running a simulated
// day (KITH_NOW + KITH_CLOCK_RATE from one shared start), both looking every 100 ms.
const RATE = 7200; // two simulated hours a second: the day takes 12 s
const START_IN_MS = 25_000; // the simulated day starts once both processes are surely up
const DAY_START = Date.parse('2026-11-25T00:00:00Z');
const DAY_END = Date.parse('2026-11-26T01:00:00Z');

let database: TestDatabase;
let smtp: SmtpCapture;
let push: PushService;
let dataDir: string;
const serves: ServeProcess[] = [];
let alice: { id: string };
let carol: { id: string };

beforeAll(async () => {
  const key = randomBytes(32);
  database = await createTestDatabase('postgres');
  smtp = await startSmtpCapture();
  push = await startPushService();
  const h = toolHarness(database, { now: '2026-11-24T20:00:00Z' });
  h.runtime.secrets = createSecretBox(key); // the processes open the mailbox passwords with the same key
  alice = await createTestUser(database, 'alice');
  carol = await createTestUser(database, 'carol');
  await database.db.update(users).set({ timeZone: 'America/New_York' }).where(eq(users.id, carol.id));
  for (const [u, address] of [[alice, 'alice@example.test'], [carol, 'carol@example.test']] as const) {
    await h.call(u.id, 'connect_mailbox', { own_address: address, smtp_host: smtp.host, smtp_port: smtp.port, smtp_security: 'none', smtp_user: smtp.user, smtp_password: smtp.password });
  }
  await h.call(alice.id, 'set_reminders', { channels: ['email', 'push'], hour: 9 });
  await h.call(alice.id, 'subscribe_web_push', push.subscription('alice-phone'));
  await h.call(alice.id, 'create_task', { title: 'Send Priya the deck', due_date: '2026-11-25' });
  await h.call(alice.id, 'create_task', { title: 'Update the CV', due_date: '2026-11-24' });
  await h.call(alice.id, 'add_opportunity', { company_name: 'Stripe', status: 'interview', next_action: 'Onsite interview', next_action_date: '2026-11-25' });
  await h.call(alice.id, 'create_task', { title: 'Tomorrow', due_date: '2026-11-26' });
  await h.call(carol.id, 'set_reminders', { channels: ['email'], hour: 8, email_mode: 'each' });
  await h.call(carol.id, 'create_task', { title: 'Thank-you note to Dana', due_date: '2026-11-25' });
  await h.call(carol.id, 'create_task', { title: 'Ask Omar for a referral', due_date: '2026-11-25' });
  push.failNext(1, 503); // the push service fails once: that message is retried, still delivered once
  dataDir = mkdtempSync(join(tmpdir(), 'kith-reminders-'));
  const env = {
    DATABASE_URL: (database as unknown as { databaseUrl: string }).databaseUrl, KITH_SECRET_KEY: key.toString('hex'), KITH_NOW: new Date(DAY_START).toISOString(),
    KITH_CLOCK_RATE: String(RATE), KITH_CLOCK_START: String(Date.now() + START_IN_MS), KITH_REMINDER_INTERVAL_MS: '100',
    KITH_REMINDER_STALL_MS: String(12 * 3600_000), KITH_PUBLIC_URL: 'http://kith.test', KITH_EMBEDDING_MODEL: 'lexical', KITH_LOG_LEVEL: 'info',
  };
  serves.push(...(await Promise.all([startServe(join(dataDir, 'one'), { env }), startServe(join(dataDir, 'two'), { env })])));
  const endAt = Number(env.KITH_CLOCK_START) + (DAY_END - DAY_START) / RATE;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - Date.now()) + 1000));
}, 180_000);

afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  await smtp?.close();
  await push?.close();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('reminders with two kith serve processes on one database', () => {
  it('sends each reminder exactly once over a simulated day', async () => {
    const subjects = smtp.messages.map((m) => `${m.envelopeTo[0]} ${m.parsed.subject}`).sort();
    expect(subjects).toEqual([
      'alice@example.test Kith: 3 things to do today (1 overdue)',
      'carol@example.test Kith reminder: Ask Omar for a referral',
      'carol@example.test Kith reminder: Thank-you note to Dana',
    ]);
    // carol is in New York: her 08:00 is 13:00 UTC, alice's 09:00 is 09:00 UTC (Date: headers are the real clock, so the rows tell)
    const rows = await database.db.select().from(reminderDeliveries);
    const sentAt = (userId: string) => rows.filter((r) => r.userId === userId && r.channel === 'email').map((r) => r.createdAt.toISOString().slice(11, 13));
    expect(sentAt(alice.id)).toEqual(['09']);
    expect(new Set(sentAt(carol.id))).toEqual(new Set(['13']));
    const delivered = push.messages.filter((m) => m.status === 201).map((m) => JSON.parse(push.decrypt('alice-phone', m.body)).title).sort();
    expect(delivered).toEqual(['Onsite interview: Stripe', 'Send Priya the deck', 'Update the CV']);
    expect(push.messages.filter((m) => m.status === 503)).toHaveLength(1);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.channel === 'push' && r.attempts === 2)).toBeDefined();
    // both processes were running the clock all day; between them they claimed each message once
    const claimed = serves.map((s) => s.stderr().split('\n').filter((l) => l.includes('"reminders: run"')).reduce((n, l) => n + (JSON.parse(l).claimed as number), 0));
    expect(claimed[0] + claimed[1]).toBe(6);
    for (const s of serves) expect(s.stderr()).not.toMatch(/reminders: the run failed/);
  });
});
