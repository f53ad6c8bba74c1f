import { z } from 'zod';
import type { ToolContext } from './shared/context.js';

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint?: boolean;
  /** Kith's tools only touch Kith's own database. */
  openWorldHint?: false;
}

export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject, Output = unknown> {
  /** verb_noun; the same name in the agent, MCP, REST and logs. */
  name: string;
  title: string;
  /** Written for an LLM: when to use the tool and what it does. */
  description: string;
  input: Input;
  /** Shape of the result, for MCP output schemas and the OpenAPI document. */
  output: z.ZodType<Output>;
  annotations: ToolAnnotations;
  /**
   * 'admin': only the owner and the admins of the instance may call it (runTool checks the role
   * before it runs; the database functions it calls check again). Absent: every user.
   */
  access?: 'admin';
  /**
   * Whether this call must be confirmed by the user before it acts (the input then carries
   * confirm: true). Defaults to the destructive hint; bulk tools decide per call.
   */
  needsConfirmation?: (input: z.output<Input>) => boolean;
  run(ctx: ToolContext, input: z.output<Input>): Promise<Output>;
}

/**
 * A destructive tool acts only when its input says `confirm: true`; without it, it answers with
 * what would change. Every surface relies on this one rule.
 */
export const ConfirmField = z
  .boolean()
  .optional()
  .describe('Set to true only after the user has explicitly confirmed this destructive action.');

/**
 * The id the server issued with a confirmation; a call with confirm: true runs only with the id
 * issued for exactly that call (run-tool.ts), so no client can approve what nobody was asked.
 */
export const ApprovalIdField = z
  .string()
  .max(64)
  .optional()
  .describe('With confirm: true, the approval_id of the confirmation_required answer to this same call.');

export interface ConfirmationRequired {
  status: 'confirmation_required';
  action: string;
  /** What would change, in words a person can confirm. */
  summary: string;
  preview: unknown;
  /** Issued by runTool: the id that approves exactly this call. */
  approval_id?: string;
}

export const ConfirmationRequiredSchema = z.object({
  status: z.literal('confirmation_required'),
  action: z.string(),
  summary: z.string(),
  preview: z.unknown(),
  approval_id: z.string().optional(),
  note: z.string().optional(),
});

export function confirmationRequired(action: string, summary: string, preview: unknown): ConfirmationRequired {
  return { status: 'confirmation_required', action, summary, preview };
}

export function defineTool<Input extends z.ZodObject, Output>(tool: ToolDefinition<Input, Output>): ToolDefinition<Input, Output> {
  return {
    ...tool,
    annotations: { idempotentHint: false, openWorldHint: false, ...tool.annotations },
    needsConfirmation: tool.needsConfirmation ?? (() => tool.annotations.destructiveHint),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;
