import type { PGlite } from '@electric-sql/pglite';

const keepText = (value: string) => value;

/**
 * The result parsers Drizzle passes with every PGlite query: dates, timestamps, intervals and
 * their arrays stay as Postgres writes them (a `date` is a calendar day, not an instant).
 * timestamp, timestamptz, interval, date, numeric[], timestamp[], timestamptz[], interval[], date[].
 */
export const DRIZZLE_TEXT_TYPES = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182] as const;

type QueryOptions = { parsers?: unknown } & Record<string, unknown>;
type Queryable = { query(text: string, params?: unknown[], options?: QueryOptions): Promise<unknown> };

function withoutParsers(options?: QueryOptions): QueryOptions | undefined {
  if (!options?.parsers) return options;
  const { parsers: _dropped, ...rest } = options;
  return rest;
}

function stripQueryParsers<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object) as unknown;
      if (key === 'query') {
        return (text: string, params?: unknown[], options?: QueryOptions) =>
          (object as unknown as Queryable).query(text, params, withoutParsers(options));
      }
      if (key === 'transaction') {
        return <R>(fn: (tx: object) => Promise<R>) =>
          (object as unknown as PGlite).transaction((tx) => fn(stripQueryParsers(tx)));
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/**
 * The PGlite client to hand to Drizzle. PGlite merges per-query parsers into its table of every
 * type's parser (hundreds of entries, one per array type) on each query: ~230 us of a ~500 us
 * statement, measured here. The same parsers are installed once on the client instead, and the
 * per-query copy Drizzle sends is dropped, so results are parsed exactly as before.
 */
export function drizzleReadyPglite(client: PGlite): PGlite {
  // set after create(): PGlite fills in its array-type parsers at start, over any given earlier
  const parsers = (client as unknown as { parsers: Record<number, (value: string) => unknown> }).parsers;
  for (const type of DRIZZLE_TEXT_TYPES) parsers[type] = keepText;
  return stripQueryParsers(client);
}
