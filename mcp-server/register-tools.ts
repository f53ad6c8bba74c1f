import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import { runTool } from '../agent/tools/run-tool.js';
import type { McpContext, McpSession } from './context.js';
import { errorResult, mcpOutputOf, successResult } from './tool-results.js';

/**
 * Every catalog tool as an MCP tool: the same name, title, description and zod input; the output
 * schema from the tool's output (wrapped as { result } when it is not an object); the annotations.
 *
 * Kith answers tools/list and tools/call itself rather than through McpServer.registerTool: the SDK
 * converts every zod schema to JSON Schema on each tools/list (tens of milliseconds for the catalog),
 * and on each call it parses the arguments with zod before the tool does the same in runTool, then
 * parses the tool's output again. Here the listing is made once per tool, and runTool is the one
 * check of the arguments (its message names the field, as on every other surface). The output is
 * the tool's own typed value; clients check it against the listed output schema (the SDK's Client
 * does). Registering nothing also keeps the per-request server of the HTTP endpoint cheap to make.
 */
export function registerTools(server: McpServer, context: McpContext): void {
  const tools = context.tools;
  const byName = new Map(tools.map((t) => [t.name, t]));
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    const result = { tools: tools.map(listingOf) };
    setImmediate(context.warm);
    return result;
  });
  server.server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      return { content: [{ type: 'text', text: `Error (not_found): There is no tool named "${request.params.name}".` }], isError: true };
    }
    let session: McpSession;
    try {
      session = await context.session();
    } catch (error) {
      return { content: [{ type: 'text', text: `Error: ${(error as Error)?.message ?? String(error)}` }], isError: true };
    }
    const { kith, userId } = session;
    try {
      const value = await runTool(kith.runtime, userId, tool, request.params.arguments ?? {});
      return successResult(tool, mcpOutputOf(tool), value);
    } catch (error) {
      return errorResult(tool, error, kith.runtime.log);
    }
  });
}

function annotationsOf(tool: AnyTool): NonNullable<Tool['annotations']> {
  const { readOnlyHint, destructiveHint, idempotentHint } = tool.annotations;
  return { title: tool.title, readOnlyHint, destructiveHint, idempotentHint: idempotentHint ?? false, openWorldHint: false };
}

const listings = new WeakMap<AnyTool, Tool>();

/** What tools/list says about a tool: the same conversion the SDK makes, done once per tool. */
export function listingOf(tool: AnyTool): Tool {
  let listing = listings.get(tool);
  if (!listing) {
    const output = mcpOutputOf(tool);
    listing = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: toJsonSchemaCompat(tool.input, { strictUnions: true, pipeStrategy: 'input' }) as Tool['inputSchema'],
      ...(output ? { outputSchema: toJsonSchemaCompat(output.schema, { strictUnions: true, pipeStrategy: 'output' }) as Tool['outputSchema'] } : {}),
      annotations: annotationsOf(tool),
    };
    listings.set(tool, listing);
  }
  return listing;
}
