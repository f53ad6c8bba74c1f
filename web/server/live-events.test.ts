import { afterAll, describe, expect, it } from 'vitest';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startServer, type RunningServer } from './start-server.js';
import { createChangeFeed } from './live-events.js';

/** Reads an SSE stream and resolves the first event of a given name (or rejects after `ms`). */
function sse(url: string, init: RequestInit = {}) {
  const controller = new AbortController();
  const events: string[] = [];
  const waiters: Array<{ name: string; resolve: () => void }> = [];
  const ready = (async () => {
    const res = await fetch(url, { ...init, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let i;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1];
            if (!name) continue;
            events.push(name);
            for (const w of waiters.filter((x) => x.name === name)) w.resolve();
          }
        }
      } catch { /* aborted */ }
    })();
  })();
  const next = (name: string, ms = 3000) => new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "${name}" event within ${ms} ms (got ${events.join(', ') || 'nothing'})`)), ms);
    waiters.push({ name, resolve: () => { clearTimeout(t); resolve(); } });
  });
  return { ready, next, events, close: () => controller.abort() };
}

const post = (base: string, path: string, body: unknown, token?: string) => fetch(`${base}/api${path}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
});

describe.each(['pglite', 'postgres'] as const)('live updates on %s', (storage) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => { for (const f of cleanup.reverse()) await f().catch(() => {}); });

  it('tells an open page of a write made through another kith serve on the same database (bench/web.bench.ts times it)', async () => {
    const database: TestDatabase = await createTestDatabase(storage);
    cleanup.push(() => database.drop());
    const config = loadConfig({}, { KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv);
    const a: Kith = await openKith(config, { database });
    const servers: RunningServer[] = [await startServer({ kith: a, port: 0 })];
    cleanup.push(() => servers[0].close());
    let writer = servers[0];
    if (storage === 'postgres') {
      // A second process's worth: its own pool and its own LISTEN connection on the same database.
      const b = await openKith(loadConfig({}, { DATABASE_URL: (database as unknown as { databaseUrl: string }).databaseUrl, KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
      cleanup.push(() => b.close({ embed: false }));
      writer = await startServer({ kith: b, port: 0 });
      cleanup.push(() => writer.close());
    }
    const stream = sse(`${servers[0].url}/api/events`);
    cleanup.push(async () => stream.close());
    await stream.ready;
    await stream.next('ready');
    const change = stream.next('change', 10_000);
    expect((await post(writer.url, '/contacts', { first_name: 'Live', last_name: 'Wire' })).status).toBe(201);
    await change;
  }, 60_000);
});

describe('the change feed', () => {
  it('keeps telling an open page when a closed page of the same user unsubscribes again later', async () => {
    let notify: (userId: string) => void = () => {};
    const feed = createChangeFeed({ listen: async (_channel, onPayload) => { notify = onPayload; return async () => {}; } });
    await feed.listening();
    const heard: string[] = [];
    const closedPage = feed.subscribe('u1', () => heard.push('closed'));
    const otherUser = feed.subscribe('u2', () => heard.push('u2'));
    closedPage(); // the tab was closed (the stream's abort)
    const openPage = feed.subscribe('u1', () => heard.push('open'));
    closedPage(); // and its heartbeat loop ends, up to 20 s later, unsubscribing once more
    notify('u1');
    notify('u2');
    expect(heard).toEqual(['open', 'u2']);
    openPage();
    otherUser();
    notify('u1');
    expect(heard).toEqual(['open', 'u2']);
    await feed.close();
  });
});
