import { tool, type ToolSet } from 'ai';
import { catalog } from './tools/catalog.js';
import { runTool, type ToolRuntime } from './tools/run-tool.js';
import { isToolError } from './tools/shared/errors.js';
import { internalErrorMessage, reportError } from './tools/shared/error-report.js';
import type { AnyTool } from './tools/define-tool.js';

/** Tools answer errors as data, so the model can ask "which Priya?" instead of failing the turn. */
export async function runForAgent(runtime: ToolRuntime, userId: string, t: AnyTool, input: unknown): Promise<unknown> {
  try {
    return await runTool(runtime, userId, t, input);
  } catch (error) {
    if (isToolError(error)) return error.toJSON();
    // The model (and through it the user) learns that it failed and the id, never the SQL or stack.
    const errorId = reportError(runtime.log, `tool ${t.name} failed`, error);
    return { error: { code: 'internal', message: internalErrorMessage(errorId), error_id: errorId } };
  }
}

/**
 * The catalog as AI SDK tools. A call that needs confirmation goes through the SDK's tool approval;
 * once approved, it runs with confirm: true.
 */
export function createAgentTools(runtime: ToolRuntime, userId: string): ToolSet {
  const tools: ToolSet = {};
  for (const t of catalog) {
    tools[t.name] = tool({
      description: t.description,
      inputSchema: t.input,
      needsApproval: (input: unknown) => t.needsConfirmation?.(input as never) ?? false,
      execute: async (input: Record<string, unknown>) => {
        const needs = t.needsConfirmation?.(input as never) ?? false;
        return runForAgent(runtime, userId, t, needs ? { ...input, confirm: true } : input);
      },
    } as never);
  }
  return tools;
}
