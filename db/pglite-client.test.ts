import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import { drizzleReadyPglite } from './pglite-client.js';

const sample = sql`
  select '2026-02-03'::date as day, '2026-02-03 04:05:06'::timestamp as at, '2026-02-03 04:05:06+00'::timestamptz as at_tz,
         '1 day 02:00'::interval as span, array['2026-02-03'::date, '2026-02-04'::date] as days,
         array['2026-02-03 04:05:06+00'::timestamptz] as ats, array[1.5::numeric] as amounts,
         12::int as n, true as yes, '{"a": 1}'::jsonb as doc, array[1, 2]::int[] as ints`;

describe('the PGlite client Drizzle is given', () => {
  let plain: PGlite;
  let ready: PGlite;
  beforeAll(async () => {
    plain = await PGlite.create();
    ready = await PGlite.create();
  });
  afterAll(async () => {
    await plain.close();
    await ready.close();
  });

  it('parses every type as Drizzle does with its own per-query parsers, in and out of transactions', async () => {
    const expected = await drizzle({ client: plain }).execute(sample);
    const db = drizzle({ client: drizzleReadyPglite(ready) });
    const actual = await db.execute(sample);
    expect(actual.rows).toEqual(expected.rows);
    expect(actual.rows[0]).toMatchObject({ day: '2026-02-03', days: '{2026-02-03,2026-02-04}', n: 12, doc: { a: 1 }, ints: [1, 2] });
    const inTransaction = await db.transaction((tx) => tx.execute(sample));
    expect(inTransaction.rows).toEqual(expected.rows);
  });

  it('still reaches the rest of the client (dumpDataDir, exec) and rolls a failed transaction back', async () => {
    const client = drizzleReadyPglite(ready);
    await client.exec('create table t (x int)');
    const db = drizzle({ client });
    await expect(db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (1)`);
      throw new Error('stop');
    })).rejects.toThrow('stop');
    expect((await db.execute(sql`select count(*)::int as n from t`)).rows[0]).toEqual({ n: 0 });
    expect(typeof client.dumpDataDir).toBe('function');
  });
});
