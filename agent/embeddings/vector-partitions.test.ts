import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase } from '../../db/connection.js';
import { createTestDatabase, createTestUser } from '../../test-support/test-database.js';
import { migrationsFolder } from '../../db/package-root.js';
import { findUnprotectedTables } from '../../db/row-level-security.js';
import { runTool, type ToolRuntime } from '../tools/run-tool.js';
import { addContact } from '../tools/contacts.js';
import { search } from '../tools/search.js';
import { EF_SEARCH, prepareVectorSearch, vectorCandidates } from '../tools/shared/hybrid-search.js';
import { withUser } from '../../db/with-user.js';
import { silentLogger } from '../tools/shared/context.js';
import { createOfflineEmbedder } from './offline-embedder.js';
import { createEmbeddingWorker } from './worker.js';
import { vectorLiteral } from './vector-store.js';
import { SHARED_VECTOR_PARTITION, ensureVectorIndex, makeUserVectorPartition, userVectorPartition, vectorIndexName, vectorPartitions } from './vector-partitions.js';

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** A copy of the migrations folder that stops before `tag` (a database as an older Kith left it). */
function migrationsBefore(tag: string): { folder: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kith-migrations-'));
  cpSync(migrationsFolder(), dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no migration ${tag}`);
  const dropped = journal.entries.splice(cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  for (const f of readdirSync(dir)) if (dropped.some((e) => f === `${e.tag}.sql`)) rmSync(join(dir, f));
  return { folder: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('vector partitions', () => {
  it('upgrade a database from before them: vectors land in the shared partition and stay searchable, and move with a user who gets their own', async () => {
    const older = migrationsBefore('0014_embeddings_partitioned_by_user');
    const database = await openDatabase({ migrate: false });
    try {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(database.db as never, { migrationsFolder: older.folder });
      // made as that schema's code did: today's users table has columns (a plan) that 0013 lacks
      const [user] = rows<{ id: string }>(await database.db.execute(sql`
        insert into users (email, display_name) values (${`older-${Date.now()}@example.test`}, 'Older') returning id`));
      const embedder = createOfflineEmbedder();
      const runtime: ToolRuntime = { db: database.db, now: () => new Date('2026-11-25T15:00:00Z'), tz: 'UTC', log: silentLogger, embedder };
      // written as the code of that time did: today's tools also keep a change log that 0013 lacks
      const [contact] = rows<{ id: string }>(await database.db.execute(sql`
        insert into crm_contacts (user_id, first_name, last_name, notes)
        values (${user.id}, 'Old', 'Timer', 'Ran the Kubernetes platform team for years.') returning id`));
      // the vector as the old worker stored it: a plain table keyed by (document, model)
      const [doc] = rows<{ id: string; content: string; content_hash: string }>(await database.db.execute(sql`
        select id, content, content_hash from search_documents where source_id = ${contact.id}`));
      const [vector] = await embedder.embed([doc.content]);
      await database.db.execute(sql`
        insert into embeddings (document_id, user_id, source_kind, model, dimensions, content_hash, embedding)
        values (${doc.id}, ${user.id}, 'contact', ${embedder.id}, ${vector.length}, ${doc.content_hash}, ${vectorLiteral(vector)}::vector)`);
      await database.db.execute(sql`delete from search_embedding_queue`);

      await migrateDatabase(database);

      expect(await vectorPartitions(database.db)).toEqual([SHARED_VECTOR_PARTITION]);
      expect(rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from embeddings_shared where document_id = ${doc.id}`))[0].n).toBe(1);
      expect(await findUnprotectedTables(database.db)).toEqual([]);
      const [q] = await embedder.embed(['kubernetes platform']);
      const nearest = await withUser(database.db, user.id, (tx) => vectorCandidates(tx, user.id, embedder.id, q, undefined, 5));
      expect(nearest.map((c) => c.documentId)).toEqual([doc.id]);
      const res = await runTool(runtime, user.id, search, { query: 'kubernetes platform' });
      expect(res.mode).toBe('hybrid');
      expect(res.results.map((r) => r.id)).toEqual([contact.id]);
      // and the new worker writes into the partitioned table
      await runTool(runtime, user.id, addContact, { first_name: 'New', last_name: 'Comer', notes: 'Kubernetes operators in Go.' });
      expect((await createEmbeddingWorker({ db: database.db, embedder, log: silentLogger }).runOnce()).embedded).toBe(1);
      expect(rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from embeddings`))[0].n).toBe(2);

      // the HNSW candidate list follows the graph the user's vectors are in
      const efSearch = () => withUser(database.db, user.id, async (tx) => {
        expect(await prepareVectorSearch(tx, user.id)).toBe(true);
        return rows<{ ef: string }>(await tx.execute(sql`select current_setting('hnsw.ef_search') as ef`))[0].ef;
      });
      expect(await efSearch()).toBe(String(EF_SEARCH.shared));
      expect(await makeUserVectorPartition(database.db, user.id)).toBe(userVectorPartition(user.id));
      expect(await ensureVectorIndex(database.db, embedder.dimensions)).toEqual([vectorIndexName(userVectorPartition(user.id), embedder.dimensions)]);
      expect(await efSearch()).toBe(String(EF_SEARCH.ownPartition));
      expect((await runTool(runtime, user.id, search, { query: 'kubernetes operators' })).results.map((r) => r.title)).toContain('New Comer');
    } finally {
      await database.close();
      older.remove();
    }
  });

  it("searches a user's partition through its HNSW index, not by scanning every vector (0082: the distance is priced as what it costs)", async () => {
    const database = await createTestDatabase('pglite');
    try {
      const db = database.db;
      const user = await createTestUser(database);
      // The planner chose an exact scan over the index for a user's 20,000 vectors of the search
      // benchmark (seq scan and top-N sort, 0.7-2.4 s against 2.7 ms) while the distance was priced
      // as a comparison; 0082 prices it as what it costs. Too slow to rebuild here at that size: the
      // price is checked, and the plan at a smaller size.
      const [{ cost }] = rows<{ cost: number }>(await db.execute(sql`select procost as cost from pg_proc where oid = 'cosine_distance(vector, vector)'::regprocedure`));
      expect(Number(cost)).toBeGreaterThanOrEqual(100);
      // 5,000 documents with random 512-dimension unit vectors, in a partition of the user's own (a
      // partition comes with a bulk load of 20,000; at 2,000 an exact scan is priced, rightly, below
      // the index at ef_search 200)
      await db.execute(sql`
        insert into search_documents (user_id, source_kind, source_id, content, content_hash)
        select ${user.id}::uuid, 'interaction', gen_random_uuid(), 'note ' || g, 'h' || g from generate_series(1, 5000) g`);
      await makeUserVectorPartition(db, user.id);
      // (the subquery names the row, so that each document gets a vector of its own). Ten of them lie
      // close to the query, the rest anywhere: among random vectors alone every neighbour is about as
      // far as the next, and which ten an approximate index returns is chance (7 of 10 in one CI run)
      const query = Array.from({ length: 512 }, (_, i) => Math.sin(i + 1) / 16);
      await db.execute(sql`
        insert into embeddings (document_id, user_id, source_kind, model, dimensions, content_hash, embedding)
        select d.id, d.user_id, d.source_kind, 'test-512', 512, d.content_hash,
          case when substring(d.content from 6)::int <= 10
            then l2_normalize(${vectorLiteral(query)}::vector + (select array_agg((random() - 0.5) * 0.02) from generate_series(1, 512) where d.id is not null)::vector)
            else l2_normalize((select array_agg(random() - 0.5) from generate_series(1, 512) where d.id is not null)::vector) end
        from search_documents d where d.user_id = ${user.id}`);
      await ensureVectorIndex(db, 512);
      await db.execute(sql`analyze`);
      const plan = await withUser(db, user.id, async (tx) => {
        await prepareVectorSearch(tx, user.id);
        const explained = rows<{ 'QUERY PLAN': string }>(await tx.execute(sql`explain
          select e.document_id from embeddings e
          where e.dimensions = 512 and e.model = 'test-512' and e.user_id = ${user.id}
          order by (e.embedding::vector(512)) <=> ${vectorLiteral(query)}::vector(512) limit 40`));
        return explained.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(`Index Scan using ${vectorIndexName(userVectorPartition(user.id), 512)}`);
      expect(plan).not.toMatch(/Seq Scan/);
      // and the search finds the same neighbours through it as an exact scan would
      const [indexed, exact] = await withUser(db, user.id, async (tx) => [
        await vectorCandidates(tx, user.id, 'test-512', query, undefined, 10, { efSearch: 200 }),
        await vectorCandidates(tx, user.id, 'test-512', query, undefined, 10, { exact: true }),
      ]);
      expect(exact).toHaveLength(10);
      expect(indexed.filter((c) => exact.some((e) => e.documentId === c.documentId)).length).toBeGreaterThanOrEqual(9);
    } finally {
      await database.drop();
    }
  }, 180_000); // 5,000 vectors and their HNSW graph: ~15 s alone, a minute and more on a shared machine
});
