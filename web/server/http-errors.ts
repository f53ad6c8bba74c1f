import type { Context } from 'hono';
import { isToolError, type ToolError } from '../../agent/tools/shared/errors.js';

/** The JSON body of every error the API answers: `{ error: { code, message, field?, candidates? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; candidates?: unknown[]; [key: string]: unknown };
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 500 | 501;

const STATUS: Record<ToolError['code'], ErrorStatus> = {
  invalid: 400,
  not_found: 404,
  ambiguous: 409,
  conflict: 409,
  forbidden: 403,
};

/** An error the API answers with its own status and code (auth, bad JSON, unknown routes). */
export class ApiError extends Error {
  constructor(readonly status: ErrorStatus, readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export function errorResponse(c: Context, error: unknown): Response {
  if (isToolError(error)) {
    return c.json({ error: { code: error.code, message: error.message, ...error.details } } satisfies ApiErrorBody, STATUS[error.code] ?? 400);
  }
  if (error instanceof ApiError) {
    const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="kith"' } : {};
    return c.json({ error: { code: error.code, message: error.message, ...error.details } } satisfies ApiErrorBody, error.status, headers);
  }
  const status = (error as { status?: number }).status;
  if (status === 413) return c.json({ error: { code: 'too_large', message: 'The request body is too large.' } }, 413);
  console.error('kith web: unexpected error', error);
  return c.json({ error: { code: 'internal', message: 'Something went wrong on the server.' } } satisfies ApiErrorBody, 500);
}
