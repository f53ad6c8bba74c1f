import { Hono, type Context } from 'hono';
import Papa from 'papaparse';
import type { Kith } from '../../app/open-kith.js';
import { catalog, findTool } from '../../agent/tools/catalog.js';
import { runTool } from '../../agent/tools/run-tool.js';
import type { AnyTool } from '../../agent/tools/define-tool.js';
import type { ContactRecord } from '../../agent/tools/shared/schemas.js';
import { ApiError } from './http-errors.js';
import { ROUTES, type RouteDef } from './routes.js';
import { bodyInput, queryInput } from './tool-input.js';
import { assertScopeAllows, type WebEnv } from './auth.js';
import { mountToolSchemaRoutes } from './tool-schema-routes.js';

type ToolKith = Pick<Kith, 'runtime'>;

function isConfirmation(value: unknown): value is { status: 'confirmation_required'; action: string; summary: string; preview: unknown; approval_id?: string } {
  return !!value && typeof value === 'object' && (value as { status?: unknown }).status === 'confirmation_required';
}

export function requireTool(name: string): AnyTool {
  const tool = findTool(name);
  if (!tool) throw new ApiError(404, 'not_found', `There is no tool named "${name}".`);
  return tool;
}

/**
 * Runs a tool as the request's user. A destructive call that was not confirmed answers 409 with
 * what would change and the approval_id the server issued; the caller repeats it with
 * confirm=true and that approval_id (run-tool.ts checks it).
 */
export async function respondWithTool(c: Context<WebEnv>, kith: ToolKith, tool: AnyTool, input: unknown, status: 200 | 201 = 200): Promise<Response> {
  assertScopeAllows(c, tool);
  const result = await runTool(kith.runtime, c.get('user').id, tool, input);
  if (isConfirmation(result)) {
    return c.json({
      error: {
        code: 'confirmation_required',
        message: `${result.summary} Repeat the request with confirm=true and approval_id=${result.approval_id} to go ahead.`,
        summary: result.summary,
        action: result.action,
        preview: result.preview,
        approval_id: result.approval_id,
      },
    }, 409);
  }
  return c.json(result as object, status);
}

async function routeInput(c: Context<WebEnv>, route: RouteDef, tool: AnyTool): Promise<Record<string, unknown>> {
  let input: Record<string, unknown>;
  if (route.from === 'query') {
    input = queryInput(c, tool, route.aliases);
    if (route.method === 'delete') input = { ...(await bodyInput(c, true)), ...input };
  } else {
    input = await bodyInput(c);
    if (route.method === 'delete') input = { ...input, ...queryInput(c, tool, route.aliases) };
  }
  for (const [param, field] of Object.entries(route.params ?? {})) input[field] = c.req.param(param);
  return { ...input, ...route.fixed };
}

const CSV_COLUMNS: Array<keyof ContactRecord> = [
  'id', 'first_name', 'last_name', 'email', 'phone', 'company', 'job_title', 'linkedin_url', 'twitter_url', 'location',
  'contact_source', 'relationship_type', 'connection_strength', 'last_contact_date', 'next_follow_up_date', 'notes', 'tags',
  'created_at', 'updated_at',
];

export function contactsCsv(contacts: ContactRecord[]): string {
  return Papa.unparse({
    fields: CSV_COLUMNS as string[],
    data: contacts.map((c) => CSV_COLUMNS.map((k) => (k === 'tags' ? c.tags.join(';') : (c[k] ?? '')))),
  }, { escapeFormulae: true });
}

