import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTestDatabase, createTestUser, type TestDatabase } from '../test-support/test-database.js';
import { openKith, type Kith } from '../app/open-kith.js';
import { loadConfig } from '../app/config.js';
import { createWebApp } from '../web/server/create-app.js';
import { createToken } from './tokens.js';
import { accountFootprint } from './delete-account.js';
import { withUser } from '../db/with-user.js';
import type { User } from './users.js';

const ENV = { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' } as NodeJS.ProcessEnv;
const HOST = '127.0.0.1:3000';
let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;
let alice: User;
let bob: User;
const tokens: Record<string, string> = {};
let pdf: Buffer;

const call = (who: string) => async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { host: HOST, authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res;
};

/** What one user has: a contact with an interaction and its attachment, an opportunity, a résumé file, a chat, a Slack link, a CRM connection. */
async function fill(user: User, who: string) {
  const k = (name: string, input: unknown) => kith.call(user.id, name, input);
  const c = await k('add_contact', { first_name: `${who}-Priya`, last_name: 'Patel', email: `priya@${who}.example`, notes: 'Met at KubeCon' }) as { contact: { id: string } };
  await k('log_interaction', { contact: c.contact.id, interaction_type: 'meeting', subject: `${who} coffee`, attachments: [`https://files.example/${who}-deck.pdf`] });
  await k('add_opportunity', { company_name: `${who} Corp`, job_title: 'Staff Engineer', contact: c.contact.id });
  await k('add_resume', { content_base64: pdf.toString('base64'), file_name: `${who}-cv.pdf`, name: `${who} CV` });
  await k('connect_crm', { provider: 'hubspot', access_token: `pat-${who}-secret-token`, base_url: 'http://127.0.0.1:9' });
  await database.db.execute(sql`insert into slack_identities (team_id, slack_user_id, user_id) values ('T1', ${`U-${who}`}, ${user.id}::uuid)`);
  await withUser(database.db, user.id, async (tx) => {
    const [s] = ((await tx.execute(sql`insert into crm_chat_sessions (user_id, title) values (${user.id}::uuid, ${`${who} chat`}) returning id`)) as unknown as { rows: { id: string }[] }).rows;
    await tx.execute(sql`insert into crm_chat_messages (user_id, session_id, message) values (${user.id}::uuid, ${s.id}::uuid, ${JSON.stringify({ role: 'user', content: `${who} asks about Priya` })}::jsonb)`);
  });
}

beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Alice Example - Backend Engineer', { x: 50, y: 750, size: 11, font: await doc.embedFont(StandardFonts.Helvetica) });
  pdf = Buffer.from(await doc.save());
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, ENV), { database });
  alice = await createTestUser(database, 'alice');
  bob = await createTestUser(database, 'bob');
  tokens.alice = (await createToken(database.db, alice.id)).token;
  tokens.bob = (await createToken(database.db, bob.id)).token;
  app = createWebApp({ kith, localOwner: false, serveClient: false });
  await fill(alice, 'alice');
  await fill(bob, 'bob');
});
afterAll(async () => { await kith?.close(); });

describe('export everything, as one zip', () => {
  it('holds every table of the user as the database has it, chats, the résumé file byte for byte, attachments; no credentials and nobody else', async () => {
    const res = await call('alice')('GET', '/api/export?format=archive');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kith-everything-2026-11-25.zip"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const text = (p: string) => strFromU8(files[p]);
    // Every table with rows of alice's is there with exactly her rows.
    const footprint = await accountFootprint(database.db, alice.id);
    for (const [table, n] of Object.entries(footprint)) {
      expect(JSON.parse(text(`tables/${table}.json`)), table).toHaveLength(n);
    }
    expect(footprint.crm_chat_messages).toBe(1);
    const [chat] = Object.keys(files).filter((p) => p.startsWith('chats/'));
    expect(JSON.parse(text(chat))).toMatchObject({ title: 'alice chat', messages: [{ message: { role: 'user', content: 'alice asks about Priya' } }] });
    const cv = Object.keys(files).find((p) => p.endsWith('/alice-cv.pdf'))!;
    expect(Buffer.from(files[cv]).equals(pdf)).toBe(true);
    expect(text(cv.replace('/alice-cv.pdf', '.txt'))).toContain('Backend Engineer');
    expect(text('attachments.tsv')).toContain('https://files.example/alice-deck.pdf');
    expect(JSON.parse(text('kith-export.json')).contacts.map((c: { first_name: string }) => c.first_name)).toEqual(['alice-Priya']);
    expect(text('contacts.vcf')).toContain('FN:alice-Priya Patel');
    const all = Object.values(files).map((b) => strFromU8(b, true)).join('\n');
    expect(all).not.toMatch(/bob/i);
    expect(all).not.toContain('pat-alice-secret-token');
    expect(JSON.parse(text('tables/crm_sync_accounts.json'))[0]).not.toHaveProperty('secret');
    expect(JSON.parse(text('tables/api_tokens.json'))[0]).not.toHaveProperty('token_hash');
  });
});

describe('delete my account (the web page\'s way: the server\'s approval id)', () => {
  it('without the approval only says what would go; with it every row of the user is gone and bob keeps all of his', async () => {
    const bobBefore = await accountFootprint(database.db, bob.id);
    type Refusal = { error: { code: string; message: string; approval_id: string } };
    const ask = async (who: string, body: unknown) => { const r = await call(who)('POST', '/api/tools/delete_account', body); return { status: r.status, body: await r.json() as Refusal }; };
    const preview = await ask('alice', {});
    expect(preview).toMatchObject({ status: 409, body: { error: { code: 'confirmation_required' } } });
    expect(preview.body.error.message).toMatch(/^Delete your account and everything in it \(1 contacts, 1 interactions, 1 opportunities, 1 chats, 1 résumés, 1 API tokens, 1 Slack links, and the rest\)\?/);
    // confirm without the id it was given changes nothing.
    expect((await ask('alice', { confirm: true, approval_id: 'not-the-one' })).body.error.code).toBe('confirmation_required');
    expect((await accountFootprint(database.db, alice.id)).crm_contacts).toBe(1);
    // bob cannot use alice's approval.
    expect((await ask('bob', { confirm: true, approval_id: preview.body.error.approval_id })).body.error.code).toBe('confirmation_required');
    expect((await accountFootprint(database.db, bob.id)).crm_contacts).toBe(1);

    const done = await call('alice')('POST', '/api/tools/delete_account', { confirm: true, approval_id: preview.body.error.approval_id });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'deleted', deleted: { users: 1, crm_contacts: 1, crm_resumes: 1, slack_identities: 1, api_tokens: 1 } });
    const after = await accountFootprint(database.db, alice.id);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const [{ n: userRows }] = ((await database.db.execute(sql`select count(*)::int as n from users where id = ${alice.id}::uuid`)) as unknown as { rows: { n: number }[] }).rows;
    expect(userRows).toBe(0);
    // Embeddings (partitioned by user) and search documents went with it.
    const [{ n: vectors }] = ((await database.db.execute(sql`select count(*)::int as n from search_documents where user_id = ${alice.id}::uuid`)) as unknown as { rows: { n: number }[] }).rows;
    expect(vectors).toBe(0);
    // Her token no longer opens anything.
    expect((await call('alice')('GET', '/api/contacts')).status).toBe(401);
    const bobAfter = await accountFootprint(database.db, bob.id);
    expect({ ...bobAfter, crm_approvals: 0, crm_audit_events: 0 }).toEqual({ ...bobBefore, crm_approvals: 0, crm_audit_events: 0 });
  });
});
