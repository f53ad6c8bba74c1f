/** Typed errors that every surface maps to its own form (HTTP 4xx, MCP isError, a chooser card). */
export type ToolErrorCode = 'not_found' | 'ambiguous' | 'invalid' | 'forbidden' | 'conflict' | 'timeout';

export class ToolError extends Error {
  constructor(readonly code: ToolErrorCode, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ToolError';
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export class NotFoundError extends ToolError {
  constructor(message: string, details: Record<string, unknown> = {}) { super('not_found', message, details); }
}

export interface Candidate { id: string; name: string; company: string | null; email: string | null }

export class AmbiguousError extends ToolError {
  constructor(readonly reference: string, readonly candidates: Candidate[]) {
    const names = candidates.map((c) => c.name + (c.company ? ` (${c.company})` : '')).join(', ');
    super('ambiguous', `"${reference}" matches more than one contact: ${names}. Which one did you mean?`, { reference, candidates });
  }
}

/** One problem with one field of a tool's input, in the tool's own words. */
export interface FieldIssue { field: string; message: string }

export class InvalidInputError extends ToolError {
  /** `issues`: every problem found (a form shows each next to its field); `field` is the first. */
  constructor(readonly field: string, message: string, issues?: FieldIssue[]) { super('invalid', message, issues ? { field, issues } : { field }); }
}

export class ForbiddenError extends ToolError {
  constructor(message: string, details: Record<string, unknown> = {}) { super('forbidden', message, details); }
}

/** A plan's limit refused a write (raised by the database, SQLSTATE KP402): nothing was written. */
export class PlanLimitError extends ForbiddenError {
  constructor(message: string, plan: string, limit: number) { super(message, { reason: 'plan_limit', plan, limit }); }
}

/** The request's work passed its deadline and was stopped; its transaction rolled back, so nothing was written. */
export class DeadlineError extends ToolError {
  constructor(message = 'This request took too long and was stopped; nothing was changed. Try again, or narrow it down.') {
    super('timeout', message);
  }
}

export const isToolError = (e: unknown): e is ToolError => e instanceof ToolError;
