import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { callConfirmed, runTool, type ToolRuntime } from './run-tool.js';
import { search } from './search.js';
import { importData } from './transfer.js';
import { updateContact, deleteContact } from './contacts.js';
import { updateInteraction, deleteInteraction } from './interactions.js';
import { silentLogger } from './shared/context.js';
import { fullTextCandidates, vectorCandidates } from './shared/hybrid-search.js';
import { withUser } from '../../db/with-user.js';
import { createOfflineEmbedder } from '../embeddings/offline-embedder.js';
import { createEmbeddingWorker } from '../embeddings/worker.js';
import { fixture, ids } from './search.fixture.js';
import type { User } from '../../accounts/users.js';
import { createAgent } from '../agent.js';
import { createSessionStore } from '../sessions.js';
import { createOfflineModel } from '../models/offline/index.js';

const embedder = createOfflineEmbedder();

describe('search on PGlite (hybrid)', () => {
  let database: TestDatabase;
  let runtime: ToolRuntime;
  let alice: User;
  let bob: User;
  const worker = () => createEmbeddingWorker({ db: database.db, embedder, log: silentLogger });
  const find = async (query: string, extra: Record<string, unknown> = {}, user = alice) =>
    runTool(runtime, user.id, search, { query, ...extra });
  const docIdOf = async (user: User, sourceId: string) => withUser(database.db, user.id, async (tx) => {
    const r = await tx.execute(sql`select id from search_documents where source_id = ${sourceId}`);
    return (r as unknown as { rows: Array<{ id: string }> }).rows[0]?.id;
  });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    runtime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder };
    alice = await createTestUser(database, 'alice');
    bob = await createTestUser(database, 'bob');
    await runTool(runtime, alice.id, importData, { data: fixture });
    await worker().runOnce();
  });
  afterAll(async () => { await database?.drop(); });

  it('answers topic questions with the right records first', async () => {
    const k8s = await find('who did I talk to about Kubernetes?', { kinds: ['interaction', 'contact'] });
    expect(k8s.mode).toBe('hybrid');
    expect(k8s.results[0].contact?.name).toBe('Priya Shah');
    expect(k8s.results.slice(0, 2).map((r) => r.id).sort()).toEqual([ids.C(1), ids.I(1)].sort());
    expect(k8s.results[0].snippet).toContain('«Kubernetes»');

    const fundraising = await find('find my notes about fundraising');
    expect(fundraising.results[0].id).toBe(ids.I(2));
    expect(fundraising.results[0].contact).toEqual({ id: ids.C(2), name: 'Lucas Moreau' });
    expect(fundraising.results[0].title).toBe('Intro call (Call with Lucas Moreau on 2026-10-05)');

    const rust = await find('which jobs mention Rust?', { kinds: ['opportunity'] });
    expect(rust.results[0].id).toBe(ids.O(1));
    expect(rust.results[0].opportunity).toEqual({ id: ids.O(1), company_name: 'Ferrous Systems', job_title: 'Senior Rust Engineer' });
    expect(rust.results.every((r) => r.kind === 'opportunity')).toBe(true);
  });

  it('answers the three questions the issue names through the offline agent', async () => {
    const agent = createAgent({ runtime, model: createOfflineModel(), sessions: createSessionStore(database.db) });
    const who = await agent.turn(alice.id, 'who did I talk to about Kubernetes?');
    expect(who.toolCalls.map((c) => c.name)).toEqual(['search']);
    // the answer's person first, with the passage that says so
    expect(who.reply).toMatch(/^Priya Shah: "[^"]*Kubernetes/);
    const notes = await agent.turn(alice.id, 'find my notes about fundraising');
    expect(notes.toolCalls.map((c) => c.name)).toEqual(['search']);
    expect(notes.reply).toMatch(/Lucas Moreau/);
    const jobs = await agent.turn(alice.id, 'which jobs mention Rust?');
    expect(jobs.toolCalls).toEqual([expect.objectContaining({ name: 'search', input: { query: 'Rust', kinds: ['opportunity'], question: 'which jobs mention Rust?' } })]);
    expect(jobs.reply).toMatch(/^Ferrous Systems \(Senior Rust Engineer\): "/);
  });

  it('finds with the vector side what full-text misses (word pieces, typos)', async () => {
    const only = async (query: string, sourceId: string, rank = 0) => {
      const [fts, vec] = await withUser(database.db, alice.id, async (tx) => [
        await fullTextCandidates(tx, alice.id, query, undefined, 40),
        await vectorCandidates(tx, alice.id, embedder.id, (await embedder.embed([query]))[0], undefined, 40),
      ]);
      const doc = await docIdOf(alice, sourceId);
      expect(fts.map((c) => c.documentId)).not.toContain(doc);
      expect(vec.slice(0, rank + 1).map((c) => c.documentId)).toContain(doc);
      expect((await find(query)).results.slice(0, rank + 1).map((r) => r.id)).toContain(sourceId);
    };
    await only('fundrasing', ids.I(2)); // a typo: no lexeme, but most character n-grams match
    await only('kubernetis', ids.C(1), 1);
  });

  it('finds a thing by any of its names: "PostgreSQL" finds Postgres, "k8s" finds Kubernetes, by words', async () => {
    // Different lexemes that the skill vocabulary knows are one thing (agent/tools/shared/query-expansion.ts).
    for (const [query, sourceId] of [['PostgreSQL', ids.C(5)], ['k8s', ids.C(1)]] as const) {
      const fts = await withUser(database.db, alice.id, (tx) => fullTextCandidates(tx, alice.id, query, undefined, 40));
      expect(fts.map((c) => c.documentId), query).toContain(await docIdOf(alice, sourceId));
    }
  });

  it('finds with full-text what the vectors miss (exact phrases, negation)', async () => {
    const res = await find('"series A"');
    expect(res.results[0].id).toBe(ids.I(7));
    // a rare word buried in a long text: full-text ranks it, the vector floor drops it
    const fts = await withUser(database.db, alice.id, (tx) => fullTextCandidates(tx, alice.id, 'pgbouncer', undefined, 40));
    expect(fts.map((c) => c.documentId)).toEqual([await docIdOf(alice, ids.I(5))]);
    const neg = await find('Kubernetes -helm', { kinds: ['interaction', 'opportunity'] });
    expect(neg.results.map((r) => r.id)).not.toContain(ids.I(1));
    expect(neg.results[0].id).toBe(ids.O(2));
  });

  it('keeps the index in step with tool updates and deletes', async () => {
    await runTool(runtime, alice.id, updateContact, { contact: ids.C(3), append_notes: 'Now leads accessibility audits.' });
    await runTool(runtime, alice.id, updateInteraction, { interaction_id: ids.I(3), notes: 'Tom asked about Terraform modules for his new job.' });
    // pending documents are found by full-text at once, before any embedding
    expect((await find('accessibility')).results[0].id).toBe(ids.C(3));
    expect((await find('terraform', { kinds: ['interaction'] })).results[0].id).toBe(ids.I(3));
    expect((await find('football')).results.map((r) => r.id)).not.toContain(ids.I(3));
    const stale = await withUser(database.db, alice.id, async (tx) => (tx.execute(sql`
      select count(*)::int as n from embeddings e join search_documents d on d.id = e.document_id where d.source_id = ${ids.I(3)}`)));
    expect((stale as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(0);
    const run = await worker().runOnce();
    expect(run.embedded).toBe(2);

    await callConfirmed((i) => runTool(runtime, alice.id, deleteInteraction, i), { interaction_id: ids.I(6) });
    expect((await find('container orchestration')).results.map((r) => r.id)).not.toContain(ids.I(6));
    // deleting a contact removes its notes and, by cascade, its interactions' notes
    await callConfirmed((i) => runTool(runtime, alice.id, deleteContact, i), { contact: ids.C(2) });
    const after = await find('fundraising investor');
    expect(after.results.map((r) => r.contact?.id)).not.toContain(ids.C(2));
    const counts = await database.db.execute(sql`
      select (select count(*)::int from search_documents where source_id in (${ids.I(2)}, ${ids.I(7)}, ${ids.C(2)})) as docs,
             (select count(*)::int from embeddings e join search_documents d on d.id = e.document_id where d.user_id = ${alice.id}) as vectors,
             (select count(*)::int from search_documents where user_id = ${alice.id}) as all_docs`);
    const row = (counts as unknown as { rows: Array<{ docs: number; vectors: number; all_docs: number }> }).rows[0];
    expect(row.docs).toBe(0);
    expect(row.vectors).toBe(row.all_docs);
  });

  it('re-imports keep one document per record and re-embed only what changed', async () => {
    const changed = { ...fixture, contacts: fixture.contacts.filter((c) => c.id !== ids.C(2)), interactions: fixture.interactions.filter((i) => i.contact_id !== ids.C(2)).map((i) => i.id === ids.I(4) ? { ...i, notes: 'Amara sent over the Storybook setup.' } : i) };
    await callConfirmed((i) => runTool(runtime, alice.id, importData, i), { data: changed });
    const pending = await database.db.execute(sql`select d.source_id from search_documents d join search_embedding_queue q on q.document_id = d.id where d.user_id = ${alice.id} and q.status = 'pending'`);
    const pendingIds = (pending as unknown as { rows: Array<{ source_id: string }> }).rows.map((r) => r.source_id).sort();
    // I(3) and C(3) were changed by the previous test and come back to the fixture's text; I(4) changed; I(6) is new again
    expect(pendingIds).toEqual([ids.C(3), ids.I(3), ids.I(4), ids.I(6)].sort());
    const dupes = await database.db.execute(sql`select source_id from search_documents group by source_id having count(*) > 1`);
    expect((dupes as unknown as { rows: unknown[] }).rows).toEqual([]);
    await worker().runOnce();
    expect((await find('storybook')).results[0].id).toBe(ids.I(4));
  });

  it('never mixes two users', async () => {
    await runTool(runtime, bob.id, importData, { data: {
      contacts: [{ id: '00000000-0000-4000-8000-00000000b0b1', first_name: 'Kube', last_name: 'Fan', notes: 'Kubernetes operator expert, Rust hobbyist.' }],
      interactions: [], opportunities: [{ company_name: 'Oxide', job_title: 'Rust Engineer', job_description: 'Rust and Kubernetes all day.' }],
    } });
    await worker().runOnce();
    const mine = new Set([...fixture.contacts.map((c) => c.id), ...fixture.interactions.map((i) => i.id), ...fixture.opportunities.map((o) => o.id)]);
    for (const q of ['Kubernetes', 'Rust', 'Rust engineer kubernetes operator']) {
      const a = await find(q, { limit: 50 });
      expect(a.results.length).toBeGreaterThan(0);
      expect(a.results.every((r) => mine.has(r.id))).toBe(true);
      const b = await find(q, { limit: 50 }, bob);
      expect(b.results.length).toBeGreaterThan(0);
      expect(b.results.every((r) => !mine.has(r.id))).toBe(true);
    }
  });

  it('ranks documents with every word of a plain query before those with some, and still returns those', async () => {
    const carol = await createTestUser(database, 'carol');
    const contact = '00000000-0000-4000-8000-0000000ca001';
    const note = (n: number, notes: string, subject?: string) => ({ id: `00000000-0000-4000-8000-0000000ca1${String(n).padStart(2, '0')}`, contact_id: contact, interaction_type: 'call', interaction_date: '2026-10-01', notes, subject });
    const interactions = [
      note(1, 'Kubernetes, Kubernetes and more Kubernetes: cluster upgrades, Kubernetes operators, Kubernetes networking.', 'Kubernetes upgrade'),
      note(2, 'Hiring hiring hiring: the hiring plan for next year, hiring managers and budgets.'),
      note(3, 'She is hiring a platform engineer who knows Kubernetes.'),
      note(4, 'Lunch, nothing about work.'),
    ];
    await runTool(runtime, carol.id, importData, { data: { contacts: [{ id: contact, first_name: 'Carol', last_name: 'Test' }], interactions } });
    const candidates = (query: string, user = carol) => withUser(database.db, carol.id, (tx) => fullTextCandidates(tx, user.id, query, undefined, 40));
    const docs = await Promise.all(interactions.map((i) => docIdOf(carol, i.id)));
    const both = await candidates('kubernetes hiring');
    // the note titled "Kubernetes upgrade" that says it five more times ranks higher on ts_rank alone
    // (0.36 against 0.24 for the OR of the words); the one with both words comes first
    expect(both[0].documentId).toBe(docs[2]);
    expect(both.map((c) => c.documentId).sort()).toEqual([docs[0], docs[1], docs[2]].sort());
    // no document has both words: those with one of them are still found
    expect((await candidates('kubernetes payroll')).map((c) => c.documentId).sort()).toEqual([docs[0], docs[2]].sort());
    // search syntax is taken as written: an explicit AND finds only the document with both
    expect((await candidates('"platform engineer" kubernetes')).map((c) => c.documentId)).toEqual([docs[2]]);
    // the function answers only for the transaction's own user
    expect(await candidates('kubernetes', alice)).toEqual([]);
  });

  it('deletes the documents and vectors of a deleted user', async () => {
    const dave = await createTestUser(database, 'dave');
    await runTool(runtime, dave.id, importData, { data: { contacts: [{ id: '00000000-0000-4000-8000-0000000da001', first_name: 'Dan', last_name: 'Vector', notes: 'Kubernetes and Rust.' }] } });
    await worker().runOnce();
    const counts = async () => (await database.db.execute(sql`
      select (select count(*)::int from search_documents where user_id = ${dave.id}) as docs,
             (select count(*)::int from embeddings where user_id = ${dave.id}) as vectors`) as unknown as { rows: Array<{ docs: number; vectors: number }> }).rows[0];
    expect(await counts()).toEqual({ docs: 1, vectors: 1 });
    await database.db.execute(sql`delete from users where id = ${dave.id}`);
    expect(await counts()).toEqual({ docs: 0, vectors: 0 });
  });

  it('searches with full-text alone without an embedder', async () => {
    const res = await runTool({ ...runtime, embedder: undefined }, alice.id, search, { query: 'kubernetes' });
    expect(res.mode).toBe('full_text');
    expect(res.results.map((r) => r.id)).toContain(ids.I(1));
  });
});
