import { sql } from 'drizzle-orm';
import type { KithDb } from './types.js';

export interface UnprotectedTable { table: string; problem: string }

/** The tables with a user_id column and their protection (a query that start-up folds into its own). */
export const userTablesProtection = sql`
    select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
           exists (select 1 from pg_policy p where p.polrelid = c.oid) as has_policy
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    where c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)`;

export interface TableProtection { table: string; enabled: boolean; forced: boolean; has_policy: boolean }

/** Every table with a user_id column must have forced row-level security and a policy. */
export async function findUnprotectedTables(db: KithDb): Promise<UnprotectedTable[]> {
  const result = await db.execute(userTablesProtection);
  return problemsOf((result as unknown as { rows: TableProtection[] }).rows);
}

export function problemsOf(rows: TableProtection[]): UnprotectedTable[] {
  const problems: UnprotectedTable[] = [];
  for (const r of rows) {
    if (!r.enabled) problems.push({ table: r.table, problem: 'row-level security is not enabled' });
    else if (!r.forced) problems.push({ table: r.table, problem: 'row-level security is not forced' });
    else if (!r.has_policy) problems.push({ table: r.table, problem: 'it has no policy' });
  }
  return problems;
}

export async function assertRowLevelSecurity(db: KithDb): Promise<void> {
  refuseUnprotected(await findUnprotectedTables(db));
}

export function refuseUnprotected(problems: UnprotectedTable[]): void {
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.table}: ${p.problem}`).join('; ');
    throw new Error(`Refusing to start: user data is not protected by row-level security (${list}).`);
  }
}
