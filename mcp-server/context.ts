import type { AnyTool } from '../agent/tools/define-tool.js';
import type { Kith } from '../app/open-kith.js';

/** What the MCP server needs of Kith: the tool runtime and calls by name. */
export type McpKith = Pick<Kith, 'runtime' | 'call'>;

/** One MCP server acts for one user: the stdio user, or the owner of an HTTP request's token. */
export interface McpContext {
  kith: McpKith;
  userId: string;
  /** The tools to offer; the whole catalog unless a test narrows it. */
  tools: AnyTool[];
}
