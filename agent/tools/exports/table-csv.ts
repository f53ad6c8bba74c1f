import Papa from 'papaparse';
import type { KithExport } from '../transfer.js';

export const EXPORT_TABLES = ['contacts', 'interactions', 'opportunities', 'activities', 'contact_insights'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

// The columns of each table's CSV: the JSON export's fields, in that order (its first line is how
// `kith import` knows the file again).
export const TABLE_COLUMNS: Record<ExportTable, string[]> = {
  contacts: ['id', 'first_name', 'last_name', 'email', 'phone', 'company', 'job_title', 'linkedin_url', 'twitter_url', 'location',
    'contact_source', 'relationship_type', 'connection_strength', 'last_contact_date', 'next_follow_up_date', 'follow_up_reason', 'notes', 'tags',
    'created_at', 'updated_at'],
  interactions: ['id', 'contact_id', 'interaction_type', 'interaction_date', 'subject', 'notes', 'outcome', 'follow_up_required', 'follow_up_date',
    'attachments', 'created_at', 'updated_at'],
  opportunities: ['id', 'job_title', 'company_name', 'contact_id', 'job_description', 'salary_range', 'location', 'application_date', 'status',
    'priority_level', 'match_score', 'next_action', 'next_action_date', 'notes', 'created_at', 'updated_at'],
  activities: ['id', 'activity_type', 'activity_date', 'description', 'related_contact_id', 'related_opportunity_id'],
  contact_insights: ['id', 'contact_id', 'insight_type', 'insight_text', 'confidence_score', 'generated_at'],
};

/** Lists are written as JSON inside the cell, so a tag with a semicolon survives the trip back. */
const cell = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? JSON.stringify(v) : String(v));

/** One CSV per table of the export. */
export function tableCsv(data: KithExport, table: ExportTable): string {
  const columns = TABLE_COLUMNS[table];
  const rows = (data[table] as unknown as Array<Record<string, unknown>>).map((r) => columns.map((c) => cell(r[c])));
  // No formula escaping here: a leading "'" would change the value on the way back in.
  return Papa.unparse({ fields: columns, data: rows }, { newline: '\r\n' }) + '\r\n';
}

/** Which table a CSV header belongs to, when it is one of Kith's own. */
export function kithTableOf(header: string[]): ExportTable | null {
  for (const table of EXPORT_TABLES) {
    const columns = TABLE_COLUMNS[table];
    if (header.length === columns.length && header.every((h, i) => h === columns[i])) return table;
  }
  return null;
}

/** A row of Kith's CSV back as the JSON export's record (empty cells are absent, lists and numbers typed). */
export function recordFromCsv(table: ExportTable, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of TABLE_COLUMNS[table]) {
    const v = values[column];
    if (v === undefined || v === '') continue;
    if (column === 'tags' || column === 'attachments') out[column] = JSON.parse(v);
    else if (column === 'follow_up_required') out[column] = v === 'true';
    else if (column === 'match_score' || column === 'confidence_score') out[column] = Number(v);
    else out[column] = v;
  }
  return out;
}
