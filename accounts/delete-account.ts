import { eq, sql } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { userTables } from '../db/user-tables.js';

/**
 * How many rows of every table belong to the user: each table of the schema with a user_id column
 * (db/user-tables.ts).
 */
export async function accountFootprint(db: KithDb, userId: string): Promise<Record<string, number>> {
  const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
  const counts: Record<string, number> = {};
  for (const table_name of await userTables(db)) {
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table_name)} where user_id = ${userId}::uuid`));
    counts[table_name] = row.n;
  }
  return counts;
}

/**
 * Deletes a user and everything of theirs (contacts, interactions, chats, tokens, Slack links,
 * search documents and their vectors, saved import mappings, the change log) in one transaction:
 * the foreign keys cascade from users, and the transaction is refused if any row is left.
 */
export async function deleteAccount(db: KithDb, userId: string): Promise<{ deleted: Record<string, number> }> {
  return db.transaction(async (tx) => {
    const before = await accountFootprint(tx as unknown as KithDb, userId);
    const removed = await tx.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
    if (removed.length === 0) throw new Error('no such user');
    const after = await accountFootprint(tx as unknown as KithDb, userId);
    const left = Object.entries(after).filter(([, n]) => n > 0);
    if (left.length) throw new Error(`deleting the account would leave rows in ${left.map(([t, n]) => `${t} (${n})`).join(', ')}; nothing was deleted`);
    return { deleted: { users: 1, ...before } };
  });
}
