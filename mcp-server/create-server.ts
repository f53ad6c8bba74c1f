import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { catalog } from '../agent/tools/catalog.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import { packageRoot } from '../db/package-root.js';
import type { McpKith } from './context.js';
import { registerTools } from './register-tools.js';
import { registerResources } from './register-resources.js';
import { registerPrompts } from './register-prompts.js';

export interface CreateMcpServerOptions {
  kith: McpKith;
  /** The user every call acts as. */
  userId: string;
  /** The tools to offer (default: the whole catalog). */
  tools?: AnyTool[];
}

let version: string | undefined;
function kithVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

const INSTRUCTIONS =
  'Kith is the user\'s personal CRM: contacts, interactions, follow-ups and a job pipeline. ' +
  'Tools take a contact as an id, an email or a name; when a name matches several contacts the tool answers with the candidates: ' +
  'ask the user which one and call again with its id. Destructive tools change nothing without "confirm": true: ' +
  'show the user what would change, and pass confirm only after they agree.';

/** An MCP server over the catalog for one user: tools, resources and prompts, not yet connected. */
export function createMcpServer({ kith, userId, tools = catalog }: CreateMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'kith', title: 'Kith', version: kithVersion() },
    { capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} }, instructions: INSTRUCTIONS },
  );
  const context = { kith, userId, tools };
  registerTools(server, context);
  registerResources(server, context);
  registerPrompts(server, context);
  return server;
}
