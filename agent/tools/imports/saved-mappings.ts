import { and, eq } from 'drizzle-orm';
import { importMappings } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { headerSignature } from './column-mapping.js';
import type { ColumnMapping } from './drafts.js';

/** The mapping the user confirmed for this header before, if any. */
export async function savedMapping(ctx: ToolContext, header: string[]): Promise<ColumnMapping | null> {
  const [row] = await ctx.db.select({ columns: importMappings.columns }).from(importMappings)
    .where(and(eq(importMappings.userId, ctx.userId), eq(importMappings.headerSignature, headerSignature(header))));
  return (row?.columns as ColumnMapping | undefined) ?? null;
}

export async function saveMapping(ctx: ToolContext, header: string[], columns: ColumnMapping): Promise<void> {
  await ctx.db.insert(importMappings)
    .values({ userId: ctx.userId, headerSignature: headerSignature(header), header, columns, createdAt: ctx.now, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: [importMappings.userId, importMappings.headerSignature], set: { columns, header, updatedAt: ctx.now } });
}
