import { InvalidInputError } from './errors.js';

/** Opaque keyset cursors: the sort key of the last row of a page. */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length) return key.map(String);
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor', 'cursor: not a cursor returned by a previous page.');
}

/** Splits the limit + 1 rows a keyset query fetched into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Array<string | number>): { page: T[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
