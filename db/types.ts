import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** A Drizzle handle on either driver (PGlite or node-postgres), or a transaction of one. */
export type KithDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export type StorageKind = 'pglite' | 'postgres';
