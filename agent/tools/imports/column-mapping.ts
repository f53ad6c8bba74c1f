import type { CsvTable } from './csv-table.js';
import { emptyContact, MAPPABLE_FIELDS, type ColumnMapping, type ContactDraft, type MappedField } from './drafts.js';

const norm = (h: string) => h.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').trim();

// Header words of the CSV files people have: spreadsheets, Outlook, Apple Numbers, other CRMs.
const GUESSES: Array<[RegExp, MappedField]> = [
  [/\b(label|type)$/, ''],
  [/^(first|given|fore)( ?name)?$|^first$|^vorname$|^prenom$|^nombre$/, 'first_name'],
  [/^(last|family|sur)( ?name)?$|^nachname$|^nom$|^apellidos?$/, 'last_name'],
  [/^(full |display |contact )?name$/, 'full_name'],
  [/linkedin/, 'linkedin_url'],
  [/twitter|^x( url| handle)?$/, 'twitter_url'],
  [/e ?mail|^mail$/, 'email'],
  [/phone|mobile|^cell|^tel|telefon/, 'phone'],
  [/^(company|organi[sz]ation|employer|org|account|firma|empresa)( name)?$/, 'company'],
  [/^(job )?title$|^position$|^role$|^job$|^occupation$/, 'job_title'],
  [/^(location|city|address|country|region)$/, 'location'],
  [/^(notes?|comments?|description|remarks)$/, 'notes'],
  [/^(tags?|labels?|groups?|categor(y|ies))$/, 'tags'],
  [/^(contact )?source$|^how we met$/, 'contact_source'],
  [/^relationship( type)?$/, 'relationship_type'],
  [/^(connection )?strength$/, 'connection_strength'],
];

/** A field for every column the header names (columns it cannot place are left out of the mapping). */
export function guessMapping(header: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const column of header) {
    const n = norm(column);
    const hit = GUESSES.find(([re]) => re.test(n));
    if (hit) mapping[column] = hit[1];
  }
  return mapping;
}

/** Outlook's "Export to a file" contact layout: many columns, several for e-mail and phone. */
export const OUTLOOK_MAPPING: ColumnMapping = {
  'First Name': 'first_name', 'Last Name': 'last_name', 'Company': 'company', 'Job Title': 'job_title',
  'E-mail Address': 'email', 'E-mail 2 Address': 'email', 'E-mail 3 Address': 'email',
  'Mobile Phone': 'phone', 'Business Phone': 'phone', 'Business Phone 2': 'phone', 'Home Phone': 'phone', 'Home Phone 2': 'phone',
  'Primary Phone': 'phone', 'Other Phone': 'phone', 'Company Main Phone': 'phone',
  'Notes': 'notes', 'Categories': 'tags', 'Business City': 'location',
  'E-mail Type': '', 'E-mail Display Name': '', 'E-mail 2 Type': '', 'E-mail 2 Display Name': '', 'E-mail 3 Type': '', 'E-mail 3 Display Name': '',
  'Priority': '', 'Private': '', 'Sensitivity': '', 'Gender': '', 'Initials': '',
};

export function checkMapping(mapping: Record<string, string>): string | null {
  for (const [column, field] of Object.entries(mapping)) {
    if (field !== '' && !(MAPPABLE_FIELDS as readonly string[]).includes(field)) return `mapping of "${column}": "${field}" is not a field (use one of ${MAPPABLE_FIELDS.join(', ')}, or "" to leave it out)`;
  }
  return null;
}

// Split, then trimmed: with /\s*(?:;|,)\s*/ a long run of spaces is rescanned from each of its spaces.
const SPLIT_TAGS = /:::|[;,|]/;

/**
 * Rows as contact drafts through a mapping. A column the mapping does not name is not dropped: its
 * value goes into the notes as "Column: value"; only a column mapped to "" is left out, on purpose.
 */
export function draftsFromTable(table: CsvTable, mapping: ColumnMapping): ContactDraft[] {
  return table.rows.map(({ line, values }) => {
    const d = emptyContact(`line ${line}`);
    for (const column of table.header) {
      const value = values[column]?.trim();
      if (!value) continue;
      const field = mapping[column];
      if (field === undefined) { d.notes.push(`${column}: ${value}`); continue; }
      switch (field) {
        case '': break;
        case 'email': d.emails.push(...value.split(':::').map((s) => s.trim())); break;
        case 'phone': d.phones.push(...value.split(':::').map((s) => s.trim())); break;
        case 'tags': d.tags.push(...value.split(SPLIT_TAGS).map((s) => s.trim()).filter(Boolean)); break;
        case 'notes': d.notes.push(/^notes?$/i.test(column.trim()) ? value : `${column}: ${value}`); break;
        case 'location': d.location = d.location ? `${d.location}, ${value}` : value; break;
        default: {
          const key = field as Exclude<MappedField, '' | 'email' | 'phone' | 'tags' | 'notes' | 'location'>;
          if (d[key]) d.notes.push(`${column}: ${value}`);
          else d[key] = value;
        }
      }
    }
    return d;
  });
}

/** A header's identity for a saved mapping: the same columns in any order. */
export const headerSignature = (header: string[]): string => [...header].map((h) => h.trim().toLowerCase()).sort().join('\u001f');
