import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { createWebApp } from './create-app.js';

// The browser extension's requests (extension/): its origin with a bearer token, and nothing else.
const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX = 'moz-extension://4b3c2a10-1111-4c3b-9d0e-5f6a7b8c9d0e';
const HOST = '127.0.0.1:3000';

let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'Europe/Berlin', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv), { database });
  const alice = await createTestUser(database, 'alice');
  token = (await createToken(database.db, alice.id)).token;
  // On loopback, where a request without credentials would be the local owner.
  app = createWebApp({ kith, localOwner: true, serveClient: false, mcp: false, slack: false });
});

afterAll(async () => {
  await kith?.close();
});

const call = (path: string, init: { method?: string; origin: string; token?: string; cookie?: string; site?: string; body?: unknown }) => app.request(path, {
  method: init.method ?? 'GET',
  headers: {
    host: HOST,
    origin: init.origin,
    ...(init.site ? { 'sec-fetch-site': init.site } : {}),
    ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    ...(init.cookie ? { cookie: init.cookie } : {}),
    ...(init.body ? { 'content-type': 'application/json' } : {}),
  },
  body: init.body ? JSON.stringify(init.body) : undefined,
});

describe('the extension origin', () => {
  it('answers the preflight for extension origins only', async () => {
    const pre = await call('/api/opportunities', { method: 'OPTIONS', origin: FIREFOX });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(FIREFOX);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const site = await call('/api/opportunities', { method: 'OPTIONS', origin: 'https://evil.example' });
    expect(site.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a bearer token through, even marked cross-site, with CORS headers', async () => {
    const res = await call('/api/opportunities', { method: 'POST', origin: EXT, site: 'cross-site', token, body: { company_name: 'Acme', job_url: 'https://jobs.example/1' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(EXT);
  });

  it('refuses a wrong token with a 401 the extension can read, and never acts as the local owner or with a cookie', async () => {
    const wrong = await call('/api/opportunities', { method: 'POST', origin: EXT, token: 'kith_wrong', body: { company_name: 'Nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('access-control-allow-origin')).toBe(EXT);
    expect((await wrong.json()).error.message).toBe('The token is not valid.');
    const none = await call('/api/opportunities', { method: 'POST', origin: EXT, body: { company_name: 'Nope' } });
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toMatch(/kith token create/);
    const cookie = await call('/api/me', { origin: EXT, cookie: `kith_session=${token}` });
    expect(cookie.status).toBe(401);
    const list = await call('/api/opportunities', { origin: EXT, token });
    expect((await list.json()).opportunities.map((o: { company_name: string }) => o.company_name)).toEqual(['Acme']);
  });

  it('still refuses other sites', async () => {
    const res = await call('/api/opportunities', { origin: 'https://evil.example', token });
    expect(res.status).toBe(403);
  });
});
