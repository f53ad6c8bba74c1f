import { z } from 'zod';
import type { Context } from 'hono';
import type { AnyTool } from '../../agent/tools/define-tool.js';
import { ApiError } from './http-errors.js';

type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; [k: string]: unknown };

const schemaCache = new WeakMap<AnyTool, { input: JsonSchema; output: JsonSchema }>();

/** The tool's input and output as JSON Schema (draft 2020-12), generated once from its zod schemas. */
export function toolJsonSchemas(tool: AnyTool): { input: JsonSchema; output: JsonSchema } {
  let cached = schemaCache.get(tool);
  if (!cached) {
    cached = {
      input: z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
      output: z.toJSONSchema(tool.output, { io: 'output', unrepresentable: 'any' }) as JsonSchema,
    };
    schemaCache.set(tool, cached);
  }
  return cached;
}

function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  const t = schema.type;
  if (typeof t === 'string') types.add(t);
  else if (Array.isArray(t)) t.forEach((x) => types.add(x));
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) typesOf(s).forEach((x) => types.add(x));
  return types;
}

function coerce(values: string[], schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  const one = values[values.length - 1];
  if (types.has('array') && (values.length > 1 || one.includes(',') || !types.has('string'))) {
    const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    const itemSchema = schema?.items ?? [...(schema?.anyOf ?? [])].find((s) => s.type === 'array')?.items;
    return items.map((v) => coerce([v], itemSchema));
  }
  if ((types.has('integer') || types.has('number')) && one.trim() !== '' && !Number.isNaN(Number(one))) return Number(one);
  if (types.has('boolean') && (one === 'true' || one === 'false')) return one === 'true';
  if (types.has('null') && one === 'null') return null;
  return one;
}

/**
 * Query parameters as tool input, typed by the tool's schema: numbers, booleans and lists
 * (repeated or comma-separated) become what the schema expects; zod then checks them.
 */
export function queryInput(c: Context, tool: AnyTool, aliases: Record<string, string> = {}): Record<string, unknown> {
  const props = toolJsonSchemas(tool).input.properties ?? {};
  const all = c.req.queries();
  const input: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(all)) {
    if (key === 'format' || values.length === 0) continue;
    const field = aliases[key] ?? key;
    if (values.length === 1 && values[0] === '' ) continue;
    input[field] = coerce(values, props[field]);
  }
  return input;
}

/** The JSON body as an object; a body that is not JSON is a 400 naming it. */
export async function bodyInput(c: Context, optional = false): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) {
    if (optional) return {};
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid', 'The request body is not valid JSON.', { field: '(body)' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ApiError(400, 'invalid', 'The request body must be a JSON object.', { field: '(body)' });
  return value as Record<string, unknown>;
}
