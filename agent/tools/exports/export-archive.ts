import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { defineTool } from '../define-tool.js';
import { exportAll } from '../transfer.js';
import { userTables } from '../../../db/user-tables.js';
import { contactsVcard } from './vcard-out.js';
import { followUpsCalendar } from './follow-ups-ical.js';
import type { ToolContext } from '../shared/context.js';

/**
 * Columns an archive never carries: credentials (sealed or hashed, useless outside this Kith and
 * never shown by any surface), search vectors and text indexes (rebuilt from the records).
 */
const WITHHELD = /(^|_)(secret|password|token|token_hash|code_hash|p256dh|auth|private_key|embedding|tsv)$/;
const EXT: Record<string, string> = { pdf: 'pdf', docx: 'docx', markdown: 'md', text: 'txt' };

const safeName = (s: string) => s.replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^[.\s]+/, '').slice(0, 100) || 'file';

/** The user's rows of one table (through kith_my_rows, which also reads tables the app role may not), without withheld columns. */
/** The user's rows of one table (through kith_my_rows, which also reads tables the app role may not), without withheld columns. */
async function myRows(ctx: ToolContext, table: string, columns: { name: string; type: string }[]): Promise<{ rows: Record<string, unknown>[]; withheld: string[] }> {
  const withheld = columns.filter((c) => WITHHELD.test(c.name) || /^(tsvector|vector|bytea)/.test(c.type)).map((c) => c.name);
  const result = (await ctx.db.execute(sql`select kith_my_rows as row from kith_my_rows(${table}, ${`{${withheld.join(',')}}`}::text[])`)) as unknown as { rows: { row: Record<string, unknown> }[] };
  return { rows: result.rows.map((r) => r.row), withheld };
}

/** Every column of every public table, in one query. */
async function columnsByTable(ctx: ToolContext): Promise<Map<string, { name: string; type: string }[]>> {
  const cols = (await ctx.db.execute(sql`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped order by c.relname, a.attnum`)) as unknown as { rows: { table: string; name: string; type: string }[] };
  const out = new Map<string, { name: string; type: string }[]>();
  for (const c of cols.rows) out.set(c.table, [...(out.get(c.table) ?? []), c]);
  return out;
}

/**
 * Everything of the user as one zip (fflate): kith-export.json (what import_file reads back), every
 * table's rows (tables/), each chat with its messages (chats/), each résumé's original file and its
 * text (resumes/), the interactions' attachment links, contacts as vCard and dates as iCalendar.
 */
export async function buildArchive(ctx: ToolContext): Promise<{ name: string; bytes: Uint8Array; files: { path: string; bytes: number }[] }> {
  const day = ctx.now.toISOString().slice(0, 10);
  const files: Zippable = {};
  const add = (path: string, content: string | Uint8Array) => { files[path] = typeof content === 'string' ? strToU8(content) : content; };
  const data = await exportAll(ctx);
  add('kith-export.json', JSON.stringify(data, null, 2) + '\n');
  add('contacts.vcf', contactsVcard(data.contacts));
  add('follow-ups.ics', followUpsCalendar(data, ctx.now));
  const withheldBy: Record<string, string[]> = {};
  const columns = await columnsByTable(ctx);
  for (const table of await userTables(ctx.db)) {
    const { rows, withheld } = await myRows(ctx, table, columns.get(table) ?? []);
    if (withheld.length) withheldBy[table] = withheld;
    add(`tables/${table}.json`, JSON.stringify(rows, null, 2) + '\n');
  }
  const sessions = (await ctx.db.execute(sql`select id, title, created_at, updated_at from crm_chat_sessions where user_id = ${ctx.userId}::uuid order by created_at`)) as unknown as { rows: { id: string }[] };
  for (const s of sessions.rows) {
    const messages = (await ctx.db.execute(sql`select message, created_at from crm_chat_messages where user_id = ${ctx.userId}::uuid and session_id = ${s.id}::uuid order by seq`)) as unknown as { rows: unknown[] };
    add(`chats/${s.id}.json`, JSON.stringify({ ...s, messages: messages.rows }, null, 2) + '\n');
  }
  const resumes = (await ctx.db.execute(sql`select id, name, format, file_name, file_bytes, content_text from crm_resumes where user_id = ${ctx.userId}::uuid order by created_at`)) as unknown as { rows: { id: string; name: string; format: string; file_name: string | null; file_bytes: Uint8Array | null; content_text: string }[] };
  for (const r of resumes.rows) {
    const base = `resumes/${r.id.slice(0, 8)} ${safeName(r.name)}`;
    add(`${base}.txt`, r.content_text);
    if (r.file_bytes) add(`${base}/${safeName(r.file_name ?? `resume.${EXT[r.format] ?? 'bin'}`)}`, new Uint8Array(r.file_bytes));
  }
  const links = data.interactions.flatMap((i) => (i.attachments ?? []).map((a: string) => `${i.interaction_date}\t${i.subject ?? i.interaction_type}\t${a}`));
  add('attachments.tsv', ['date\tinteraction\tattachment', ...links].join('\n') + '\n');
  add('README.txt', [
    `Kith: everything of your account on ${day}.`,
    '',
    'kith-export.json   contacts, interactions, opportunities, tasks (kith import kith-export.json brings them back)',
    'tables/            every row of every table of your account, as JSON',
    'chats/             each conversation with the agent and its messages',
    'resumes/           each résumé as text, and the file you uploaded',
    'attachments.tsv    the attachments (links) of your interactions',
    'contacts.vcf       your contacts as vCard 4.0 (Apple and Google Contacts import it)',
    'follow-ups.ics     follow-up and next-action dates as iCalendar',
    '',
    'Left out: stored credentials (mail, calendar, CRM, API tokens: sealed or hashed, useless outside this Kith) and search indexes.',
    ...Object.entries(withheldBy).map(([t, c]) => `  ${t}: ${c.join(', ')}`),
    '',
  ].join('\n'));
  const bytes = zipSync(files, { level: 6, mtime: ctx.now });
  return { name: `kith-everything-${day}.zip`, bytes, files: Object.entries(files).map(([path, b]) => ({ path, bytes: (b as Uint8Array).length })) };
}

export const exportArchive = defineTool({
  name: 'export_archive',
  title: 'Export everything (zip)',
  description:
    'Everything of the user as one zip archive: every table of their account, chats, résumés with their files, attachment ' +
    'links, contacts as vCard and dates as iCalendar, and a Kith JSON export that imports back. Credentials are left out.',
  input: z.object({}),
  output: z.object({ name: z.string(), content_type: z.literal('application/zip'), size: z.number(), files: z.array(z.object({ path: z.string(), bytes: z.number() })), content_base64: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const archive = await buildArchive(ctx);
    return { name: archive.name, content_type: 'application/zip' as const, size: archive.bytes.length, files: archive.files, content_base64: Buffer.from(archive.bytes).toString('base64') };
  },
});
