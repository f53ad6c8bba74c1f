import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import { runTool } from '../agent/tools/run-tool.js';
import type { McpContext } from './context.js';
import { errorResult, mcpOutputOf, successResult } from './tool-results.js';

/**
 * Every catalog tool as an MCP tool: the same name, title, description and zod input; the output
 * schema from the tool's output (wrapped as { result } when it is not an object); the annotations.
 * The SDK checks the arguments against the zod input (its message names the field), then the tool
 * runs through runTool, in one transaction as the user, like on every other surface.
 */
export function registerTools(server: McpServer, context: McpContext): void {
  for (const tool of context.tools) registerTool(server, context, tool);
}

function registerTool(server: McpServer, { kith, userId }: McpContext, tool: AnyTool): void {
  const output = mcpOutputOf(tool);
  const { readOnlyHint, destructiveHint, idempotentHint } = tool.annotations;
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: output?.schema,
      annotations: {
        title: tool.title,
        readOnlyHint,
        destructiveHint,
        idempotentHint: idempotentHint ?? false,
        openWorldHint: false,
      },
    },
    async (args: unknown) => {
      try {
        const value = await runTool(kith.runtime, userId, tool, args);
        return successResult(tool, output, value);
      } catch (error) {
        return errorResult(tool, error, kith.runtime.log);
      }
    },
  );
}
