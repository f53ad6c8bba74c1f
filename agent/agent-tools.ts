import { tool, type ToolSet } from 'ai';
import { catalog } from './tools/catalog.js';
import { runTool, type ToolRuntime } from './tools/run-tool.js';
import { isToolError } from './tools/shared/errors.js';
import { internalErrorMessage, reportError } from './tools/shared/error-report.js';
import { confirmationRequired, type AnyTool } from './tools/define-tool.js';

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

export interface AgentToolOptions {
  /**
   * Stores a call that waits for the user's yes and returns the approval id the server issued.
   * Without it the preview alone is returned.
   */
  confirmationRequired?: (toolName: string, input: Record<string, unknown>, summary: string) => Promise<string>;
}

/** What a call that needs the user's yes would do, asked of the tool itself with confirm: false. */
export async function previewCall(runtime: ToolRuntime, userId: string, t: AnyTool, input: Record<string, unknown>): Promise<unknown> {
  if (!('confirm' in t.input.shape)) return confirmationRequired(t.name, `${t.title}?`, null);
  return runForAgent(runtime, userId, t, { ...input, confirm: false });
}

/**
 * The catalog as AI SDK tools. A call that needs confirmation never acts from here, whatever the
 * model puts in `confirm`: it answers with a preview and an approval id, and only the agent loop
 * runs it, after the user's yes (agent/agent.ts).
 */
export function createAgentTools(runtime: ToolRuntime, userId: string, options: AgentToolOptions = {}): ToolSet {
  const tools: ToolSet = {};
  for (const t of catalog) {
    tools[t.name] = tool({
      description: t.description,
      inputSchema: t.input,
      execute: async (input: Record<string, unknown>) => {
        const { confirm: _ignored, ...call } = input;
        const parsed = t.input.safeParse(call);
        const needs = parsed.success && (t.needsConfirmation?.(parsed.data as never) ?? false);
        if (!needs) return runForAgent(runtime, userId, t, input);
        const preview = await previewCall(runtime, userId, t, call);
        const summary = (preview as { summary?: unknown } | null)?.summary;
        if ((preview as { status?: unknown } | null)?.status !== 'confirmation_required' || typeof summary !== 'string' || !options.confirmationRequired) return preview;
        const approval_id = await options.confirmationRequired(t.name, call, summary);
        return { ...(preview as object), approval_id, note: 'Nothing was done yet: the user is asked to confirm. Do not call this tool again for it.' };
      },
    } as never);
  }
  return tools;
}
