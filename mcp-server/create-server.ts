import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { catalog } from '../agent/tools/catalog.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import { packageRoot } from '../db/package-root.js';
import type { McpContext, McpKith, McpSession } from './context.js';
import { registerTools } from './register-tools.js';
import { registerResources } from './register-resources.js';
import { registerPrompts } from './register-prompts.js';

export type CreateMcpServerOptions = (
  | {
    kith: McpKith;
    /** The user every call acts as. */
    userId: string;
  }
  | {
    /**
     * Opens Kith and names the user, on the first call that needs them (or once tools/list has been
     * answered): a stdio server then answers initialize and tools/list without waiting for its database.
     */
    open: () => Promise<McpSession>;
  }
) & {
  /** The tools to offer (default: the whole catalog). */
  tools?: AnyTool[];
};

let version: string | undefined;
function kithVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

const INSTRUCTIONS =
  'Kith is the user\'s personal CRM: contacts, interactions, follow-ups and a job pipeline. ' +
  'Tools take a contact as an id, an email or a name; when a name matches several contacts the tool answers with the candidates: ' +
  'ask the user which one and call again with its id. Destructive tools change nothing without "confirm": true and the approval_id their first answer gives: ' +
  'show the user what would change, and pass confirm only after they agree.';

/**
 * The SDK gives every server its own Ajv instance (with every format compiled in: about 0.25 ms),
 * which only elicitation uses, and Kith does not elicit. Over HTTP a server is made per request, so
 * they share one, made on first use.
 */
let ajv: AjvJsonSchemaValidator | undefined;
const sharedValidator: jsonSchemaValidator = {
  getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema),
};

/** An MCP server over the catalog for one user: tools, resources and prompts, not yet connected. */
export function createMcpServer(options: CreateMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'kith', title: 'Kith', version: kithVersion() },
    { capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} }, instructions: INSTRUCTIONS, jsonSchemaValidator: sharedValidator },
  );
  let opened: Promise<McpSession> | undefined;
  const session = 'open' in options
    ? () => (opened ??= options.open())
    : () => (opened ??= Promise.resolve({ kith: options.kith, userId: options.userId }));
  const context: McpContext = {
    session,
    warm: () => { session().catch(() => { /* reported by the call that needs it */ }); },
    tools: options.tools ?? catalog,
  };
  registerTools(server, context);
  registerResources(server, context);
  registerPrompts(server, context);
  return server;
}
