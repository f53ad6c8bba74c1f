import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { crmOpportunities, crmResumes } from '../../../db/schema/index.js';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from '../define-tool.js';
import { countOf } from '../shared/words.js';
import { ResumeFormat, ResumeRef } from '../shared/schemas.js';
import { InvalidInputError } from '../shared/errors.js';
import { recordActivity } from '../shared/record-activity.js';
import { todayIn } from '../shared/user-dates.js';
import { detectResumeFormat, extractResumeText, tidyText } from './extract-text.js';
import { resolveResume, type ResumeRow } from './resolve-resume.js';
import { rescoreAfterResumeChange } from '../match/rescore.js';
import type { ToolContext } from '../shared/context.js';

/** A résumé is a few pages: 5 MB of file, 100,000 characters of text. */
export const RESUME_LIMITS = { fileBytes: 5 * 1024 * 1024, textChars: 100_000 } as const;

export const ResumeRecord = z.object({
  id: z.string(),
  name: z.string(),
  format: ResumeFormat,
  file_name: z.string().nullable(),
  word_count: z.number(),
  text_preview: z.string(),
  content_text: z.string().optional(),
  opportunities: z.number().describe('How many opportunities name this résumé as the one sent'),
  created_at: z.string(),
});
export type ResumeRecord = z.infer<typeof ResumeRecord>;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function resumeRecord(r: ResumeRow, opportunities: number, withText = false): ResumeRecord {
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    file_name: r.fileName,
    word_count: words(r.contentText),
    text_preview: r.contentText.slice(0, 280),
    ...(withText ? { content_text: r.contentText } : {}),
    opportunities,
    created_at: r.createdAt.toISOString(),
  };
}

async function usesOf(ctx: ToolContext, id: string): Promise<number> {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(crmOpportunities)
    .where(and(eq(crmOpportunities.userId, ctx.userId), eq(crmOpportunities.resumeId, id)));
  return Number(row?.n ?? 0);
}

export const addResume = defineTool({
  name: 'add_resume',
  title: 'Add a résumé version',
  description:
    'Store a version of the user\'s résumé: pasted `text`, or an uploaded PDF or DOCX file as `content_base64` (its text is extracted). ' +
    'The newest résumé is the one match scores use for opportunities that name no résumé of their own; those active opportunities are scored again.',
  input: z.object({
    name: z.string().trim().min(1).max(200).optional().describe('What to call this version, e.g. "Backend 2026" (default: the file name or "Résumé <today>")'),
    text: z.string().max(RESUME_LIMITS.textChars, `must be at most ${RESUME_LIMITS.textChars} characters`).optional().describe('The résumé as text (pasted)'),
    content_base64: z.string().max(Math.ceil(RESUME_LIMITS.fileBytes / 3) * 4 + 4, 'must be a file of at most 5 MB').optional()
      .describe('A PDF or DOCX file\'s bytes in base64, instead of text'),
    file_name: z.string().trim().max(255).optional().describe('The uploaded file\'s name (e.g. cv.pdf)'),
  }),
  output: z.object({ resume: ResumeRecord, rescored: z.number().describe('Opportunities whose match score was recomputed') }),
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    if ((input.text === undefined) === (input.content_base64 === undefined)) throw new InvalidInputError('text', 'text: give the résumé as text or as a file (content_base64), one of them.');
    let format: ResumeRow['format'] = 'text';
    let content: string;
    let bytes: Buffer | null = null;
    if (input.content_base64 !== undefined) {
      if (!/^[A-Za-z0-9+/=\s]*$/.test(input.content_base64)) throw new InvalidInputError('content_base64', 'content_base64: must be base64.');
      bytes = Buffer.from(input.content_base64, 'base64');
      if (bytes.length === 0) throw new InvalidInputError('content_base64', 'content_base64: the file is empty.');
      if (bytes.length > RESUME_LIMITS.fileBytes) throw new InvalidInputError('content_base64', 'content_base64: must be a file of at most 5 MB.');
      const detected = detectResumeFormat(bytes, input.file_name);
      if (!detected) throw new InvalidInputError('content_base64', 'content_base64: must be a PDF or a DOCX file (or paste the text as text).');
      format = detected;
      content = (await extractResumeText(bytes, detected)).slice(0, RESUME_LIMITS.textChars);
    } else {
      content = tidyText(input.text!);
      if (!content) throw new InvalidInputError('text', 'text: the résumé has no text.');
    }
    const name = input.name ?? input.file_name?.replace(/\.(pdf|docx)$/i, '') ?? `Résumé ${todayIn(ctx.now, ctx.tz)}`;
    const [row] = await ctx.db.insert(crmResumes).values({
      userId: ctx.userId, name: name.slice(0, 200), format, fileName: input.file_name ?? null, fileBytes: bytes, contentText: content, createdAt: ctx.now, updatedAt: ctx.now,
    }).returning();
    await recordActivity(ctx, { type: 'resume_added', description: `Added résumé "${row.name}" (${words(content)} words${format === 'text' ? '' : `, from ${format.toUpperCase()}`})` });
    const rescored = await rescoreAfterResumeChange(ctx);
    return { resume: resumeRecord(row, 0), rescored };
  },
});

export const listResumes = defineTool({
  name: 'list_resumes',
  title: 'List résumé versions',
  description: 'The user\'s résumé versions, newest first (the newest is the default for match scores), with how many opportunities name each.',
  input: z.object({ include_text: z.boolean().optional().describe('Include each résumé\'s full text') }),
  output: z.object({ resumes: z.array(ResumeRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const rows = await ctx.db.select({ r: crmResumes, n: sql<number>`(select count(*)::int from crm_opportunities o where o.resume_id = ${crmResumes.id})` })
      .from(crmResumes).where(eq(crmResumes.userId, ctx.userId)).orderBy(desc(crmResumes.createdAt), desc(crmResumes.id)).limit(200);
    return { resumes: rows.map(({ r, n }) => resumeRecord(r, Number(n), input.include_text)) };
  },
});

export const deleteResume = defineTool({
  name: 'delete_resume',
  title: 'Delete a résumé version',
  description: 'Delete a résumé version. Opportunities that named it go back to the latest résumé and are scored again. Destructive: without confirm: true it changes nothing.',
  input: z.object({ resume: ResumeRef, confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), resume: ResumeRecord, rescored: z.number() }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  async run(ctx, input) {
    const r = await resolveResume(ctx, input.resume);
    const uses = await usesOf(ctx, r.id);
    const record = resumeRecord(r, uses);
    if (!input.confirm) {
      return confirmationRequired('delete_resume', `Delete résumé "${r.name}"${uses ? ` (named by ${countOf(uses, 'opportunity')})` : ''}?`, { resume: record });
    }
    await recordActivity(ctx, { type: 'resume_deleted', description: `Deleted résumé "${r.name}"` });
    await ctx.db.delete(crmResumes).where(and(eq(crmResumes.userId, ctx.userId), eq(crmResumes.id, r.id)));
    // Those that named it now name none (the foreign key), like those that followed the latest: all are scored again.
    const rescored = await rescoreAfterResumeChange(ctx);
    return { status: 'deleted' as const, resume: record, rescored };
  },
});

export const resumeTools = [addResume, listResumes, deleteResume];
