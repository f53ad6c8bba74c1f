import type { AnyTool } from '../agent/tools/define-tool.js';
import type { Kith } from '../app/open-kith.js';

/** What the MCP server needs of Kith: the tool runtime and calls by name. */
export type McpKith = Pick<Kith, 'runtime' | 'call'>;

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
