import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { findUserByEmail } from '../../accounts/users.js';
import { createWebApp } from './create-app.js';

const HOST = 'crm.example.test';
const ENV = { KITH_TZ: 'UTC', KITH_PUBLIC_URL: `https://${HOST}`, KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;

let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; cookie?: string; setCookie: string | null }> {
  const res = await app.request(path, { method, headers: { host: HOST, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: Json = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, body: parsed, setCookie, cookie: setCookie?.split(';')[0] };
}

/** A browser's session: the cookie and the CSRF token it was given. */
async function signUp(email: string, password = 'correct horse battery'): Promise<{ cookie: string; csrf: string; body: Json; setCookie: string | null }> {
  const r = await call('POST', '/api/auth/sign-up', { email, password });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { cookie: r.cookie!, csrf: r.body.csrf_token, body: r.body, setCookie: r.setCookie };
}

const contactsOf = async (cookie: string) => (await call('GET', '/api/contacts', undefined, { cookie })).body.contacts as Array<{ first_name: string }>;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  // no KITH_SYSTEM_SMTP_URL: sign-up signs in at once (the e-mail flows run in web/e2e/sign-in.test.ts)
  kith = await openKith(loadConfig({}, ENV), { database });
  app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
}, 240_000);

afterAll(async () => { await kith?.close(); });

