import Papa from 'papaparse';
import { InvalidInputError } from '../shared/errors.js';
import { positionOf } from './source-text.js';

/** A CSV row with the line of the file it starts on (1-based), for messages and the dry run. */
export interface CsvRow { line: number; values: Record<string, string> }
export interface CsvTable { header: string[]; rows: CsvRow[] }

/**
 * Parses CSV text whose header is on `headerLine` (1-based; LinkedIn puts notes above it) with
 * papaparse. A file papaparse cannot read exactly (a quote left open, a stray quote, a row with
 * more or fewer columns than the header) is refused whole, naming the line and column.
 */
export function readCsv(text: string, name = 'file', headerLine = 1): CsvTable {
  let offset = 0;
  for (let l = 1; l < headerLine; l++) offset = text.indexOf('\n', offset) + 1;
  const body = text.slice(offset);
  const lineBase = headerLine - 1;
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: 'greedy' });
  const at = (index: number | undefined) => positionOf(body, index ?? 0);
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
  if (fatal) {
    // papaparse points past an opening quote that is never closed; the quote is the place to fix.
    const index = fatal.index !== undefined && body[fatal.index] !== '"' && body[fatal.index - 1] === '"' ? fatal.index - 1 : fatal.index;
    const { line, column } = at(index);
    const what = fatal.code === 'MissingQuotes' ? 'a quoted field is never closed' : fatal.code === 'InvalidQuotes' ? 'a quote in the middle of an unquoted field' : fatal.message;
    throw new InvalidInputError('file', `${name}: broken quoting at line ${line + lineBase}, column ${column}: ${what}. Nothing was imported.`);
  }
  const [headerRow, ...rest] = parsed.data;
  if (!headerRow) throw new InvalidInputError('file', `${name} has no header line. Nothing was imported.`);
  const header = headerRow.map((h) => h.trim());
  // papaparse gives the character offset of each row through a cursor only when streaming; the
  // line of a row is found by walking the rows' lengths, so a quoted newline is counted right.
  const rows: CsvRow[] = [];
  const lines = rowLines(body, parsed.data.length);
  rest.forEach((values, i) => {
    const line = lines[i + 1] + lineBase;
    if (values.length !== header.length) {
      const column = Math.min(values.length, header.length) + 1;
      throw new InvalidInputError('file', `${name}: line ${line} has ${values.length} columns where the header (line ${headerLine}) has ${header.length}` +
        ` (wrong columns from column ${column}${header[column - 1] ? `, "${header[column - 1]}"` : ''}). Nothing was imported.`);
    }
    rows.push({ line, values: Object.fromEntries(header.map((h, k) => [h, values[k]])) });
  });
  return { header, rows };
}

/** The starting line of each of the first `count` non-empty records of `body`. */
function rowLines(body: string, count: number): number[] {
  const out: number[] = [];
  let line = 1;
  let quoted = false;
  let atStart = true;
  let blank = true;
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (atStart) { atStart = false; blank = true; out.push(line); }
    if (ch === undefined) { if (blank) out.pop(); break; }
    if (ch === '"') quoted = !quoted;
    if (ch === '\n') {
      line++;
      if (!quoted) {
        if (blank) out.pop();
        atStart = true;
      }
    } else if (ch !== '\r' && ch !== ',' && ch !== ' ') blank = false;
  }
  return out.slice(0, count);
}

/** The first line (1-based) that starts with `prefix`, or -1. */
export function lineStartingWith(text: string, test: (line: string) => boolean, maxLines = 50): number {
  const lines = text.split(/\r?\n/, maxLines);
  const i = lines.findIndex(test);
  return i === -1 ? -1 : i + 1;
}