/** Mounts the resource routes, the generic /tools/:name route and the tool list on `api`. */
export function mountRestRoutes(api: Hono<WebEnv>, kith: ToolKith): void {
  api.get('/tools', (c) => c.json({
    tools: catalog.map((t) => ({ name: t.name, title: t.title, description: t.description, annotations: t.annotations })),
  }));

  mountToolSchemaRoutes(api, kith);
  api.post('/tools/:name', async (c) => {
    const tool = requireTool(c.req.param('name'));
    return respondWithTool(c, kith, tool, await bodyInput(c));
  });

  for (const route of ROUTES) {
    api.on(route.method.toUpperCase(), route.path, async (c) => {
      const tool = requireTool(route.tool);
      if (route.tool === 'export_data') return exportRoute(c, kith, tool);
      if (route.tool === 'import_data') {
        const body = await bodyInput(c);
        const wrapped = body.data && typeof body.data === 'object' && !('contacts' in body);
        const data = wrapped ? body.data : body;
        // confirm=true with the 409's approval_id (query or a wrapped body's fields) is the yes to the overwrite preview.
        const confirm = c.req.query('confirm') === 'true' || (wrapped && body.confirm === true);
        const approvalId = c.req.query('approval_id') ?? (wrapped && typeof body.approval_id === 'string' ? body.approval_id : undefined);
        return respondWithTool(c, kith, tool, { data, confirm, ...(approvalId ? { approval_id: approvalId } : {}) }, 200);
      }
      if (route.tool === 'add_resume' && (c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
        return respondWithTool(c, kith, tool, await uploadedResume(c), 201);
      }
      return respondWithTool(c, kith, tool, await routeInput(c, route, tool), route.status ?? 200);
    });
  }
}

/** A résumé sent as a form upload (field "file", optional "name"): the tool's own input, the file as base64. */
async function uploadedResume(c: Context<WebEnv>): Promise<Record<string, unknown>> {
  const form = await c.req.parseBody().catch(() => { throw new ApiError(400, 'invalid', 'The upload is not a readable multipart form.', { field: 'file' }); });
  const file = form.file;
  if (!(file instanceof File)) throw new ApiError(400, 'invalid', 'file: attach the résumé as a form field named "file".', { field: 'file' });
  return {
    content_base64: Buffer.from(await file.arrayBuffer()).toString('base64'),
    file_name: file.name || undefined,
    ...(typeof form.name === 'string' && form.name.trim() ? { name: form.name } : {}),
  };
}

async function exportRoute(c: Context<WebEnv>, kith: ToolKith, tool: AnyTool): Promise<Response> {
  const format = c.req.query('format') ?? 'json';
  if (format === 'archive') {
    const out = (await runTool(kith.runtime, c.get('user').id, requireTool('export_archive'), {})) as { name: string; content_base64: string };
    return c.body(Buffer.from(out.content_base64, 'base64'), 200, { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${out.name}"` });
  }
  if (format === 'google-csv' || format === 'vcard' || format === 'icalendar') {
    const contacts = c.req.query('ids')?.split(',').map((s) => s.trim()).filter(Boolean);
    const { files } = (await runTool(kith.runtime, c.get('user').id, requireTool('export_file'), { format, ...(contacts?.length ? { contacts } : {}) })) as { files: Array<{ name: string; content_type: string; content: string }> };
    return c.body(files[0].content, 200, { 'Content-Type': files[0].content_type, 'Content-Disposition': `attachment; filename="${files[0].name}"` });
  }
  if (format !== 'json' && format !== 'csv') throw new ApiError(400, 'invalid', 'format: must be json, csv, google-csv, vcard, icalendar or archive', { field: 'format' });
  const all = (await runTool(kith.runtime, c.get('user').id, tool, {})) as { contacts: ContactRecord[]; interactions: Array<{ contact_id: string }> };
  const data = selectedContacts(all, c.req.query('ids'));
  const day = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    return c.body(contactsCsv(data.contacts), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="kith-contacts-${day}.csv"`,
    });
  }
  c.header('Content-Disposition', `attachment; filename="kith-export-${day}.json"`);
  return c.json(data);
}

/** ?ids=a,b: only those contacts and their interactions (the page exports a selection). */
function selectedContacts<T extends { contacts: ContactRecord[]; interactions: Array<{ contact_id: string }> }>(data: T, ids: string | undefined): T {
  if (!ids) return data;
  const keep = new Set(ids.split(',').map((s) => s.trim()).filter(Boolean));
  return { ...data, contacts: data.contacts.filter((c) => keep.has(c.id)), interactions: data.interactions.filter((i) => keep.has(i.contact_id)) };
}