describe('password accounts and sessions', () => {
  it('signs up on the Free plan as a member, with an HttpOnly, SameSite=Lax session cookie', async () => {
    const { setCookie, body, cookie } = await signUp('ada@example.test');
    expect(setCookie).toMatch(/^kith_session=kses_/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(body.user).toMatchObject({ email: 'ada@example.test', plan: 'free', role: 'member' });
    const user = await findUserByEmail(database.db, 'ada@example.test');
    expect(user?.plan).toBe('free');
    const me = await call('GET', '/api/me', undefined, { cookie });
    expect(me.body.user.email).toBe('ada@example.test');
    expect(me.body.csrf_token).toBe(body.csrf_token);
    // the password is never stored as given
    const stored = await database.db.execute(`select hash from auth_passwords where user_id = '${user!.id}'`) as unknown as { rows: Array<{ hash: string }> };
    expect(stored.rows[0].hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(stored.rows[0].hash).not.toContain('correct horse');
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const r = await call('POST', '/api/auth/sign-in', { email: 'ada@example.test', password: 'correct horse battery' }, { 'x-forwarded-proto': 'https' });
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/Secure/i);
  });

  it('refuses bad sign-ups with the field named, and changes nothing', async () => {
    const bad = await call('POST', '/api/auth/sign-up', { email: 'not-an-email', password: 'long enough password' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'email']);
    const short = await call('POST', '/api/auth/sign-up', { email: 'bob@example.test', password: 'short' });
    expect([short.status, short.body.error.field]).toEqual([400, 'password']);
    expect(await findUserByEmail(database.db, 'bob@example.test')).toBeUndefined();
    const taken = await call('POST', '/api/auth/sign-up', { email: 'ADA@example.test', password: 'another long password' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'email_taken']);
    const wrong = await call('POST', '/api/auth/sign-in', { email: 'ada@example.test', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(wrong.setCookie).toBeNull();
  });

  it('rate-limits password guesses per account: the 11th try in a minute is refused even when right', async () => {
    await signUp('grace@example.test', 'grace hopper 1906');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await call('POST', '/api/auth/sign-in', { email: 'grace@example.test', password: `guess number ${i}` })).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const blocked = await call('POST', '/api/auth/sign-in', { email: 'grace@example.test', password: 'grace hopper 1906' });
    expect(blocked.status).toBe(429);
  }, 120_000);
});

describe('CSRF', () => {
  it('refuses a state-changing request with the session cookie and no CSRF token, and writes nothing', async () => {
    const { cookie, csrf } = await signUp('csrf@example.test');
    const forged = await call('POST', '/api/contacts', { first_name: 'Forged' }, { cookie });
    expect([forged.status, forged.body.error.code]).toEqual([403, 'csrf']);
    const wrong = await call('POST', '/api/contacts', { first_name: 'Forged' }, { cookie, 'x-csrf-token': csrf.replace(/.$/, (ch: string) => (ch === 'A' ? 'B' : 'A')) });
    expect(wrong.status).toBe(403);
    // a token of another session does not fit this one
    const other = await call('POST', '/api/auth/sign-in', { email: 'ada@example.test', password: 'correct horse battery' });
    expect((await call('POST', '/api/contacts', { first_name: 'Forged' }, { cookie, 'x-csrf-token': other.body.csrf_token })).status).toBe(403);
    for (const [method, path] of [['PATCH', '/api/contacts/x'], ['DELETE', '/api/contacts/x'], ['POST', '/api/chat'], ['POST', '/api/tokens'], ['POST', '/api/auth/sign-out-everywhere'], ['POST', '/api/tools/add_contact']]) {
      expect((await call(method, path, {}, { cookie })).status, `${method} ${path}`).toBe(403);
    }
    expect(await contactsOf(cookie)).toEqual([]);
    const ok = await call('POST', '/api/contacts', { first_name: 'Real' }, { cookie, 'x-csrf-token': csrf });
    expect(ok.status).toBe(201);
    expect((await contactsOf(cookie)).map((c) => c.first_name)).toEqual(['Real']);
  });

  it('exempts bearer tokens (no cookie to forge)', async () => {
    const user = await createTestUser(database, 'bearer');
    const { token } = await createToken(database.db, user.id, 'script', { scope: 'write' });
    const r = await call('POST', '/api/contacts', { first_name: 'Scripted' }, { authorization: `Bearer ${token}` });
    expect(r.status).toBe(201);
  });
});

describe('sign-out', () => {
  it('ends this session only, or every session of the user; API tokens stay', async () => {
    const a = await signUp('lin@example.test', 'lin long password');
    const b = await call('POST', '/api/auth/sign-in', { email: 'lin@example.test', password: 'lin long password' });
    const c = await call('POST', '/api/auth/sign-in', { email: 'lin@example.test', password: 'lin long password' });
    const user = (await findUserByEmail(database.db, 'lin@example.test'))!;
    const { token } = await createToken(database.db, user.id, 'cli', { scope: 'read' });
    expect((await call('GET', '/api/auth/sessions', undefined, { cookie: a.cookie })).body.sessions).toHaveLength(3);

    expect((await call('POST', '/api/auth/sign-out', {}, { cookie: b.cookie!, 'x-csrf-token': b.body.csrf_token })).status).toBe(200);
    expect((await call('GET', '/api/me', undefined, { cookie: b.cookie! })).status).toBe(401);
    expect((await call('GET', '/api/me', undefined, { cookie: a.cookie })).status).toBe(200);

    const all = await call('POST', '/api/auth/sign-out-everywhere', {}, { cookie: a.cookie, 'x-csrf-token': a.csrf });
    expect(all.body.sessions_ended).toBe(2);
    for (const cookie of [a.cookie, c.cookie!]) expect((await call('GET', '/api/me', undefined, { cookie })).status).toBe(401);
    expect((await call('GET', '/api/me', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

describe('API tokens from the page', () => {
  it('creates a read token with an expiry (shown once), lists it without its value, and revokes it', async () => {
    const { cookie, csrf } = await signUp('tok@example.test');
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const made = await call('POST', '/api/tokens', { label: 'Claude', scope: 'read', expires_at: expires }, { cookie, 'x-csrf-token': csrf });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^kith_/);
    const listed = await call('GET', '/api/tokens', undefined, { cookie });
    expect(listed.body.tokens).toEqual([expect.objectContaining({ id: made.body.id, label: 'Claude', scope: 'read', expires_at: expires, expired: false })]);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    const bearer = { authorization: `Bearer ${made.body.token}` };
    expect((await call('GET', '/api/contacts', undefined, bearer)).status).toBe(200);
    expect((await call('POST', '/api/contacts', { first_name: 'Nope' }, bearer)).status).toBe(403);
    const badScope = await call('POST', '/api/tokens', { scope: 'root' }, { cookie, 'x-csrf-token': csrf });
    expect([badScope.status, badScope.body.error.field]).toEqual([400, 'scope']);
    const past = await call('POST', '/api/tokens', { expires_at: '2001-01-01' }, { cookie, 'x-csrf-token': csrf });
    expect([past.status, past.body.error.field]).toEqual([400, 'expires_at']);
    expect((await call('DELETE', `/api/tokens/${made.body.id}`, undefined, { cookie, 'x-csrf-token': csrf })).status).toBe(200);
    expect((await call('GET', '/api/contacts', undefined, bearer)).status).toBe(401);
  });

  it('a page signed in with a token ends when the token is revoked, and has its scope', async () => {
    const user = await createTestUser(database, 'tokpage');
    const { token, id } = await createToken(database.db, user.id, 'page', { scope: 'read' });
    const signIn = await call('POST', '/api/session', { token });
    const cookie = signIn.cookie!;
    expect((await call('GET', '/api/me', undefined, { cookie })).body.scope).toBe('read');
    expect((await call('POST', '/api/contacts', { first_name: 'X' }, { cookie, 'x-csrf-token': signIn.body.csrf_token })).status).toBe(403);
    await database.db.execute(`delete from api_tokens where id = '${id}'`);
    expect((await call('GET', '/api/me', undefined, { cookie })).status).toBe(401);
  });
});

describe('closed sign-up', () => {
  it('refuses new accounts when KITH_SIGN_UP=closed', async () => {
    const closedKith = await openKith(loadConfig({}, { ...ENV, KITH_SIGN_UP: 'closed' }), { database });
    const closed = createWebApp({ kith: closedKith, localOwner: false, serveClient: false, mcp: false, slack: false });
    const r = await closed.request('/api/auth/sign-up', { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'late@example.test', password: 'a long password' }) });
    expect(r.status).toBe(403);
    expect(await findUserByEmail(database.db, 'late@example.test')).toBeUndefined();
  });
});
