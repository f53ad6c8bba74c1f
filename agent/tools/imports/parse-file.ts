import { InvalidInputError } from '../shared/errors.js';
import { readCsv, type CsvTable } from './csv-table.js';
import { refuseReplacementCharacters, stripBom, positionOf } from './source-text.js';
import { parseLinkedinConnections, parseLinkedinMessages, CONNECTIONS_HEADER, MESSAGES_HEADER_START } from './linkedin.js';
import { isGoogleHeader, draftsFromGoogle } from './google-csv.js';
import { parseVcards } from './vcard.js';
import { guessMapping, draftsFromTable, OUTLOOK_MAPPING } from './column-mapping.js';
import { draftsFromApplications, applicationsFromJson, tableRows } from './job-trackers.js';
import type { ColumnMapping, ImportFormat, ParsedImport } from './drafts.js';
import { kithTableOf, recordFromCsv } from '../exports/table-csv.js';

const firstLines = (text: string, n = 20) => text.split(/\r?\n/, n);

/** The format of a file, from what it holds (the file name is not trusted). */
export function detectFormat(text: string): ImportFormat {
  const t = stripBom(text).trimStart();
  if (/^BEGIN:VCARD/i.test(t)) return 'vcard';
  if (t.startsWith('{') || t.startsWith('[')) {
    const data = parseJson(t, 'file');
    if (data && typeof data === 'object' && !Array.isArray(data) && ['contacts', 'interactions', 'opportunities'].some((k) => k in data)) return 'kith-json';
    return 'applications-json';
  }
  const lines = firstLines(t);
  if (lines.some((l) => l.startsWith(CONNECTIONS_HEADER.slice(0, 3).join(',')))) return 'linkedin-connections';
  if (lines.some((l) => l.startsWith(MESSAGES_HEADER_START.slice(0, 3).join(',')))) return 'linkedin-messages';
  const header = readHeader(t);
  if (kithTableOf(header)) return 'kith-csv';
  if (isGoogleHeader(header)) return 'google-csv';
  if (header.includes('E-mail Address') && header.includes('E-mail 2 Address')) return 'outlook-csv';
  const n = header.map((h) => h.toLowerCase().trim());
  if (n.includes('excitement') || (n.includes('job position') && n.includes('date saved'))) return 'teal-csv';
  if (n.includes('list') && n.includes('company') && (n.includes('job title') || n.includes('title'))) return 'huntr-csv';
  if (n.includes('company') && n.some((h) => /status|applied|stage/.test(h)) && !n.some((h) => /e-?mail|first name|phone/.test(h))) return 'applications-csv';
  return 'csv';
}

function readHeader(text: string): string[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  try {
    return readCsv(firstLine + '\n', 'file').header;
  } catch {
    return firstLine.split(',');
  }
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? (({ line, column }) => ` at line ${line}, column ${column}`)(positionOf(text, Number(m[1]))) : '';
    throw new InvalidInputError('file', `${name} is not valid JSON${where}: ${(e as Error).message}. Nothing was imported.`);
  }
}

export interface ParseOptions {
  format?: ImportFormat;
  name?: string;
  /** For a CSV of no known layout: the mapping to use (else a saved one, else the guess). */
  mapping?: ColumnMapping;
}

/** Parses a file into drafts; anything malformed refuses the whole file with its line and column. */
export function parseImportFile(raw: string, options: ParseOptions = {}): ParsedImport & { table?: CsvTable; json?: unknown } {
  const name = options.name ?? 'file';
  refuseReplacementCharacters(raw, name);
  const text = stripBom(raw);
  if (!text.trim()) throw new InvalidInputError('file', `${name} is empty. Nothing was imported.`);
  const format = options.format ?? detectFormat(text);
  const out: ParsedImport & { table?: CsvTable; json?: unknown } = { format, contacts: [], interactions: [], opportunities: [], warnings: [] };
  const photoWarning = (photos: number) => {
    if (photos) out.warnings.push(`${photos} photo${photos === 1 ? '' : 's'} not kept: Kith stores no pictures.`);
  };
  switch (format) {
    case 'kith-json': out.json = parseJson(text, name); break;
    case 'kith-csv': {
      const table = readCsv(text, name);
      const which = kithTableOf(table.header);
      if (!which) throw new InvalidInputError('file', `${name}: the header is not one of Kith's CSV tables. Nothing was imported.`);
      out.json = { [which]: table.rows.map((r) => recordFromCsv(which, r.values)) };
      break;
    }
    case 'applications-json': out.opportunities = applicationsFromJson(parseJson(text, name), name); break;
    case 'linkedin-connections': out.contacts = parseLinkedinConnections(text, name); break;
    case 'linkedin-messages': out.interactions = parseLinkedinMessages(text, name); break;
    case 'vcard': { const { drafts, photos } = parseVcards(text, name); out.contacts = drafts; photoWarning(photos); break; }
    case 'google-csv': { const { drafts, photos } = draftsFromGoogle(readCsv(text, name)); out.contacts = drafts; photoWarning(photos); break; }
    case 'outlook-csv': out.contacts = draftsFromTable(readCsv(text, name), { ...guessMapping(readCsv(text, name).header), ...OUTLOOK_MAPPING }); break;
    case 'huntr-csv': case 'teal-csv': case 'applications-csv': {
      const table = readCsv(text, name);
      out.opportunities = draftsFromApplications(tableRows(table), table.header, name);
      break;
    }
    case 'csv': {
      const table = readCsv(text, name);
      out.table = table;
      out.mapping = { ...guessMapping(table.header), ...(options.mapping ?? {}) };
      out.contacts = draftsFromTable(table, out.mapping);
      break;
    }
  }
  return out;
}
