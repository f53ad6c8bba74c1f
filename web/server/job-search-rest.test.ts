import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
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

const call = (token: string, method: string, path: string, body?: BodyInit, type?: string) =>
  app.request(path, { method, body, headers: { host: HOST, authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) } });

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, ENV), { database });
  alice = (await createToken(database.db, (await createTestUser(database, 'alice')).id)).token;
  bob = (await createToken(database.db, (await createTestUser(database, 'bob')).id)).token;
  app = createWebApp({ kith, localOwner: false, serveClient: false });
});
afterAll(async () => { await kith?.close(); });

describe('the job-search REST routes', () => {
  it('uploads a PDF résumé as a form, scores, tailors and maps an opportunity; bob sees none of it', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Backend engineer: Go, PostgreSQL, Kafka', { x: 50, y: 700, size: 12, font });
    const form = new FormData();
    form.append('file', new File([new Uint8Array(await doc.save())], 'cv.pdf', { type: 'application/pdf' }));
    form.append('name', 'Backend CV');
    const up = await call(alice, 'POST', '/api/resumes', form);
    expect(up.status).toBe(201);
    expect((await up.json()).resume).toMatchObject({ name: 'Backend CV', format: 'pdf', file_name: 'cv.pdf' });
    const bad = await call(alice, 'POST', '/api/resumes', new FormData());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('file');

    await call(alice, 'POST', '/api/contacts', JSON.stringify({ first_name: 'Priya', last_name: 'Patel', company: 'Stripe' }), 'application/json');
    const added = await (await call(alice, 'POST', '/api/opportunities', JSON.stringify({ company_name: 'Stripe', job_description: 'Requirements: Go, Kafka and Kubernetes.' }), 'application/json')).json();
    const id = added.opportunity.id;
    expect(added.opportunity.match_details.skills.missing.map((m: { skill: string }) => m.skill)).toEqual(['Kubernetes']);
    const scored = await (await call(alice, 'POST', `/api/opportunities/${id}/score`, '{}', 'application/json')).json();
    expect(scored.match.resume.name).toBe('Backend CV');
    const tailor = await (await call(alice, 'GET', `/api/opportunities/${id}/tailor`)).json();
    expect(tailor.keywords[0].keyword).toBe('Kubernetes');
    const referrers = await (await call(alice, 'GET', `/api/opportunities/${id}/referrers`)).json();
    expect(referrers.people.map((p: { name: string }) => p.name)).toEqual(['Priya Patel']);
    const people = await (await call(alice, 'GET', '/api/people-at?company=Stripe')).json();
    expect(people.people).toHaveLength(1);
    const prediction = await (await call(alice, 'GET', `/api/opportunities/${id}/prediction`)).json();
    expect(prediction.interview.method).toBe('too_little_history');
    expect((await (await call(alice, 'GET', '/api/follow-up-times')).json()).confidence).toBe('none');

    const analytics = await call(alice, 'GET', '/api/analytics?period=last_90_days');
    expect(analytics.status).toBe(200);
    const a = await analytics.json();
    expect(a).toMatchObject({ opportunities: 1, period: { label: 'in the last 90 days', to: '2026-11-25' } });
    expect(a.funnel[0]).toMatchObject({ stage: 'interested', reached: 1 });
    const badPeriod = await call(alice, 'GET', '/api/analytics?from=2026-11-20&to=2026-11-01');
    expect(badPeriod.status).toBe(400);
    expect((await badPeriod.json()).error.field).toBe('from');
    expect((await (await call(bob, 'GET', '/api/analytics')).json()).opportunities).toBe(0);

    expect((await (await call(bob, 'GET', '/api/resumes')).json()).resumes).toEqual([]);
    expect((await call(bob, 'GET', `/api/opportunities/${id}/tailor`)).status).toBe(404);
    expect((await (await call(bob, 'GET', '/api/people-at?company=Stripe')).json()).people).toEqual([]);
  });

  it('keeps in touch over REST: a cadence, an interaction posted resets it, bob sees none of it', async () => {
    const json = (body: unknown) => JSON.stringify(body);
    await call(alice, 'POST', '/api/contacts', json({ first_name: 'Omar', last_name: 'Haddad', last_contact_date: '2026-10-01' }), 'application/json');
    const set = await call(alice, 'POST', '/api/keep-in-touch', json({ contact: 'Omar', every: '2 weeks' }), 'application/json');
    expect(set.status).toBe(200);
    expect((await set.json()).contacts[0]).toMatchObject({ next_date: '2026-10-15', days_overdue: 41 });
    expect((await (await call(alice, 'GET', '/api/keep-in-touch/going-cold')).json()).contacts.map((c: { name: string }) => c.name)).toEqual(['Omar Haddad']);
    const today = await (await call(alice, 'GET', '/api/keep-in-touch/today')).json();
    expect(today.suggestions[0]).toMatchObject({ name: 'Omar Haddad', reasons: ['every 2 weeks; last in touch 55 days ago; 41 days overdue'] });
    expect((await call(alice, 'POST', '/api/interactions', json({ contact: 'Omar', interaction_type: 'call', interaction_date: '2026-11-24' }), 'application/json')).status).toBe(201);
    expect((await (await call(alice, 'GET', '/api/keep-in-touch/going-cold')).json()).contacts).toEqual([]);
    const bad = await call(alice, 'POST', '/api/keep-in-touch', json({ contact: 'Omar', every: 'sometimes' }), 'application/json');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('every');
    expect((await (await call(bob, 'GET', '/api/keep-in-touch/going-cold')).json()).with_cadence).toBe(0);
    expect((await call(bob, 'DELETE', '/api/keep-in-touch?contact=Omar')).status).toBe(404);
    expect((await call(alice, 'DELETE', '/api/keep-in-touch?contact=Omar')).status).toBe(200);
  });
});
