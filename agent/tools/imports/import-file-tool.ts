import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { InvalidInputError } from '../shared/errors.js';
import { importData } from '../transfer.js';
import { decodeFile } from './source-text.js';
import { parseImportFile } from './parse-file.js';
import { checkMapping, draftsFromTable } from './column-mapping.js';
import { planImport } from './plan-import.js';
import { applyPlan } from './apply-plan.js';
import { savedMapping, saveMapping } from './saved-mappings.js';
import { IMPORT_FORMATS, MAPPABLE_FIELDS, type ColumnMapping } from './drafts.js';

const Action = z.enum(['add', 'update', 'merge', 'skip']);
const PlanRecordSchema = z.object({
  at: z.string(), table: z.enum(['contacts', 'interactions', 'opportunities']), action: Action, name: z.string(), reason: z.string(),
  match: z.object({ with: z.string(), id: z.string().optional(), by: z.array(z.string()) }).optional(),
  changes: z.array(z.string()).optional(), warnings: z.array(z.string()).optional(),
});
const Counts = z.object({ add: z.number(), update: z.number(), merge: z.number(), skip: z.number() });

export const ImportFileOutput = z.object({
  format: z.enum(IMPORT_FORMATS),
  dry_run: z.boolean(),
  summary: z.object({ contacts: Counts, interactions: Counts, opportunities: Counts }),
  records: z.array(PlanRecordSchema),
  warnings: z.array(z.string()),
  mapping: z.object({
    columns: z.record(z.string(), z.string()),
    source: z.enum(['guessed', 'saved', 'given']),
    saved: z.boolean(),
  }).optional(),
  imported: z.unknown().optional(),
});

export const importFile = defineTool({
  name: 'import_file',
  title: 'Import a file',
  description:
    'Import contacts, messages or job applications from a file: LinkedIn Connections.csv or messages.csv, Google Contacts CSV, ' +
    'Outlook CSV, vCard (.vcf, from Google, Apple or Outlook), Huntr or Teal job exports, a CSV or JSON list of applications, ' +
    'any contacts CSV (with a column mapping), or a Kith export (JSON, or a table\'s CSV). The format is detected from the content (format forces it). ' +
    'By default this is a dry run: it answers what would be added, updated, merged or skipped and why, record by record, and writes ' +
    'nothing. Duplicates (same e-mail, LinkedIn URL, phone, or name and company; in the file or already in Kith) are not merged ' +
    'unless on_match is "merge" or the record is listed in agree. Run again with dry_run false to import: all or nothing.',
  input: z.object({
    content: z.string().max(50_000_000).optional().describe('The file\'s text'),
    content_base64: z.string().optional().describe('The file\'s bytes in base64, instead of content (its encoding is checked)'),
    filename: z.string().max(300).optional().describe('The file\'s name, for messages'),
    format: z.enum(IMPORT_FORMATS).optional().describe('Force a format instead of detecting it'),
    dry_run: z.boolean().default(true).describe('true (default): only say what would happen; false: import'),
    on_match: z.enum(['skip', 'merge']).default('skip').describe('A record that matches a contact or an earlier record: skip it (default) or merge it in'),
    agree: z.array(z.string()).max(100_000).optional().describe('Records ("line 12") whose match the user agreed to merge'),
    mapping: z.record(z.string(), z.enum([...MAPPABLE_FIELDS, ''])).optional()
      .describe(`For a CSV of no known layout: header column → field (${MAPPABLE_FIELDS.join(', ')}, or "" to leave it out); saved for next time`),
  }),
  output: ImportFileOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  // A dry run is the preview; an import changes many records and is confirmed by looking at that preview first.
  needsConfirmation: () => false,
  async run(ctx, input) {
    const name = input.filename ?? 'file';
    if ((input.content === undefined) === (input.content_base64 === undefined)) throw new InvalidInputError('content', 'Give the file as content (text) or content_base64, one of them.');
    const text = input.content ?? decodeFile(Buffer.from(input.content_base64!, 'base64'), name);
    if (input.mapping) {
      const problem = checkMapping(input.mapping);
      if (problem) throw new InvalidInputError('mapping', problem);
    }
    const parsed = parseImportFile(text, { format: input.format, name });
    const empty = { add: 0, update: 0, merge: 0, skip: 0 };
    if (parsed.format === 'kith-json' || parsed.format === 'kith-csv') {
      const data = parsed.json;
      if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InvalidInputError('file', `${name} must hold a JSON object with contacts, interactions and opportunities arrays. Nothing was imported.`);
      const sections = data as Record<string, unknown[]>;
      const count = (k: string) => ({ ...empty, add: Array.isArray(sections[k]) ? sections[k].length : 0 });
      const imported = input.dry_run ? undefined : await importData.run(ctx, { data: data as Record<string, unknown>, confirm: true });
      return {
        format: parsed.format, dry_run: input.dry_run, records: [], warnings: ['A Kith export is imported by id: records whose id exists are updated, others added.'],
        summary: { contacts: count('contacts'), interactions: count('interactions'), opportunities: count('opportunities') }, imported,
      };
    }
    let mapping: z.infer<typeof ImportFileOutput>['mapping'];
    if (parsed.format === 'csv' && parsed.table) {
      const saved = await savedMapping(ctx, parsed.table.header);
      const columns: ColumnMapping = input.mapping ? { ...(saved ?? parsed.mapping), ...input.mapping } : saved ?? parsed.mapping!;
      parsed.contacts = draftsFromTable(parsed.table, columns);
      mapping = { columns, source: input.mapping ? 'given' : saved ? 'saved' : 'guessed', saved: false };
      const unmapped = parsed.table.header.filter((h) => columns[h] === undefined);
      if (unmapped.length) parsed.warnings.push(`Columns with no field go into the notes as "Column: value": ${unmapped.join(', ')} (map them to a field, or to "" to leave them out).`);
    }
    const plan = await planImport(ctx, parsed, { onMatch: input.on_match, agree: new Set(input.agree ?? []) });
    if (!input.dry_run) {
      await applyPlan(ctx, plan);
      if (mapping && parsed.table) { await saveMapping(ctx, parsed.table.header, mapping.columns as ColumnMapping); mapping.saved = true; }
    }
    const summary = { contacts: { ...empty }, interactions: { ...empty }, opportunities: { ...empty } };
    for (const r of plan.records) summary[r.table][r.action]++;
    return {
      format: parsed.format, dry_run: input.dry_run, summary, records: plan.records,
      warnings: [...plan.warnings, ...plan.records.flatMap((r) => r.warnings ?? [])], mapping,
    };
  },
});
