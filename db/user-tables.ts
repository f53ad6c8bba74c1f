import { sql } from 'drizzle-orm';
import type { KithDb } from './types.js';

/**
 * Every table of the schema with a user_id column, from the catalog, so a table added later is
 * found without a change here (a partitioned table once, through its parent). The account's
 * footprint, its deletion check and "export everything" all read this one list.
 */
export async function userTables(db: KithDb): Promise<string[]> {
  const result = await db.execute(sql`
    select c.relname as table_name
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where a.attname = 'user_id' and not a.attisdropped and n.nspname = 'public'
       and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`);
  return (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
}
