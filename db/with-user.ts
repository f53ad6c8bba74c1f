import { sql } from 'drizzle-orm';
import type { KithDb } from './types.js';

export interface WithUserOptions {
  /**
   * Tags every row this transaction changes in an undoable table with this id (the change-log
   * triggers of migration 0019 read kith.change_id), so the whole transaction can be undone.
   */
  changeId?: string;
}

/**
 * Runs `fn` in one transaction as the application role with the user set, so that row-level
 * security scopes every statement to that user and a failure writes nothing.
 */
export async function withUser<T>(db: KithDb, userId: string, fn: (tx: KithDb) => Promise<T>, options: WithUserOptions = {}): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(options.changeId
      ? sql`select set_config('role', 'kith_app', true), set_config('kith.user_id', ${userId}, true), set_config('kith.change_id', ${options.changeId}, true)`
      : sql`select set_config('role', 'kith_app', true), set_config('kith.user_id', ${userId}, true)`);
    return fn(tx as unknown as KithDb);
  });
}
