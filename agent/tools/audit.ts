import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { crmAuditEvents } from '../../db/schema/index.js';
import { defineTool } from './define-tool.js';
import { PageInput } from './shared/schemas.js';
import { decodeCursor, pageOf } from './shared/cursor.js';

const AuditKind = z.enum(['sign_in', 'token_used', 'destructive_action', 'admin_action']);

export const AuditEventRecord = z.object({
  id: z.string(),
  at: z.string(),
  kind: AuditKind,
  surface: z.string(),
  tool_name: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const listAuditEvents = defineTool({
  name: 'list_audit_events',
  title: 'Audit log',
  description: 'The user\'s audit log, newest first: sign-ins, API token use (web, REST, MCP) and every destructive action that ran (deletes, merges, bulk changes, overwriting imports).',
  input: z.object({ kind: AuditKind.optional(), ...PageInput }),
  output: z.object({ events: z.array(AuditEventRecord), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const limit = input.limit ?? 25;
    const after = input.cursor ? decodeCursor(input.cursor, 2) : null;
    const rows = await ctx.db.select().from(crmAuditEvents).where(and(
      eq(crmAuditEvents.userId, ctx.userId),
      input.kind ? eq(crmAuditEvents.kind, input.kind) : undefined,
      after ? sql`(${crmAuditEvents.at}, ${crmAuditEvents.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
    )).orderBy(desc(crmAuditEvents.at), desc(crmAuditEvents.id)).limit(limit + 1);
    const { page, next_cursor } = pageOf(rows, limit, (r) => [r.at.toISOString(), r.id]);
    return {
      events: page.map((r) => ({ id: r.id, at: r.at.toISOString(), kind: r.kind, surface: r.surface, tool_name: r.toolName, detail: r.detail })),
      next_cursor,
    };
  },
});

export const auditTools = [listAuditEvents];
