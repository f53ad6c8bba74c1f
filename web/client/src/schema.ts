import { useEffect, useState } from 'react';
import { api } from './api.js';

/** A tool's input as JSON Schema (from GET /api/tools/:name/schema; the tool's zod schema is the source). */
export interface JsonSchema {
  type?: string | string[]; enum?: string[]; anyOf?: JsonSchema[]; items?: JsonSchema; properties?: Record<string, JsonSchema>;
  required?: string[]; maxLength?: number; minLength?: number; minimum?: number; maximum?: number; format?: string; pattern?: string;
  description?: string; default?: unknown;
}
export interface ToolSchema { name: string; title: string; input: JsonSchema; annotations: { destructiveHint: boolean } }

const cache = new Map<string, Promise<ToolSchema>>();

export function loadToolSchema(name: string): Promise<ToolSchema> {
  let p = cache.get(name);
  if (!p) {
    p = api<ToolSchema>(`/tools/${name}/schema`);
    cache.set(name, p);
    p.catch(() => cache.delete(name));
  }
  return p;
}

export function useToolSchema(name: string): ToolSchema | undefined {
  const [schema, setSchema] = useState<ToolSchema>();
  useEffect(() => { let live = true; void loadToolSchema(name).then((s) => { if (live) setSchema(s); }); return () => { live = false; }; }, [name]);
  return schema;
}

/** The schema of one field, with null/optional wrappers looked through. */
export function fieldSchema(schema: JsonSchema | undefined, path: string): JsonSchema | undefined {
  let s: JsonSchema | undefined = schema;
  for (const key of path.split('.')) s = unwrap(s)?.properties?.[key];
  return unwrap(s);
}

function unwrap(s: JsonSchema | undefined): JsonSchema | undefined {
  if (!s?.anyOf) return s;
  const inner = s.anyOf.filter((x) => x.type !== 'null');
  return inner.length === 1 ? { ...inner[0], description: s.description ?? inner[0].description } : s;
}

/** The choices of an enum field, in the tool's order. */
export function choicesOf(schema: JsonSchema | undefined, path: string): string[] {
  const s = fieldSchema(schema, path);
  return s?.enum ?? s?.items?.enum ?? [];
}

export function isRequired(schema: JsonSchema | undefined, path: string): boolean {
  const parts = path.split('.');
  const field = parts.pop()!;
  const parent = parts.length ? fieldSchema(schema, parts.join('.')) : schema;
  return !!parent?.required?.includes(field) && fieldSchema(schema, path)?.default === undefined;
}

/** The pipeline's stages in order, as the opportunity tools define them. */
export function useStages(): string[] {
  return choicesOf(useToolSchema('update_opportunity')?.input, 'status');
}
