import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, auth, discoverAuthorizationServerMetadata, exchangeAuthorization, startAuthorization, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { chromium, type Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { toolHarness } from '../test-support/tool-harness.js';
import { startServe, type ServeProcess } from '../test-support/serve-process.js';
import { createToken } from '../accounts/tokens.js';
import { createSession } from '../accounts/sessions.js';
import { catalog } from '../agent/tools/catalog.js';
import { toolsForRole } from '../agent/tools/shared/role-gates.js';

// The MCP SDK's own client OAuth flow (discovery, dynamic registration, PKCE, refresh) against a
// real `kith serve` on PostgreSQL; the "browser" of the flow is fetch with the user's session cookie.
let database: TestDatabase;
let serve: ServeProcess;
let dataDir: string;
let mcpUrl: URL;
const tokens: Record<'alice' | 'bob', string> = { alice: '', bob: '' };
/** Each user's browser session (the cookie the consent page reads). */
const sessions: Record<'alice' | 'bob', string> = { alice: '', bob: '' };
const clients: Client[] = [];
let browser: Browser | undefined;
let aliceId = '';

/** An OAuthClientProvider that keeps everything in memory and consents as `user` with `scope`. */
class TestProvider implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  code?: string;
  consentHtml = '';
  constructor(private user: 'alice' | 'bob', private choice: { scope?: 'read' | 'write'; deny?: boolean } = {}, private meta: Partial<OAuthClientMetadata> = {}) {}
  get redirectUrl() { return 'http://127.0.0.1:9/callback'; }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: `Test client for ${this.user}`, redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', ...this.meta };
  }
  clientInformation() { return this.info; }
  saveClientInformation(info: OAuthClientInformationMixed) { this.info = info; }
  tokens() { return this.saved; }
  saveTokens(t: OAuthTokens) { this.saved = t; }
  saveCodeVerifier(v: string) { this.verifier = v; }
  codeVerifier() { return this.verifier; }
  async redirectToAuthorization(url: URL) {
    const answer = await consent(url, this.user, this.choice);
    this.consentHtml = answer.html;
    this.code = answer.location.searchParams.get('code') ?? undefined;
    if (!this.code) throw new Error(`no code: ${answer.location}`);
  }
}

/** What a signed-in browser does on the consent page: load it, pick the scope, press Allow (or Deny). */
async function consent(url: URL, user: 'alice' | 'bob', choice: { scope?: 'read' | 'write'; deny?: boolean }): Promise<{ html: string; location: URL }> {
  const cookie = `kith_session=${sessions[user]}`;
  const page = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  expect(request, html).toBeTruthy();
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  expect(csrf, 'the consent form carries the session CSRF token').toBeTruthy();
  const body = new URLSearchParams({ request: request!, csrf_token: csrf!, decision: choice.deny ? 'deny' : 'allow', scope: choice.scope ?? 'write' });
  const answer = await fetch(new URL('/oauth/authorize', url), { method: 'POST', body, headers: { cookie, origin: url.origin }, redirect: 'manual' });
  expect(answer.status).toBe(303);
  return { html, location: new URL(answer.headers.get('location')!) };
}

