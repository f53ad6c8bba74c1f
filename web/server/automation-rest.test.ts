import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { createWebApp } from './create-app.js';

const ENV = { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z', KITH_EMBEDDING_MODEL: 'lexical' } as NodeJS.ProcessEnv;
const HOST = '127.0.0.1:3000';

let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;
let alice: string;
let bob: string;

const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { host: HOST, authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, ENV), { database });
  alice = (await createToken(database.db, (await createTestUser(database, 'alice')).id)).token;
  bob = (await createToken(database.db, (await createTestUser(database, 'bob')).id)).token;
  app = createWebApp({ kith, localOwner: false, serveClient: false });
});
afterAll(async () => { await kith?.close(); });

describe('automation rules over REST', () => {
  it('switches rules on, and the REST writes fire them: an interview moves the job and asks for a thank-you; undo takes it all back', async () => {
    expect((await call(alice, 'GET', '/api/automation-rules')).body.rules.filter((r: { enabled: boolean }) => r.enabled)).toEqual([]);
    const on = await call(alice, 'PATCH', '/api/automation-rules/interview_moves_stage', { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.rule).toMatchObject({ rule: 'interview_moves_stage', enabled: true });
    expect((await call(alice, 'PATCH', '/api/automation-rules/thank_you_after_interview', { enabled: true })).status).toBe(200);
    const bad = await call(alice, 'PATCH', '/api/automation-rules/autopilot', { enabled: true });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'rule']);
    const badParam = await call(alice, 'PATCH', '/api/automation-rules/thank_you_after_interview', { params: { days: 2 } });
    expect([badParam.status, badParam.body.error.field]).toEqual([400, 'params.days']);

    await call(alice, 'POST', '/api/contacts', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe' });
    const added = await call(alice, 'POST', '/api/opportunities', { company_name: 'Stripe', job_title: 'Platform Engineer', contact: 'Priya Patel', status: 'applied' });
    const logged = await call(alice, 'POST', '/api/interactions', { contact: 'Priya Patel', interaction_type: 'meeting', subject: 'Onsite interview' });
    expect(logged.status).toBe(201);
    const job = (await call(alice, 'GET', `/api/opportunities/${added.body.opportunity.id}`)).body.opportunity;
    expect(job.status).toBe('interview');
    const tasks = (await call(alice, 'GET', '/api/tasks')).body.tasks;
    expect(tasks.map((t: { title: string; due_date: string }) => [t.title, t.due_date])).toEqual([['Send Priya Patel a thank-you note (Platform Engineer at Stripe)', '2026-11-25']]);

    // Bob: his rules are off and he sees none of it.
    expect((await call(bob, 'GET', '/api/automation-rules')).body.rules.every((r: { enabled: boolean }) => !r.enabled)).toBe(true);
    expect((await call(bob, 'GET', '/api/tasks')).body.tasks).toEqual([]);

    const undone = await call(alice, 'POST', '/api/tools/undo', {});
    expect(undone.body.undone.tool).toBe('log_interaction');
    expect((await call(alice, 'GET', `/api/opportunities/${added.body.opportunity.id}`)).body.opportunity.status).toBe('applied');
    expect((await call(alice, 'GET', '/api/tasks')).body.tasks).toEqual([]);
  });
});
