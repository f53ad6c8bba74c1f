import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import type { McpContext } from './context.js';
import { errorResult, mcpOutputOf, successResult } from './tool-results.js';

/**
 * Every catalog tool as an MCP tool: the same name, title, description and zod input; the output
 * schema from the tool's output (wrapped as { result } when it is not an object); the annotations.
 * The SDK checks the arguments against the zod input (its message names the field), then the tool
 * runs by name through Kith (runTool), in one transaction as the user, like on every other surface.
 *
 * The output schema is listed (tools/list, below) but not given to registerTool: there the SDK
 * would parse every result again with zod before sending it, a cost per call that grows with the
 * result (the value is the tool's own typed output; clients check it against the listed schema, as
 * the SDK's Client does).
 */
export function registerTools(server: McpServer, context: McpContext): void {
  for (const tool of context.tools) registerTool(server, context, tool);
  // The SDK converts every zod schema to JSON Schema on each tools/list (tens of milliseconds for
  // the catalog); the catalog does not change while the process runs, so list from a cache instead.
  const tools = context.tools;
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    const result = { tools: tools.map(listingOf) };
    setImmediate(context.warm);
    return result;
  });
}

function annotationsOf(tool: AnyTool): NonNullable<Tool['annotations']> {
  const { readOnlyHint, destructiveHint, idempotentHint } = tool.annotations;
  return { title: tool.title, readOnlyHint, destructiveHint, idempotentHint: idempotentHint ?? false, openWorldHint: false };
}

function registerTool(server: McpServer, context: McpContext, tool: AnyTool): void {
  const output = mcpOutputOf(tool);
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: annotationsOf(tool),
    },
    async (args: unknown) => {
      const { kith, userId } = await context.session();
      try {
        const value = await kith.call(userId, tool.name, args);
        return successResult(tool, output, value);
      } catch (error) {
        return errorResult(tool, error, kith.log);
      }
    },
  );
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
