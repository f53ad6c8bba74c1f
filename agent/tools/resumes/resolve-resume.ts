import { and, desc, eq, sql } from 'drizzle-orm';
import { crmResumes } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { NotFoundError, ToolError } from '../shared/errors.js';
import { isUuid } from '../shared/resolve-contact.js';

export type ResumeRow = typeof crmResumes.$inferSelect;

/** The user's most recent résumé: the one an opportunity that names none is scored against. */
export async function latestResume(ctx: ToolContext): Promise<ResumeRow | undefined> {
  const [row] = await ctx.db.select().from(crmResumes).where(eq(crmResumes.userId, ctx.userId))
    .orderBy(desc(crmResumes.createdAt), desc(crmResumes.id)).limit(1);
  return row;
}

/** A résumé by id, by name (case-insensitive; the newest of that name), or "latest". */
export async function resolveResume(ctx: ToolContext, reference: string): Promise<ResumeRow> {
  const raw = reference.trim();
  if (raw.toLowerCase() === 'latest') {
    const latest = await latestResume(ctx);
    if (!latest) throw new NotFoundError('There is no résumé yet: add one with add_resume (pasted text, or a PDF or DOCX file).', { reference: raw });
    return latest;
  }
  const mine = eq(crmResumes.userId, ctx.userId);
  const rows = isUuid(raw)
    ? await ctx.db.select().from(crmResumes).where(and(mine, eq(crmResumes.id, raw)))
    : await ctx.db.select().from(crmResumes).where(and(mine, sql`lower(${crmResumes.name}) = ${raw.toLowerCase()}`)).orderBy(desc(crmResumes.createdAt)).limit(1);
  if (rows.length === 0) throw new NotFoundError(`No résumé matches "${raw}".`, { reference: raw });
  return rows[0];
}

/** The résumé an opportunity is scored against: the one it names, else the latest. */
export async function resumeForOpportunity(ctx: ToolContext, resumeId: string | null): Promise<ResumeRow | undefined> {
  if (resumeId) {
    const [row] = await ctx.db.select().from(crmResumes).where(and(eq(crmResumes.userId, ctx.userId), eq(crmResumes.id, resumeId)));
    if (row) return row;
  }
  return latestResume(ctx);
}

export function assertResumeText(text: string, field: string): void {
  if (!text.trim()) throw new ToolError('invalid', `${field}: the résumé has no text.`, { field });
}
