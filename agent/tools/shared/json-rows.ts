import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Rows a query handed back as JSON (`json_agg` of a table's rows), turned into exactly what
 * `select().from(table)` returns, by each column's own driver mapping. It lets one statement bring
 * several lists: on embedded PGlite every statement has a fixed cost of its own.
 */
export function rowsFromJson<T extends PgTable>(table: T, rows: unknown): Array<T['$inferSelect']> {
  const columns = Object.entries(getTableColumns(table));
  return ((rows ?? []) as Array<Record<string, unknown>>).map((json) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = json[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}

/**
 * A query's rows as one JSON array, in `order` (columns of the query's output, e.g.
 * 'next_action_date, id'): a value another statement can select, read back with rowsFromJson.
 */
export function jsonList(query: SQL | { getSQL(): SQL }, order?: string): SQL {
  const inner = 'getSQL' in query ? query.getSQL() : query;
  const by = order ? sql` order by ${sql.raw(order.split(',').map((o) => `q.${o.trim()}`).join(', '))}` : sql``;
  return sql`(select coalesce(json_agg(q${by}), '[]') from (${inner}) q)`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Values as one jsonb parameter (`from jsonb_to_recordset(${jsonParam(rows)}::jsonb)`): a batch of
 * hundreds of rows is one parameter instead of thousands. A lone surrogate (a string cut in the
 * middle of an emoji) becomes U+FFFD, as a text parameter's UTF-8 encoding makes it; jsonb refuses it.
 */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v));
}
