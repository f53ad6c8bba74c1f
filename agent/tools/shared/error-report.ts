import { randomBytes } from 'node:crypto';
import type { Logger } from './context.js';
import { replaceSpans, type SpanFinder } from './text-spans.js';

/**
 * What leaves the server about an unexpected error: a message and an id. The log line carries the
 * same id with what an operator needs (error kind, database code, constraint, table, the SQL
 * without its parameters, code frames), never values a user typed, parameters or secrets.
 */
export const newErrorId = (): string => randomBytes(6).toString('hex');

export const internalErrorMessage = (errorId: string): string =>
  `Something went wrong on the server (error id ${errorId}); nothing was changed. Give the id to whoever runs Kith.`;

const SECRET_KEY = /token|secret|password|authorization|cookie|signature|api_?key/i;

const LOCAL = /[^\s<>(),;:"'@]/;
const DOMAIN = /[^\s<>(),;:"']/;

/**
 * The first address-like word at or after `from` ("ana@x.io", "<a@b>"), as
 * /(?<![^\s<(,;:"'])[^\s<>(),;:"'@]+@[^\s<>(),;:"']+/g finds it: from each "@", the characters
 * before it back to a space, "<", "(", ",", ";", ":", a quote or the start, and those after it.
 */
const addressAt: SpanFinder = (text, from) => {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    let index = at;
    while (index > 0 && LOCAL.test(text[index - 1])) index--;
    if (index === at || index < from || (index > 0 && !/[\s<(,;:"']/.test(text[index - 1]))) continue;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end])) end++;
    if (end > at + 1) return { index, end };
  }
  return null;
};

/** A text with what may be a user's data taken out: SQL parameters, quoted values, addresses. */
export function redactText(text: string): string {
  let s = text;
  const params = s.search(/\bparams:/);
  if (params >= 0) s = s.slice(0, params) + 'params: [redacted]';
  s = s.replace(/"[^"\n]*"|'[^'\n]*'/g, (q) => `${q[0]}…${q[0]}`);
  s = replaceSpans(s, [addressAt], '[email]');
  s = s.replace(/\bkith_[A-Za-z0-9_-]{8,}/g, 'kith_[redacted]');
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

interface ErrorLike { name?: string; message?: string; code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown; query?: unknown; stack?: unknown; cause?: unknown }

/** An error as log fields: kind, database code and location, the query text without parameters, frames. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { error: redactText(String(error)) };
  const e = error as ErrorLike;
  const out: Record<string, unknown> = { error: e.name ?? 'Error', message: redactText(String(e.message ?? '').split('\n')[0]) };
  let pg: ErrorLike | undefined;
  for (let c: unknown = e, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as ErrorLike).cause, depth++) {
    const candidate = c as ErrorLike;
    if (typeof candidate.query === 'string') out.sql = candidate.query.slice(0, 500);
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) { pg = candidate; break; }
  }
  if (pg) {
    out.pg_code = pg.code;
    for (const k of ['constraint', 'table', 'column', 'routine'] as const) if (typeof pg[k] === 'string') out[k] = pg[k];
    out.pg_message = redactText(String(pg.message ?? ''));
  }
  if (typeof e.stack === 'string') out.frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).map((l) => l.trim());
  return out;
}

/** Log fields with secrets and user data taken out; errors described by describeError. */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    // Parameterized SQL holds identifiers, not values: kept for the operator (describeError cut it).
    else if (key === 'sql' || key === 'frames') out[key] = value;
    else if (value instanceof Error) Object.assign(out, describeError(value));
    else if (typeof value === 'string') out[key] = redactText(value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = redactFields(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/** Logs an unexpected error under a new id and returns the id, for the answer to the client. */
export function reportError(log: Logger, where: string, error: unknown, fields: Record<string, unknown> = {}): string {
  const errorId = newErrorId();
  log.error(where, { error_id: errorId, ...fields, ...describeError(error) });
  return errorId;
}
