/** Typed errors that every surface maps to its own form (HTTP 4xx, MCP isError, a chooser card). */
export type ToolErrorCode = 'not_found' | 'ambiguous' | 'invalid' | 'forbidden' | 'conflict';

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

export class InvalidInputError extends ToolError {
  constructor(readonly field: string, message: string) { super('invalid', message, { field }); }
}

export class ForbiddenError extends ToolError {
  constructor(message: string) { super('forbidden', message); }
}

export const isToolError = (e: unknown): e is ToolError => e instanceof ToolError;
