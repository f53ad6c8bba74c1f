import { sql } from 'drizzle-orm';
import type { KithDb } from './types.js';

export interface WithUserOptions {
  /**
   * Tags every row this transaction changes in an undoable table with this id (the change-log
   * triggers of migration 0019 read kith.change_id), so the whole transaction can be undone.
   */
  changeId?: string;
  /**
   * PostgreSQL only: every statement of the transaction is cancelled past this many milliseconds
   * (SET LOCAL statement_timeout), so one request cannot hold a connection and its locks for long.
   * PGlite has no timer to cancel with; its requests are bounded by their input limits.
   */
  statementTimeoutMs?: number;
}

/**
 * Runs `fn` in one transaction as the application role with the user set, so that row-level
 * security scopes every statement to that user and a failure writes nothing.
 */
export async function withUser<T>(db: KithDb, userId: string, fn: (tx: KithDb) => Promise<T>, options: WithUserOptions = {}): Promise<T> {
  return db.transaction(async (tx) => {
    // one round trip sets the role, the user, and (when given) the change id and the deadline
    const settings = [sql`set_config('role', 'kith_app', true)`, sql`set_config('kith.user_id', ${userId}, true)`];
    if (options.changeId) settings.push(sql`set_config('kith.change_id', ${options.changeId}, true)`);
    if (options.statementTimeoutMs) settings.push(sql`set_config('statement_timeout', ${String(Math.ceil(options.statementTimeoutMs))}, true)`);
    await tx.execute(sql`select ${sql.join(settings, sql`, `)}`);
    return fn(tx as unknown as KithDb);
  });
}
