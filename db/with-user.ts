import { sql } from 'drizzle-orm';
import type { KithDb } from './types.js';

/**
 * Runs `fn` in one transaction as the application role with the user set, so that row-level
 * security scopes every statement to that user and a failure writes nothing.
 */
export async function withUser<T>(db: KithDb, userId: string, fn: (tx: KithDb) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'kith_app', true), set_config('kith.user_id', ${userId}, true)`);
    return fn(tx as unknown as KithDb);
  });
}
