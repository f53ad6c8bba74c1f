import { jsonSchema, tool, zodSchema, type ToolSet } from 'ai';
import { catalog } from './tools/catalog.js';
import { runTool, type RunOptions, type ToolRuntime } from './tools/run-tool.js';
import { isToolError } from './tools/shared/errors.js';
import { internalErrorMessage, reportError } from './tools/shared/error-report.js';
import type { AnyTool } from './tools/define-tool.js';

/** Tools answer errors as data, so the model can ask "which Priya?" instead of failing the turn. */
export async function runForAgent(runtime: ToolRuntime, userId: string, t: AnyTool, input: unknown, options: RunOptions = {}): Promise<unknown> {
  try {
    return await runTool(runtime, userId, t, input, options);
  } catch (error) {
    if (isToolError(error)) return error.toJSON();
    // The model (and through it the user) learns that it failed and the id, never the SQL or stack.
    const errorId = reportError(runtime.log, `tool ${t.name} failed`, error);
    return { error: { code: 'internal', message: internalErrorMessage(errorId), error_id: errorId } };
  }
}

export interface AgentToolOptions {
  /** The chat whose approvals a confirmation waits in (runTool issues its id there). */
  sessionId?: string;
  /**
   * false: the model never reads the tools' JSON Schemas (the offline model reads their names), so
   * none is made; inputs are still checked by the tools' zod schemas.
   */
  inputJsonSchemas?: boolean;
}

/**
 * Runs a call for a conversation and, when it changed something, puts the id of that change on
 * its result (`change_id`): the card's and Slack's Undo button, and "undo that", take it.
 */
export async function runUndoable(runtime: ToolRuntime, userId: string, t: AnyTool, input: unknown, options: RunOptions = {}): Promise<unknown> {
  let changeId: string | undefined;
  const output = await runForAgent(runtime, userId, t, input, { ...options, onChangeSet: (id) => { changeId = id; } });
  return changeId && output && typeof output === 'object' && !Array.isArray(output) ? { ...output, change_id: changeId } : output;
}

/** What a call that needs the user's yes would do, asked of the tool itself with confirm: false. */
export async function previewCall(runtime: ToolRuntime, userId: string, t: AnyTool, input: Record<string, unknown>, sessionId: string | null): Promise<unknown> {
  return runForAgent(runtime, userId, t, { ...input, confirm: false }, { approvals: { sessionId } });
}

// The AI SDK turns a zod schema into JSON Schema on every step of every turn (a quarter of an
// offline turn's time); one schema object per tool keeps that conversion to once per process.
const schemas = new WeakMap<AnyTool, ReturnType<typeof zodSchema>>();
const schemaOf = (t: AnyTool) => {
  let s = schemas.get(t);
  if (!s) schemas.set(t, (s = zodSchema(t.input as never)));
  return s;
};

// Making every tool's JSON Schema is a sixth of a one-shot `kith chat` (over a hundred tools, on
// the process's first step), and a model that reads no schema gets this one instead.
const ANY_OBJECT = { type: 'object' as const };
const validators = new WeakMap<AnyTool, ReturnType<typeof zodSchema>>();
const validatorOf = (t: AnyTool) => {
  let s = validators.get(t);
  if (!s) {
    validators.set(t, (s = jsonSchema(ANY_OBJECT, {
      validate: async (value) => {
        const result = await t.input.safeParseAsync(value);
        return result.success ? { success: true, value: result.data } : { success: false, error: result.error };
      },
    }) as ReturnType<typeof zodSchema>));
  }
  return s;
};

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
      inputSchema: options.inputJsonSchemas === false ? validatorOf(t) : schemaOf(t),
      execute: async (input: Record<string, unknown>) => {
        // The model's own confirm and approval_id count for nothing: only the user's answer does.
        const { confirm: _ignored, approval_id: _id, ...call } = input;
        const parsed = t.input.safeParse(call);
        const needs = parsed.success && (t.needsConfirmation?.(parsed.data as never) ?? false);
        if (!needs) return runUndoable(runtime, userId, t, call, { approvals: { sessionId: options.sessionId ?? null } });
        const preview = await previewCall(runtime, userId, t, call, options.sessionId ?? null);
        if ((preview as { status?: unknown } | null)?.status !== 'confirmation_required') return preview;
        return { ...(preview as object), note: 'Nothing was done yet: the user is asked to confirm. Do not call this tool again for it.' };
      },
    } as never);
  }
  return tools;
}