/** Connects an MCP client through the SDK's OAuth flow: 401, discovery, registration, consent, code, token. */
async function connectWithOAuth(provider: TestProvider): Promise<Client> {
  const first = new Client({ name: 'kith-oauth-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
  await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  await transport.finishAuth(provider.code!);
  const client = new Client({ name: 'kith-oauth-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
  clients.push(client);
  return client;
}

const mcpStatus = (accessToken: string) => fetch(mcpUrl, {
  method: 'POST', headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
}).then((r) => r.status);

const tokenRequest = (form: Record<string, string>) => fetch(new URL('/oauth/token', mcpUrl), { method: 'POST', body: new URLSearchParams(form) })
  .then(async (r) => ({ status: r.status, body: await r.json() as Record<string, unknown> }));

const textOf = (r: unknown) => ((r as CallToolResult).content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('\n');

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  const alice = await createTestUser(database, 'alice');
  const bob = await createTestUser(database, 'bob');
  aliceId = alice.id;
  tokens.alice = (await createToken(database.db, alice.id, 'page')).token;
  tokens.bob = (await createToken(database.db, bob.id, 'page')).token;
  sessions.alice = (await createSession(database.db, alice.id, 'password')).token;
  sessions.bob = (await createSession(database.db, bob.id, 'password')).token;
  const h = toolHarness(database);
  await h.call(alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Raman', company: 'Stripe' });
  await h.call(bob.id, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', company: 'Globex' });
  dataDir = mkdtempSync(join(tmpdir(), 'kith-oauth-'));
  serve = await startServe(dataDir, { env: { DATABASE_URL: (database as unknown as { databaseUrl: string }).databaseUrl, KITH_EMBEDDING_MODEL: 'lexical' } });
  mcpUrl = new URL('/mcp', serve.url);
}, 180_000);

afterAll(async () => {
  if (process.env.KITH_TEST_DUMP) console.log(serve?.stderr());
  for (const c of clients) await c.close().catch(() => {});
  await browser?.close();
  await serve?.stop();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('MCP over OAuth 2.1 against kith serve', () => {
  it('publishes RFC 9728 and RFC 8414 metadata, and a 401 from /mcp points at it', async () => {
    const unauthorized = await fetch(mcpUrl, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(unauthorized.status).toBe(401);
    const prmUrl = /resource_metadata="([^"]+)"/.exec(unauthorized.headers.get('www-authenticate') ?? '')?.[1];
    expect(prmUrl).toBe(`${serve.url}/.well-known/oauth-protected-resource/mcp`);
    const prm = await (await fetch(prmUrl!)).json();
    expect(prm).toMatchObject({ resource: mcpUrl.href, authorization_servers: [serve.url], scopes_supported: ['read', 'write'] });
    const as = await discoverAuthorizationServerMetadata(serve.url);
    expect(as).toMatchObject({
      issuer: serve.url, authorization_endpoint: `${serve.url}/oauth/authorize`, token_endpoint: `${serve.url}/oauth/token`,
      registration_endpoint: `${serve.url}/oauth/register`, code_challenge_methods_supported: ['S256'], grant_types_supported: ['authorization_code', 'refresh_token'],
    });
  });

  it('registers, consents, exchanges the code with PKCE and serves the whole catalog to a write grant', async () => {
    const provider = new TestProvider('alice');
    const client = await connectWithOAuth(provider);
    expect(provider.info?.client_id).toBeTruthy();
    expect(provider.consentHtml).toContain('Test client for alice');
    expect(provider.consentHtml).toContain('alice');
    expect(provider.saved).toMatchObject({ token_type: 'Bearer', scope: 'write' });
    expect(provider.saved!.refresh_token).toMatch(/^kithr_/);
    const { tools } = await client.listTools();
    // alice is a member: the whole catalog except the admin tools, which members are not offered.
    expect(tools.map((t) => t.name).sort()).toEqual(toolsForRole(catalog, 'member').map((t) => t.name).sort());
    const found = await client.callTool({ name: 'find_contacts', arguments: { query: 'Priya' } });
    expect(textOf(found)).toContain('"last_name":"Raman"');
    const added = await client.callTool({ name: 'add_contact', arguments: { first_name: 'Lena', last_name: 'Park' } });
    expect(added.isError).toBeFalsy();
  });

  it('rotates the refresh token: the old pair stops working, and replaying the old refresh token ends the grant', async () => {
    const provider = new TestProvider('alice');
    await connectWithOAuth(provider);
    const before = provider.saved!;
    expect(await mcpStatus(before.access_token)).toBe(200);
    expect(await auth(provider, { serverUrl: mcpUrl })).toBe('AUTHORIZED');
    const after = provider.saved!;
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.access_token).not.toBe(before.access_token);
    expect(await mcpStatus(after.access_token)).toBe(200);
    expect(await mcpStatus(before.access_token)).toBe(401);
    const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: before.refresh_token!, client_id: provider.info!.client_id });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The replay revoked the whole grant, the new pair with it.
    expect(await mcpStatus(after.access_token)).toBe(401);
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: after.refresh_token!, client_id: provider.info!.client_id })).status).toBe(400);
  });

  it('a read grant sees only read-only tools and is refused a write tool', async () => {
    const provider = new TestProvider('alice', { scope: 'read' });
    const client = await connectWithOAuth(provider);
    expect(provider.saved?.scope).toBe('read');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(toolsForRole(catalog, 'member').filter((t) => t.annotations.readOnlyHint).map((t) => t.name).sort());
    expect(tools.map((t) => t.name)).not.toContain('add_contact');
    const refused = await client.callTool({ name: 'add_contact', arguments: { first_name: 'Should', last_name: 'Notexist' } }).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(await toolHarness(database).call(aliceId, 'find_contacts', { query: 'Notexist' }))).not.toContain('Notexist');
    // A refresh cannot widen the scope.
    const widened = await tokenRequest({ grant_type: 'refresh_token', refresh_token: provider.saved!.refresh_token!, client_id: provider.info!.client_id, scope: 'write' });
    expect(widened).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong code, an expired code, a reused code and a wrong PKCE verifier', async () => {
    const provider = new TestProvider('alice');
    await connectWithOAuth(provider);
    const clientId = provider.info!.client_id;
    const metadata = await discoverAuthorizationServerMetadata(serve.url);
    const getCode = async () => {
      const { authorizationUrl, codeVerifier } = await startAuthorization(serve.url, { metadata, clientInformation: provider.info!, redirectUrl: provider.redirectUrl, scope: 'write', resource: mcpUrl });
      const { location } = await consent(authorizationUrl, 'alice', {});
      return { code: location.searchParams.get('code')!, codeVerifier };
    };
    const exchange = (code: string, verifier: string) => tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: provider.redirectUrl, resource: mcpUrl.href });

    expect(await exchange('kithc_not-a-code', 'x'.repeat(43))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const wrongVerifier = await getCode();
    expect(await exchange(wrongVerifier.code, 'y'.repeat(43))).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') } });
    // The code was spent by the failed try.
    expect((await exchange(wrongVerifier.code, wrongVerifier.codeVerifier)).status).toBe(400);

    const expired = await getCode();
    await database.db.execute(sql`update oauth_authorizations set expires_at = now() - interval '1 minute' where approved_at is not null and used_at is null`);
    expect(await exchange(expired.code, expired.codeVerifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const good = await getCode();
    const first = await exchange(good.code, good.codeVerifier);
    expect(first.status).toBe(200);
    expect(await mcpStatus(first.body.access_token as string)).toBe(200);
    // Used twice: refused, and the tokens the code gave are revoked.
    expect((await exchange(good.code, good.codeVerifier)).status).toBe(400);
    expect(await mcpStatus(first.body.access_token as string)).toBe(401);

    // The SDK's own exchange with a wrong verifier fails the same way.
    const viaSdk = await getCode();
    await expect(exchangeAuthorization(serve.url, { metadata, clientInformation: provider.info!, authorizationCode: viaSdk.code, codeVerifier: 'z'.repeat(43), redirectUri: provider.redirectUrl })).rejects.toThrow(/code_verifier/);
  });

  it('a denied consent gives no code, and an unregistered redirect_uri gets no redirect', async () => {
    const provider = new TestProvider('alice');
    await connectWithOAuth(provider);
    const metadata = await discoverAuthorizationServerMetadata(serve.url);
    const { authorizationUrl } = await startAuthorization(serve.url, { metadata, clientInformation: provider.info!, redirectUrl: provider.redirectUrl, scope: 'write', state: 'st-1', resource: mcpUrl });
    const { location } = await consent(authorizationUrl, 'alice', { deny: true });
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('code')).toBeNull();
    const evil = new URL(authorizationUrl);
    evil.searchParams.set('redirect_uri', 'https://evil.example/cb');
    const page = await fetch(evil, { headers: { cookie: `kith_session=${sessions.alice}` }, redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain('Unregistered redirect_uri');
  });

  it('refuses a consent answer without the session CSRF token or from another site, and a stranger gets the sign-in page', async () => {
    const provider = new TestProvider('alice');
    await connectWithOAuth(provider);
    const metadata = await discoverAuthorizationServerMetadata(serve.url);
    const { authorizationUrl } = await startAuthorization(serve.url, { metadata, clientInformation: provider.info!, redirectUrl: provider.redirectUrl, scope: 'write', resource: mcpUrl });
    const cookie = `kith_session=${sessions.alice}`;
    const html = await (await fetch(authorizationUrl, { headers: { cookie } })).text();
    const request = /name="request" value="([^"]+)"/.exec(html)![1];
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)![1];
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(new URL('/oauth/authorize', serve.url), { method: 'POST', body: new URLSearchParams(form), headers: { cookie, ...headers }, redirect: 'manual' });
    const noCsrf = await post({ request, decision: 'allow', scope: 'write' });
    expect(noCsrf.status).toBe(400);
    expect(noCsrf.headers.get('location')).toBeNull();
    const crossSite = await post({ request, csrf_token: csrf, decision: 'allow', scope: 'write' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('location')).toBeNull();
    // Still answerable by the real page afterwards, once.
    const good = await post({ request, csrf_token: csrf, decision: 'allow', scope: 'write' }, { origin: serve.url });
    expect(new URL(good.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    expect((await post({ request, csrf_token: csrf, decision: 'allow', scope: 'write' }, { origin: serve.url })).status).toBe(400);
    // A browser with an ended session is not the local owner: it is asked to sign in.
    const stranger = await fetch(authorizationUrl, { headers: { cookie: 'kith_session=kses_not-a-session' } });
    expect(await stranger.text()).toContain('Sign in first');
  });

  it("another user's OAuth token never sees this user's data", async () => {
    const bob = await connectWithOAuth(new TestProvider('bob'));
    const mine = textOf(await bob.callTool({ name: 'find_contacts', arguments: {} }));
    expect(mine).toContain('"last_name":"Haddad"');
    expect(mine).not.toContain('Priya');
    expect(mine).not.toContain('"Park"');
    const search = textOf(await bob.callTool({ name: 'search', arguments: { query: 'Priya Stripe' } }));
    expect(search).not.toContain('"last_name":"Raman"');
  });

  it('API bearer tokens keep working on /mcp beside OAuth', async () => {
    const client = new Client({ name: 'kith-bearer', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${tokens.alice}` } } }));
    clients.push(client);
    expect(textOf(await client.callTool({ name: 'find_contacts', arguments: { query: 'Priya' } }))).toContain('"last_name":"Raman"');
  });

  it('the consent page passes axe in light and dark (screenshots in the data directory)', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    const provider = new TestProvider('alice');
    await connectWithOAuth(provider);
    const metadata = await discoverAuthorizationServerMetadata(serve.url);
    const { authorizationUrl } = await startAuthorization(serve.url, { metadata, clientInformation: provider.info!, redirectUrl: provider.redirectUrl, scope: 'read write', resource: mcpUrl });
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        const context = await browser.newContext({ colorScheme, viewport });
        await context.addCookies([{ name: 'kith_session', value: sessions.alice, url: serve.url }]);
        const page = await context.newPage();
        await page.goto(authorizationUrl.href);
        await expect(page.getByRole('heading', { name: /Connect Test client for alice to Kith/ }).count()).resolves.toBe(1);
        await expect(page.getByRole('radio', { name: /Read and write/ }).isChecked()).resolves.toBe(true);
        const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
        await page.screenshot({ path: join(process.env.KITH_SCREENSHOT_DIR ?? dataDir, `consent-${colorScheme}-${viewport.width}.png`), fullPage: true });
        await context.close();
      }
    }
  }, 60_000);
});
