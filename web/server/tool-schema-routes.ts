import type { Hono } from 'hono';
import { inputIssues, parseToolInput, runTool } from '../../agent/tools/run-tool.js';
import type { Kith } from '../../app/open-kith.js';
import { assertScopeAllows, type WebEnv } from './auth.js';
import { bodyInput, toolJsonSchemas } from './tool-input.js';
import { requireTool } from './rest-api.js';

/**
 * What the page's forms validate with: the tool's own input schema (as JSON Schema, for field
 * types, choices and limits) and its own messages for a draft input. No rule is copied into the page.
 */
export function mountToolSchemaRoutes(api: Hono<WebEnv>, kith: Pick<Kith, 'runtime'>): void {
  api.get('/tools/:name/schema', (c) => {
    const tool = requireTool(c.req.param('name'));
    c.header('Cache-Control', 'private, max-age=300');
    return c.json({ name: tool.name, title: tool.title, annotations: tool.annotations, input: toolJsonSchemas(tool).input });
  });
  /** Checks a draft without running the tool: every problem, each naming its field. */
  api.post('/tools/:name/check', async (c) => {
    const tool = requireTool(c.req.param('name'));
    const issues = inputIssues(tool, await bodyInput(c));
    return c.json({ ok: issues.length === 0, issues });
  });
  /**
   * What a call would change, before it is made: a call that needs confirmation runs without it
   * (the tool then changes nothing and says what it would do); one that does not is not run at all.
   */
  api.post('/tools/:name/preview', async (c) => {
    const tool = requireTool(c.req.param('name'));
    const input = { ...(await bodyInput(c)), confirm: false };
    const parsed = parseToolInput(tool, input);
    if (!tool.needsConfirmation?.(parsed)) return c.json({ needs_confirmation: false });
    assertScopeAllows(c, tool);
    const result = (await runTool(kith.runtime, c.get('user').id, tool, input)) as { status?: string; summary?: string; approval_id?: string };
    return c.json(result.status === 'confirmation_required' ? { needs_confirmation: true, summary: result.summary, approval_id: result.approval_id } : { needs_confirmation: false });
  });
}
