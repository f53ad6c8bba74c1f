import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { crmContacts } from '../../db/schema/index.js';
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { linkedinConnections } from '../../test-support/linkedin-connections.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { createWebApp } from './create-app.js';
import type { ImportJobView } from './import-jobs.js';

const ENV = { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z', KITH_EMBEDDING_MODEL: 'lexical' } as NodeJS.ProcessEnv;
const HOST = '127.0.0.1:3000';
// 4,900 contacts (every 50th row repeats an earlier one): three batches of writing.
const FILE = linkedinConnections(5000);

let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;
let owner: ReturnType<typeof createWebApp>;
const users: Record<string, { id: string; token: string }> = {};

const headers = (who?: string) => ({ host: HOST, 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${users[who].token}` } : {}) });
const json = async (on: typeof app, who: string | undefined, method: string, path: string) => {
  const res = await on.request(path, { method, headers: headers(who) });
  return { status: res.status, body: await res.json() };
};
const contactsOf = async (userId: string) => (await database.db.select({ n: count() }).from(crmContacts).where(eq(crmContacts.userId, userId)))[0].n;

/** POST /api/imports and read its events; `onEvent` may stop reading (and so close the stream) by answering 'close'. */
async function importing(on: typeof app, who: string | undefined, input: Record<string, unknown>, onEvent: (e: EventSourceMessage, view: ImportJobView) => void | 'close' = () => {}) {
  const res = await on.request('/api/imports', { method: 'POST', headers: headers(who), body: JSON.stringify(input) });
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) return { status: res.status, body: await res.json(), events: [] };
  const reader = res.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  const events: Array<{ event: string; view: ImportJobView }> = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const view = JSON.parse(value.data) as ImportJobView;
    events.push({ event: value.event!, view });
    if (onEvent(value, view) === 'close') { await reader.cancel(); break; }
  }
  return { status: res.status, body: undefined, events };
}

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, ENV), { database });
  for (const name of ['alice', 'bob', 'reader']) {
    const user = await createTestUser(database, name);
    users[name] = { id: user.id, token: (await createToken(database.db, user.id, undefined, { scope: name === 'reader' ? 'read' : 'write' })).token };
  }
  app = createWebApp({ kith, localOwner: false, serveClient: false });
  owner = createWebApp({ kith, localOwner: true, serveClient: false });
}, 120_000);
afterAll(async () => { await kith?.close(); });

describe('POST /api/imports: an import with its progress, cancelled all or nothing', { timeout: 120_000 }, () => {
  it('streams the records written after each batch, then the answer; the counts are what was written', async () => {
    const { status, events } = await importing(app, 'alice', { content: FILE, filename: 'Connections.csv', dry_run: false });
    expect(status).toBe(200);
    expect(events.map((e) => e.event)).toEqual(['started', 'progress', 'progress', 'progress', 'progress', 'done']);
    expect(events.slice(1, 5).map((e) => [e.view.done, e.view.total])).toEqual([[0, 4900], [2000, 4900], [4000, 4900], [4900, 4900]]);
    const end = events.at(-1)!.view;
    expect((end.result as { summary: { contacts: { add: number; skip: number } } }).summary.contacts).toMatchObject({ add: 4900, skip: 100 });
    expect(await contactsOf(users.alice.id)).toBe(4900);
    // the job is alice's: another user is told it does not exist
    expect((await json(app, 'alice', 'GET', `/api/imports/${end.id}`)).body).toMatchObject({ state: 'done', done: 4900, total: 4900 });
    expect((await json(app, 'bob', 'GET', `/api/imports/${end.id}`)).status).toBe(404);
    expect((await json(app, 'bob', 'DELETE', `/api/imports/${end.id}`)).status).toBe(404);
    // a cancel after the commit changes nothing and says so
    expect((await json(app, 'alice', 'DELETE', `/api/imports/${end.id}`)).body.state).toBe('done');
  });

  it('closing the stream part-way cancels: the transaction takes back the batches written', async () => {
    const { events } = await importing(app, 'bob', { content: FILE, dry_run: false }, (e, view) => (e.event === 'progress' && view.done > 0 ? 'close' : undefined));
    const id = events[0].view.id;
    expect(events.at(-1)!.view.done).toBe(2000);
    // DELETE waits for the rollback and answers how it ended
    const end = await json(app, 'bob', 'DELETE', `/api/imports/${id}`);
    expect(end.body).toMatchObject({ state: 'cancelled', error: { code: 'cancelled', message: 'The import was cancelled; nothing was imported.' } });
    expect(await contactsOf(users.bob.id)).toBe(0);
  });

  it('DELETE cancels a running import and answers once nothing of it is left', async () => {
    let cancelled: Promise<{ status: number; body: ImportJobView }> | undefined;
    const { events } = await importing(owner, undefined, { content: FILE, dry_run: false }, (e, view) => {
      if (e.event === 'progress' && view.done > 0 && !cancelled) cancelled = json(owner, undefined, 'DELETE', `/api/imports/${view.id}`);
    });
    expect(events.at(-1)!.event).toBe('cancelled');
    expect((await cancelled!).body).toMatchObject({ state: 'cancelled' });
    expect(await contactsOf(kith.owner.id)).toBe(0);
  });

  it('a malformed file ends in "failed" with the line named; a bad input or a read token is refused before any stream', async () => {
    const { events } = await importing(app, 'alice', { content: 'First Name,Last Name\n"Ana,Lopez\n', filename: 'bad.csv', dry_run: false });
    expect(events.map((e) => e.event)).toEqual(['started', 'failed']);
    expect(events[1].view.error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/bad\.csv: broken quoting at line 2/) });
    const bad = await importing(app, 'alice', { content: 'x', dry_run: 'no' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'dry_run']);
    const read = await importing(app, 'reader', { content: FILE, dry_run: false });
    expect([read.status, read.body.error.code]).toEqual([403, 'forbidden']);
    expect(await contactsOf(users.reader.id)).toBe(0);
  });
});
