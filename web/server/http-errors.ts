import type { Context } from 'hono';
import { isToolError, type ToolError } from '../../agent/tools/shared/errors.js';
import { internalErrorMessage, newErrorId, reportError } from '../../agent/tools/shared/error-report.js';
import { silentLogger, type Logger } from '../../agent/tools/shared/context.js';

/** The JSON body of every error the API answers: `{ error: { code, message, error_id, field?, candidates? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; error_id: string; field?: string; candidates?: unknown[]; [key: string]: unknown };
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 501 | 503;

const STATUS: Record<ToolError['code'], ErrorStatus> = {
  invalid: 400,
  not_found: 404,
  ambiguous: 409,
  conflict: 409,
  forbidden: 403,
  // the deadline passed: the server is too busy for this request now, and wrote nothing
  timeout: 503,
};

/** An error the API answers with its own status and code (auth, bad JSON, unknown routes). */
export class ApiError extends Error {
  constructor(readonly status: ErrorStatus, readonly code: string, message: string, readonly details: Record<string, unknown> = {}, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

/** What errorResponse answers with, for an answer that is not a Response of its own (a step of an import's stream). */
export interface ErrorAnswer { status: ErrorStatus; body: ApiErrorBody; headers: Record<string, string> }

/**
 * Every error answer carries an error id; the log line of the request has the same id. A 5xx says
 * only that something went wrong: what it was (SQL, stack, values) stays in the log, redacted.
 */
export function errorAnswer(error: unknown, log: Logger, request: { method: string; path: string }): ErrorAnswer {
  if (isToolError(error)) {
    const errorId = newErrorId();
    log.info('request refused', { error_id: errorId, code: error.code, path: request.path });
    return { status: STATUS[error.code] ?? 400, body: { error: { code: error.code, message: error.message, ...error.details, error_id: errorId } }, headers: {} };
  }
  if (error instanceof ApiError) {
    const errorId = newErrorId();
    log.info('request refused', { error_id: errorId, code: error.code, status: error.status, path: request.path });
    const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="kith"' } : {};
    if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...error.details, error_id: errorId } }, headers };
  }
  const status = (error as { status?: number }).status;
  if (status === 413) return { status: 413, body: { error: { code: 'too_large', message: 'The request body is too large.', error_id: newErrorId() } }, headers: {} };
  const errorId = reportError(log, 'request failed', error, request);
  return { status: 500, body: { error: { code: 'internal', message: internalErrorMessage(errorId), error_id: errorId } }, headers: {} };
}

export function errorResponse(c: Context, error: unknown, log: Logger = silentLogger): Response {
  const { status, body, headers } = errorAnswer(error, log, { method: c.req.method, path: c.req.path });
  return c.json(body, status, headers);
}
