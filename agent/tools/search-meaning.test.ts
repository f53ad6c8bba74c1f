import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { packageRoot } from '../../db/package-root.js';
import { runTool, type ToolRuntime } from './run-tool.js';
import { search } from './search.js';
import { queryTerms } from './shared/query-expansion.js';
import { importData } from './transfer.js';
import { silentLogger } from './shared/context.js';
import type { User } from '../../accounts/users.js';
import { createSentenceEncoder, type SentenceEncoder } from '../embeddings/sentence-encoder.js';
import { createSentenceEncoderEmbedder } from '../embeddings/sentence-encoder-embedder.js';
import { createEmbeddingWorker } from '../embeddings/worker.js';

interface Fixture {
  contacts: Array<{ key: string; first_name: string; last_name: string; company: string; notes: string }>;
  interactions: Array<{ key: string; contact: string; type: string; date: string; subject: string | null; notes: string }>;
  opportunities: Array<{ key: string; company_name: string; job_title: string; job_description: string }>;
}

/** The notes of the benchmark's relevance set (bench/fixtures/relevance.json), searched end to end with the real encoder. */
describe('search by meaning with the offline sentence encoder', () => {
  let database: TestDatabase;
  let encoder: SentenceEncoder;
  let user: User;
  let runtime: ToolRuntime;
  const id = new Map<string, string>();
  const find = (query: string, extra: Record<string, unknown> = {}) => runTool(runtime, user.id, search, { query, ...extra });
  const wordsOnly = (query: string) => runTool({ ...runtime, embedder: undefined }, user.id, search, { query });

  beforeAll(async () => {
    const f = JSON.parse(readFileSync(join(packageRoot(), 'bench', 'fixtures', 'relevance.json'), 'utf8')) as Fixture;
    [...f.contacts, ...f.interactions, ...f.opportunities].forEach((x, i) => id.set(x.key, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`));
    database = await createTestDatabase('pglite');
    encoder = createSentenceEncoder();
    runtime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder: createSentenceEncoderEmbedder(encoder) };
    user = await createTestUser(database, 'meaning');
    await runTool(runtime, user.id, importData, { data: {
      contacts: f.contacts.map((c) => ({ id: id.get(c.key), first_name: c.first_name, last_name: c.last_name, company: c.company, notes: c.notes })),
      interactions: f.interactions.map((i) => ({ id: id.get(i.key), contact_id: id.get(i.contact), interaction_type: i.type, interaction_date: i.date, subject: i.subject, notes: i.notes })),
      opportunities: f.opportunities.map((o) => ({ id: id.get(o.key), company_name: o.company_name, job_title: o.job_title, job_description: o.job_description })),
    } });
    await createEmbeddingWorker({ db: database.db, embedder: runtime.embedder!, log: silentLogger }).runOnce();
  });
  afterAll(async () => { await encoder?.close(); await database?.drop(); });

  it('finds the note that shares no word with the question, where full-text finds nothing', async () => {
    const cases: Array<[string, string, string]> = [
      ['comp negotiation', 'i-salary', 'salary bands, equity and signing bonus'],
      ['immigration', 'c-hana', 'visa and work permit'],
      ['artificial intelligence hardware', 'o-ml', 'Train and evaluate large language models'],
    ];
    for (const [query, key, passage] of cases) {
      // "comp" and "immigration" are topics of the CRM's lexicon (topic-words.ts): full-text finds them by their other forms now
      const words = (await wordsOnly(query)).results;
      if (queryTerms(query).length === 0) expect(words, query).toEqual([]);
      else expect(words[0]?.id, query).toBe(id.get(key));
      const res = await find(query);
      expect(res.mode).toBe('hybrid');
      expect(res.results[0]?.id, query).toBe(id.get(key));
      expect(res.results[0].snippet.replace(/[«»]/g, ''), query).toContain(passage);
    }
  });

  it('names who the matching note is about', async () => {
    const res = await find('comp negotiation');
    expect(res.results[0]).toMatchObject({ kind: 'interaction', contact: { id: id.get('c-sofia'), name: 'Sofia Rossi' } });
    expect(res.results[0].title).toBe('Offer details (Call with Sofia Rossi on 2026-09-07)');
  });

  it('keeps word matches first when the question shares words', async () => {
    expect((await find('Kubernetes')).results.slice(0, 3).map((r) => r.id).sort()).toEqual(['c-priya', 'i-k8s', 'o-platform'].map((k) => id.get(k)).sort());
    expect((await find('Rust')).results[0].id).toBe(id.get('o-rust'));
  });

  it('narrows by contact, company, period and kind, with the same ranking inside', async () => {
    const ofContact = await find('engineers', { contact: 'Omar Haddad' });
    expect(ofContact.results.length).toBeGreaterThan(0);
    expect(ofContact.results.every((r) => r.contact?.id === id.get('c-omar'))).toBe(true);
    expect(ofContact.results.map((r) => r.id)).toContain(id.get('i-layoffs')); // "let go of a third of the engineers"

    // inside a company: Monzo's job and Elena's notes (she is at Monzo), not Jonas, reliability engineer at Stripe
    expect((await find('reliability')).results.map((r) => r.id)).toContain(id.get('c-jonas'));
    const atMonzo = await find('reliability', { company: 'monzo' });
    expect(atMonzo.results.map((r) => r.id)).toContain(id.get('o-sre'));
    expect(atMonzo.results.every((r) => r.contact?.id === id.get('c-elena') || r.opportunity?.company_name === 'Monzo')).toBe(true);

    // interactions by their date, inclusive days in the user's time zone
    const september = await find('coffee', { from: '2026-09-12', to: '2026-09-24', kinds: ['interaction'] });
    expect(september.results.map((r) => r.id).sort()).toEqual(['i-oncall', 'i-burnout'].map((k) => id.get(k)).sort());
    expect((await find('coffee', { from: '2026-10-07' })).results.filter((r) => r.kind === 'interaction')).toEqual([]);

    // nothing of the filter's documents matches: nothing, rather than someone else's notes
    expect((await find('Kubernetes', { contact: 'Hana Novak' })).results).toEqual([]);
  });

  it('says which field is wrong', async () => {
    await expect(find('coffee', { from: '2026-09-30', to: '2026-09-01' })).rejects.toMatchObject({ code: 'invalid', details: { field: 'to' } });
    await expect(find('coffee', { contact: 'Nobody Known' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(find('coffee', { from: '2026-13-01' })).rejects.toMatchObject({ code: 'invalid', details: { field: 'from' } });
  });

  it('filters the same way through REST, where the tool is the only schema', async () => {
    const { openKith } = await import('../../app/open-kith.js');
    const { loadConfig } = await import('../../app/config.js');
    const { createWebApp } = await import('../../web/server/create-app.js');
    const kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', KITH_NOW: '2026-11-25T15:00:00Z' } as NodeJS.ProcessEnv), {
      database: { ...database, close: async () => {} }, encoder, embedder: runtime.embedder, log: silentLogger,
    });
    try {
      const { createToken } = await import('../../accounts/tokens.js');
      const { token } = await createToken(database.db, user.id);
      const app = createWebApp({ kith, localOwner: false, serveClient: false });
      const res = await app.request('/api/search?q=reliability&company=monzo', { headers: { host: '127.0.0.1:3000', authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = await res.json() as { mode: string; results: Array<{ id: string }> };
      expect(body.mode).toBe('hybrid');
      expect(body.results.map((r) => r.id)).toContain(id.get('o-sre'));
      const status = await app.request('/api/search/status', { headers: { host: '127.0.0.1:3000', authorization: `Bearer ${token}` } });
      expect(await status.json()).toMatchObject({ mode: 'hybrid', embedder: 'offline:use-lite-512', waiting: 0, progress: 1 });
    } finally {
      await kith.close({ embed: false });
    }
  });
});
