import Papa from 'papaparse';
import type { KithExport } from '../transfer.js';

import { ContactRecord, InteractionRecord, OpportunityRecord, ActivityRecord, InsightRecord, TaskRecord } from '../shared/schemas.js';

export const EXPORT_TABLES = ['contacts', 'interactions', 'opportunities', 'activities', 'contact_insights', 'tasks'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

// Names of other records that the export adds for reading (contact_name) and the stage history are
// derived, not columns: they are left out so that a CSV is exactly its table.
const DERIVED = new Set(['contact_name', 'referrer_name', 'stage_history', 'opportunity_name']);
const columnsOf = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape).filter((k) => !DERIVED.has(k));

/** The columns of each table's CSV: the JSON export's fields, in that order (its header is how `kith import` knows the file again). */
export const TABLE_COLUMNS: Record<ExportTable, string[]> = {
  contacts: columnsOf(ContactRecord),
  interactions: columnsOf(InteractionRecord),
  opportunities: columnsOf(OpportunityRecord),
  activities: columnsOf(ActivityRecord),
  contact_insights: columnsOf(InsightRecord),
  tasks: columnsOf(TaskRecord),
};

/** Lists are written as JSON inside the cell, so a tag with a semicolon survives the trip back. */
const cell = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? JSON.stringify(v) : String(v));

/** One CSV per table of the export. */
export function tableCsv(data: KithExport, table: ExportTable): string {
  const columns = TABLE_COLUMNS[table];
  const rows = ((data[table] ?? []) as unknown as Array<Record<string, unknown>>).map((r) => columns.map((c) => cell(r[c])));
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
    else if (column === 'follow_up_required' || column === 'has_time') out[column] = v === 'true';
    else if (column === 'match_score' || column === 'confidence_score') out[column] = Number(v);
    else out[column] = v;
  }
  return out;
}
