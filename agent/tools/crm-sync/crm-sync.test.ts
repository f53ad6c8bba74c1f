import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { startFakeHubSpot, type FakeHubSpot } from '../../../test-support/fake-hubspot.js';
import { startFakeSalesforce, type FakeSalesforce } from '../../../test-support/fake-salesforce.js';
import { setPlan } from '../../../accounts/plans.js';
import { withUser } from '../../../db/with-user.js';

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const SF = { clientId: '3MVG9-kith-client', clientSecret: 'sf-client-secret-9', refreshToken: '5Aep861-kith-refresh-token' };

const t = withAliceAndBob('pglite');
let hub: FakeHubSpot;
let sf: FakeSalesforce;
const at = (ms: number) => t.h.setNow(new Date(ms).toISOString());
const rows = async (userId: string, query: ReturnType<typeof sql>) => withUser(t.database.db, userId, async (tx) => ((await tx.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows);
const contactsOf = (userId: string) => rows(userId, sql`select first_name, last_name, email, phone, company, job_title from crm_contacts order by first_name`);

beforeAll(async () => {
  hub = await startFakeHubSpot({ token: TOKEN });
  sf = await startFakeSalesforce({ ...SF, pageSize: 2 });
});
afterAll(async () => { await hub?.close(); await sf?.close(); });

describe('HubSpot sync (@hubspot/api-client against a local CRM v3 API)', () => {
  it('is an Enterprise feature, refused below it with the plan named', async () => {
    await setPlan(t.database.db, t.alice.id, 'professional');
    const refused = await t.h.error(t.alice.id, 'connect_crm', { provider: 'hubspot', access_token: TOKEN, base_url: hub.url });
    expect(refused).toMatchObject({ code: 'forbidden', details: { reason: 'plan_feature', feature: 'crm_sync', plan: 'Professional' } });
    expect(refused.message).toBe('HubSpot and Salesforce sync is not part of the Professional plan: it comes with Enterprise.');
    await setPlan(t.database.db, t.alice.id, 'enterprise');
  });

  it('stores the token sealed and never shows it', async () => {
    const missing = await t.h.error(t.alice.id, 'connect_crm', { provider: 'hubspot' });
    expect(missing).toMatchObject({ code: 'invalid', details: { field: 'access_token' } });
    const out = await t.h.call(t.alice.id, 'connect_crm', { provider: 'hubspot', access_token: TOKEN, base_url: hub.url });
    expect(out.account).toMatchObject({ provider: 'hubspot', base_url: hub.url, credentials: 'set', last_sync_at: null });
    expect(JSON.stringify(out)).not.toContain(TOKEN);
    const [stored] = await rows(t.alice.id, sql`select secret from crm_sync_accounts where provider = 'hubspot'`);
    expect(String(stored.secret)).toMatch(/^v1:/);
    expect(String(stored.secret)).not.toContain(TOKEN.slice(8));
    expect(JSON.stringify(await t.h.call(t.alice.id, 'crm_sync_status'))).not.toContain(TOKEN);
  });

  it('first sync: contacts both ways (matched by e-mail), the opportunity as a deal with its stage, the call as a call engagement', async () => {
    at(Date.now() - 60_000);
    hub.put('contacts', { firstname: 'Ana', lastname: 'Lima', email: 'ana@globex.com', phone: null, company: 'Globex', jobtitle: 'CTO' });
    hub.put('contacts', { firstname: 'Ben', lastname: 'Okafor', email: 'ben@initech.com', company: 'Initech', jobtitle: 'Recruiter' });
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Ana', last_name: 'Lima', email: 'ANA@globex.com', phone: '+1 415 555 0100' });
    const cleo = await t.h.call(t.alice.id, 'add_contact', { first_name: 'Cleo', last_name: 'Park', email: 'josé.15@figma.com', company: 'Figma', job_title: 'Design Lead' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Figma', job_title: 'Staff Designer', status: 'applied', contact: cleo.contact.id });
    await t.h.call(t.alice.id, 'log_interaction', { contact: cleo.contact.id, interaction_type: 'call', subject: 'Intro call', notes: 'Talked about the role' });

    const dry = await t.h.call(t.alice.id, 'sync_crm', { provider: 'hubspot', dry_run: true });
    expect(dry).toMatchObject({ dry_run: true, incremental: false, contacts: { read_remote: 2, created_in_kith: 1, created_remote: 1, linked: 1, updated_remote: 1 } });
    expect(hub.objects('contacts')).toHaveLength(2);
    expect(await contactsOf(t.alice.id)).toHaveLength(2);

    const report = await t.h.call(t.alice.id, 'sync_crm', { provider: 'hubspot' });
    expect(report).toMatchObject({
      provider: 'hubspot', dry_run: false, incremental: false,
      contacts: { read_remote: 2, created_in_kith: 1, created_remote: 1, linked: 1, updated_remote: 1, updated_in_kith: 1 },
      opportunities: { created_remote: 1 }, interactions: { created_remote: 1 },
    });
    // Ana: Kith's phone went to HubSpot, HubSpot's company and title came to Kith; Ben came in; Cleo went out.
    const kith = await contactsOf(t.alice.id);
    expect(kith.map((c) => c.first_name)).toEqual(['Ana', 'Ben', 'Cleo']);
    expect(kith[0]).toMatchObject({ phone: '+1 415 555 0100', company: 'Globex', job_title: 'CTO' });
    const remote = hub.objects('contacts');
    expect(remote).toHaveLength(3);
    expect(remote.find((c) => c.properties.firstname === 'Ana')!.properties.phone).toBe('+1 415 555 0100');
    const cleoRemote = remote.find((c) => c.properties.firstname === 'Cleo')!;
    expect(cleoRemote.properties).toMatchObject({ email: 'josé.15@figma.com', company: 'Figma', jobtitle: 'Design Lead' });
    const [deal] = hub.objects('deals');
    expect(deal.properties).toMatchObject({ dealname: 'Staff Designer at Figma', dealstage: 'qualifiedtobuy', pipeline: 'default' });
    expect(deal.associations).toEqual([{ id: cleoRemote.id, typeId: 3 }]);
    const [call] = hub.objects('calls');
    expect(call.properties).toMatchObject({ hs_call_title: 'Intro call', hs_call_body: 'Talked about the role' });
    expect(call.associations).toEqual([{ id: cleoRemote.id, typeId: 194 }]);
    expect(hub.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const status = await t.h.call(t.alice.id, 'crm_sync_status');
    expect(status.accounts[0]).toMatchObject({ provider: 'hubspot', linked: { contacts: 3, opportunities: 1, interactions: 1 } });
    expect(status.accounts[0].remote_cursor).not.toBeNull();
  });

  it('a second sync with nothing changed creates nothing on either side, and reads only by search since the last sync', async () => {
    at(Date.now());
    const before = hub.requests.length;
    const report = await t.h.call(t.alice.id, 'sync_crm', { provider: 'hubspot' });
    expect(report).toMatchObject({ incremental: true, contacts: { created_in_kith: 0, created_remote: 0, updated_in_kith: 0, updated_remote: 0 }, opportunities: { created_remote: 0, updated_remote: 0 }, interactions: { created_remote: 0 } });
    expect(hub.objects('contacts')).toHaveLength(3);
    expect(hub.objects('deals')).toHaveLength(1);
    expect(hub.objects('calls')).toHaveLength(1);
    expect(await contactsOf(t.alice.id)).toHaveLength(3);
    const calls = hub.requests.slice(before);
    expect(calls.filter((r) => r.method === 'GET')).toHaveLength(0);
    expect(calls.some((r) => r.path === '/crm/v3/objects/contacts/search')).toBe(true);
  });

  it('a field changed on both sides keeps the later write and says so; a field changed on one side takes it; a stage moved in HubSpot moves the opportunity', async () => {
    const ana = hub.objects('contacts').find((c) => c.properties.firstname === 'Ana')!;
    at(Date.now() - 30_000);
    const [local] = await rows(t.alice.id, sql`select id from crm_contacts where first_name = 'Ana'`);
    await t.h.call(t.alice.id, 'update_contact', { contact: local.id, phone: '+1 415 555 0199' });
    // HubSpot's edit is the later one for phone; its title edit is the only one.
    hub.put('contacts', { phone: '+44 20 7946 0000', jobtitle: 'CEO' }, ana.id);
    hub.put('deals', { dealstage: 'decisionmakerboughtin' }, hub.objects('deals')[0].id);
    at(Date.now() + 1000);
    const report = await t.h.call(t.alice.id, 'sync_crm', { provider: 'hubspot' });
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'contact', record: 'Ana Lima', field: 'phone', kith_value: '+1 415 555 0199', remote_value: '+44 20 7946 0000', kept: 'hubspot' })]);
    expect(report.conflict_rule).toContain('last write wins');
    const [ana2] = await rows(t.alice.id, sql`select phone, job_title from crm_contacts where first_name = 'Ana'`);
    expect(ana2).toEqual({ phone: '+44 20 7946 0000', job_title: 'CEO' });
    const [opp] = await rows(t.alice.id, sql`select status from crm_opportunities`);
    expect(opp.status).toBe('interview');
    expect(report.opportunities.updated_in_kith).toBe(1);

    // Kith's later edit wins the next conflict, and goes out.
    hub.put('contacts', { company: 'Globex Labs' }, ana.id);
    at(Date.now() + 60_000);
    await t.h.call(t.alice.id, 'update_contact', { contact: local.id, company: 'Globex Research' });
    at(Date.now() + 61_000);
    const second = await t.h.call(t.alice.id, 'sync_crm', { provider: 'hubspot' });
    expect(second.conflicts).toEqual([expect.objectContaining({ field: 'company', kept: 'kith', kith_value: 'Globex Research', remote_value: 'Globex Labs' })]);
    expect(hub.objects('contacts').find((c) => c.id === ana.id)!.properties.company).toBe('Globex Research');
  });

  it('waits out a 429 as Retry-After asks, and finishes', async () => {
    hub.put('contacts', { firstname: 'Dara', lastname: 'Singh', email: 'dara@hooli.com' });
    hub.throttle(2, 1);
    at(Date.now() + 120_000);
    const started = Date.now();
    const report = await t.h.call(t.alice.id, 'sync_crm', { provider: 'hubspot' });
    expect(report).toMatchObject({ rate_limited: 2, contacts: { created_in_kith: 1 } });
    expect(report.waited_ms).toBe(2000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(hub.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('a refused token is a clear error and changes nothing; another user sees none of it', async () => {
    await t.h.call(t.alice.id, 'connect_crm', { provider: 'hubspot', access_token: 'pat-wrong', base_url: hub.url });
    hub.put('contacts', { firstname: 'Eve', lastname: 'Adams', email: 'eve@x.com' });
    const error = await t.h.error(t.alice.id, 'sync_crm', { provider: 'hubspot' });
    expect(error.message).toMatch(/^HubSpot answered 401 INVALID_AUTHENTICATION: Authentication credentials not found/);
    expect(error.message).not.toContain('pat-wrong');
    expect((await contactsOf(t.alice.id)).map((c) => c.first_name)).not.toContain('Eve');
    await t.h.call(t.alice.id, 'connect_crm', { provider: 'hubspot', access_token: TOKEN, base_url: hub.url });

    expect(await t.h.call(t.bob.id, 'crm_sync_status')).toEqual({ accounts: [] });
    expect(await t.h.error(t.bob.id, 'sync_crm', { provider: 'hubspot' })).toMatchObject({ code: 'not_found' });
    expect(await rows(t.bob.id, sql`select * from crm_sync_links`)).toEqual([]);
    expect(await rows(t.bob.id, sql`select * from crm_sync_accounts`)).toEqual([]);
  });
});

describe('Salesforce sync (jsforce against a local REST API and OAuth token endpoint)', () => {
  it('refreshes the token, pages a query by nextRecordsUrl, writes by sObject collections, and a second sync is a no-op', async () => {
    for (const [first, last, email] of [['Fay', 'Moreau', 'fay@acme.com'], ['Gus', 'Tanaka', 'gus@acme.com'], ['Hal', 'Berg', 'hal@acme.com']]) {
      sf.put('Contact', { FirstName: first, LastName: last, Email: email, Title: 'Engineer' });
    }
    const out = await t.h.call(t.bob.id, 'connect_crm', { provider: 'salesforce', instance_url: sf.url, login_url: sf.url, client_id: SF.clientId, client_secret: SF.clientSecret, refresh_token: SF.refreshToken });
    expect(JSON.stringify(out)).not.toMatch(/refresh-token|client-secret/);
    const ivy = await t.h.call(t.bob.id, 'add_contact', { first_name: 'Ivy', last_name: 'Nakamura', email: 'ivy@umbrella.com', job_title: 'VP Eng' });
    await t.h.call(t.bob.id, 'add_opportunity', { company_name: 'Umbrella', job_title: 'Platform Lead', status: 'final_round', contact: ivy.contact.id });
    await t.h.call(t.bob.id, 'log_interaction', { contact: ivy.contact.id, interaction_type: 'email', subject: 'Sent my CV' });
    at(Date.now());
    const report = await t.h.call(t.bob.id, 'sync_crm', { provider: 'salesforce' });
    expect(report).toMatchObject({ contacts: { read_remote: 3, created_in_kith: 3, created_remote: 1 }, opportunities: { created_remote: 1 }, interactions: { created_remote: 1 } });
    expect(sf.tokenRefreshes).toBe(1);
    expect(sf.requests.filter((r) => /\/query\/01g/.test(r.path)).length).toBeGreaterThanOrEqual(1);
    expect(sf.requests.some((r) => r.method === 'POST' && r.path === '/services/data/v59.0/composite/sobjects')).toBe(true);
    const ivyRemote = sf.records('Contact').find((c) => c.FirstName === 'Ivy')!;
    expect(ivyRemote).toMatchObject({ LastName: 'Nakamura', Email: 'ivy@umbrella.com', Title: 'VP Eng' });
    expect(sf.records('Opportunity')[0]).toMatchObject({ Name: 'Platform Lead at Umbrella', StageName: 'Proposal/Price Quote', ContactId: ivyRemote.Id });
    expect(sf.records('Task')[0]).toMatchObject({ Subject: 'Sent my CV', WhoId: ivyRemote.Id, Status: 'Completed', TaskSubtype: 'Email' });
    expect((await contactsOf(t.bob.id)).map((c) => c.first_name)).toEqual(['Fay', 'Gus', 'Hal', 'Ivy']);

    // The access token expires: jsforce refreshes it at /services/oauth2/token and goes on.
    sf.expireSessions();
    sf.put('Opportunity', { StageName: 'Closed Won' }, sf.records('Opportunity')[0].Id);
    at(Date.now() + 1000);
    const second = await t.h.call(t.bob.id, 'sync_crm', { provider: 'salesforce' });
    expect(sf.tokenRefreshes).toBe(2);
    expect(second).toMatchObject({ incremental: true, contacts: { created_in_kith: 0, created_remote: 0, updated_in_kith: 0, updated_remote: 0 }, opportunities: { created_remote: 0, updated_in_kith: 1 } });
    expect(sf.records('Contact')).toHaveLength(4);
    expect(sf.records('Task')).toHaveLength(1);
    const [opp] = await rows(t.bob.id, sql`select status from crm_opportunities`);
    expect(opp.status).toBe('offer');
    // Alice's HubSpot sync never saw Bob's records.
    expect((await contactsOf(t.alice.id)).map((c) => c.first_name)).not.toContain('Ivy');
  });

  it('waits out REQUEST_LIMIT_EXCEEDED as its Retry-After asks, and finishes', async () => {
    sf.put('Contact', { FirstName: 'Kai', LastName: 'Osei', Email: 'kai@acme.com' });
    sf.throttle(2, 1);
    at(Date.now() + 120_000);
    const started = Date.now();
    const report = await t.h.call(t.bob.id, 'sync_crm', { provider: 'salesforce' });
    expect(report).toMatchObject({ rate_limited: 2, contacts: { created_in_kith: 1 } });
    // 1 s twice, as asked (a backoff without it would wait 1 s, then 2 s)
    expect(report.waited_ms).toBe(2000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(sf.requests.filter((r) => r.status === 429)).toHaveLength(2);
    expect((await contactsOf(t.bob.id)).map((c) => c.first_name)).toContain('Kai');
  });

  it('a refresh token Salesforce refuses is a clear error, and nothing is written', async () => {
    await t.h.call(t.bob.id, 'connect_crm', { provider: 'salesforce', instance_url: sf.url, login_url: sf.url, client_id: SF.clientId, client_secret: SF.clientSecret, refresh_token: 'revoked' });
    sf.expireSessions();
    sf.put('Contact', { FirstName: 'Jo', LastName: 'Kim', Email: 'jo@acme.com' });
    const error = await t.h.error(t.bob.id, 'sync_crm', { provider: 'salesforce' });
    expect(error.message).toContain('Salesforce answered 400 invalid_grant');
    expect((await contactsOf(t.bob.id)).map((c) => c.first_name)).not.toContain('Jo');
  });
});
