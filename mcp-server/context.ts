import type { AnyTool } from '../agent/tools/define-tool.js';
import type { Logger } from '../agent/tools/shared/context.js';

/**
 * What the MCP server needs of Kith: calls by name and a log. An open Kith is one; so is a session
 * forwarded to the process that holds the data directory (app/local-session.ts).
 */
export interface McpKith {
  call(userId: string, toolName: string, input: unknown): Promise<unknown>;
  log: Logger;
}

/** Who the server acts for, with what: the stdio user, or the owner of an HTTP request's token. */
export interface McpSession {
  kith: McpKith;
  userId: string;
}

export interface McpContext {
  /** The session, opened on first need (a stdio server answers tools/list before its database is open). */
  session(): Promise<McpSession>;
  /** Called once the tool list has been answered: a good moment to open the database. */
  warm(): void;
  /** The tools to offer; the whole catalog unless a test narrows it. */
  tools: AnyTool[];
}
