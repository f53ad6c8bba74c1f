import { z } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '../agent/tools/define-tool.js';
import { isToolError, type Candidate } from '../agent/tools/shared/errors.js';
import type { Logger } from '../agent/tools/shared/context.js';
import { internalErrorMessage, newErrorId, reportError } from '../agent/tools/shared/error-report.js';
import { countOf } from '../agent/tools/shared/words.js';

/**
 * MCP wants an object schema for structuredContent. An object output is used as it is; any other
 * output (a union of "done" and "confirmation_required", an array, a string) is wrapped as
 * `{ result: … }`, always the same way, so a client can tell from the schema which it gets.
 */
export function isObjectSchema(schema: z.ZodType): schema is z.ZodObject {
  const def = (schema as unknown as { _zod?: { def?: { type?: string } } })._zod?.def;
  return def?.type === 'object';
}

export interface McpOutput {
  schema: z.ZodObject;
  wrapped: boolean;
}

const outputs = new WeakMap<AnyTool, McpOutput | null>();

/** The tool's MCP output schema (computed once per tool), or undefined when it has no JSON Schema form. */
export function mcpOutputOf(tool: AnyTool): McpOutput | undefined {
  let output = outputs.get(tool);
  if (output === undefined) {
    output = computeOutput(tool) ?? null;
    outputs.set(tool, output);
  }
  return output ?? undefined;
}

function computeOutput(tool: AnyTool): McpOutput | undefined {
  const schema = isObjectSchema(tool.output) ? tool.output : z.object({ result: tool.output });
  try {
    // The SDK converts it on every tools/list; one that cannot be converted would break the listing.
    z.toJSONSchema(schema, { io: 'output', target: 'draft-7' });
  } catch {
    return undefined;
  }
  return { schema, wrapped: !isObjectSchema(tool.output) };
}

export function structuredContentOf(output: McpOutput | undefined, value: unknown): Record<string, unknown> {
  if (output && !output.wrapped && value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { result: value };
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function personName(v: Record<string, unknown>): string | undefined {
  if (typeof v.first_name !== 'string') return undefined;
  const name = [v.first_name, v.last_name].filter((s) => typeof s === 'string' && s).join(' ');
  return typeof v.company === 'string' && v.company ? `${name} (${v.company})` : name;
}

/** One short line about a result, for clients that show text only. */
export function summarize(tool: AnyTool, value: unknown): string {
  if (isRecord(value) && value.status === 'confirmation_required') {
    return `CONFIRMATION REQUIRED: nothing was changed. ${String(value.summary ?? '')} ` +
      `Ask the user to confirm; only then call ${tool.name} again with the same arguments, "confirm": true and "approval_id": "${String(value.approval_id ?? '')}".`;
  }
  if (!isRecord(value)) {
    if (Array.isArray(value)) return `${tool.title}: ${countOf(value.length, 'item')}.`;
    return `${tool.title}: ${value === undefined ? 'done' : String(value)}.`;
  }
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const label = key.replace(/_/g, ' ');
    if (key === 'status' && typeof v === 'string') parts.unshift(v.replace(/_/g, ' '));
    else if (Array.isArray(v)) { if (key !== 'tags' && key !== 'changed') parts.push(`${v.length} ${label}`); else if (v.length) parts.push(`${label}: ${v.join(', ')}`); }
    else if (isRecord(v) && personName(v)) parts.push(personName(v)!);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(`${label} ${v}`);
    else if (key === 'next_cursor' && typeof v === 'string') parts.push('more available (pass next_cursor as cursor)');
    else if (isRecord(v)) {
      const counts = Object.entries(v).filter(([, n]) => typeof n === 'number').map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`);
      if (counts.length) parts.push(`${label}: ${counts.join(', ')}`);
    }
    if (parts.length >= 6) break;
  }
  return `${tool.title}${parts.length ? ': ' + parts.join('; ') : ''}.`;
}

/** A successful tool call: the data as structuredContent, a summary and the JSON as text. */
export function successResult(tool: AnyTool, output: McpOutput | undefined, value: unknown): CallToolResult {
  const structuredContent = structuredContentOf(output, value);
  return {
    content: [
      { type: 'text', text: summarize(tool, value) },
      { type: 'text', text: JSON.stringify(structuredContent) },
    ],
    structuredContent,
  };
}

function describeCandidate(c: Candidate): string {
  const extra = [c.company, c.email].filter(Boolean).join(', ');
  return `- ${c.name}${extra ? ` (${extra})` : ''}, id ${c.id}`;
}

/** A failed call as an MCP tool error (isError), worded for the model to act on. */
export function errorResult(tool: AnyTool, error: unknown, log: Logger): CallToolResult {
  if (isToolError(error)) {
    let text = error.message;
    if (error.code === 'ambiguous' && Array.isArray(error.details.candidates)) {
      text += `\nCandidates:\n${(error.details.candidates as Candidate[]).map(describeCandidate).join('\n')}\n` +
        'Call the tool again with the id of the one the user means.';
    } else if (error.code === 'invalid' && typeof error.details.field === 'string' && !text.includes(error.details.field)) {
      text += ` (field: ${error.details.field})`;
    }
    const errorId = newErrorId();
    log.info(`mcp tool ${tool.name} refused`, { error_id: errorId, code: error.code });
    return { content: [{ type: 'text', text: `Error (${error.code}): ${text} (error id ${errorId})` }], isError: true, _meta: { error_id: errorId } };
  }
  const errorId = reportError(log, `mcp tool ${tool.name} failed`, error);
  return { content: [{ type: 'text', text: `Error (internal): ${tool.name} failed. ${internalErrorMessage(errorId)}` }], isError: true, _meta: { error_id: errorId } };
}
