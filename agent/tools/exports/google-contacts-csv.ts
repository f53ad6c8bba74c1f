import Papa from 'papaparse';
import type { ContactRecord } from '../shared/schemas.js';

// Google Contacts' own export layout (the columns its importer reads back).
const COLUMNS = ['First Name', 'Middle Name', 'Last Name', 'Phonetic First Name', 'Phonetic Middle Name', 'Phonetic Last Name', 'Name Prefix',
  'Name Suffix', 'Nickname', 'File As', 'Organization Name', 'Organization Title', 'Organization Department', 'Birthday', 'Notes', 'Photo',
  'Labels', 'E-mail 1 - Label', 'E-mail 1 - Value', 'Phone 1 - Label', 'Phone 1 - Value', 'Address 1 - Label', 'Address 1 - Formatted',
  'Website 1 - Label', 'Website 1 - Value', 'Website 2 - Label', 'Website 2 - Value'];

/** The contacts as a Google Contacts CSV: Google imports it, and so does Kith. */
export function googleContactsCsv(contacts: ContactRecord[]): string {
  const rows = contacts.map((c) => {
    const r: Record<string, string> = {};
    r['First Name'] = c.first_name;
    r['Last Name'] = c.last_name;
    r['Organization Name'] = c.company ?? '';
    r['Organization Title'] = c.job_title ?? '';
    r['Notes'] = c.notes ?? '';
    r['Labels'] = ['* myContacts', ...c.tags].join(' ::: ');
    if (c.email) { r['E-mail 1 - Label'] = '* Other'; r['E-mail 1 - Value'] = c.email; }
    if (c.phone) { r['Phone 1 - Label'] = 'Mobile'; r['Phone 1 - Value'] = c.phone; }
    if (c.location) { r['Address 1 - Label'] = 'Other'; r['Address 1 - Formatted'] = c.location; }
    if (c.linkedin_url) { r['Website 1 - Label'] = 'LinkedIn'; r['Website 1 - Value'] = c.linkedin_url; }
    if (c.twitter_url) { r['Website 2 - Label'] = 'Twitter'; r['Website 2 - Value'] = c.twitter_url; }
    return COLUMNS.map((k) => r[k] ?? '');
  });
  return Papa.unparse({ fields: COLUMNS, data: rows }, { newline: '\r\n' }) + '\r\n';
}
