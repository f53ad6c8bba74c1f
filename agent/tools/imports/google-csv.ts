import type { CsvTable } from './csv-table.js';
import { emptyContact, type ContactDraft } from './drafts.js';

/** Google Contacts' CSV, as it exports today (First Name, ... Labels) or did (Given Name, ... Group Membership). */
export const isGoogleHeader = (header: string[]): boolean =>
  (header.includes('Given Name') && header.includes('Family Name')) ||
  (header.includes('First Name') && header.includes('Phonetic First Name') && header.some((h) => /^E-mail \d+ - Value$/.test(h)));

const multi = (v: string | undefined): string[] => (v ?? '').split(':::').map((s) => s.trim()).filter(Boolean);

export function draftsFromGoogle(table: CsvTable): { drafts: ContactDraft[]; photos: number } {
  let photos = 0;
  const numbered = (prefix: string, suffix: string) => table.header.filter((h) => new RegExp(`^${prefix} \\d+ - ${suffix}$`).test(h));
  const emailCols = numbered('E-mail', 'Value');
  const phoneCols = numbered('Phone', 'Value');
  const websiteCols = numbered('Website', 'Value');
  const addressCols = numbered('Address', 'Formatted');
  const drafts = table.rows.map(({ line, values: v }) => {
    const d = emptyContact(`line ${line}`);
    d.first_name = v['First Name'] ?? v['Given Name'];
    d.last_name = v['Last Name'] ?? v['Family Name'];
    const middle = v['Middle Name'] ?? v['Additional Name'];
    if (middle?.trim()) d.first_name = `${d.first_name ?? ''} ${middle.trim()}`.trim();
    if (!d.first_name && !d.last_name) d.full_name = v['Name'] ?? v['File As'];
    for (const c of emailCols) d.emails.push(...multi(v[c]));
    for (const c of phoneCols) d.phones.push(...multi(v[c]));
    d.company = v['Organization Name'] ?? v['Organization 1 - Name'];
    d.job_title = v['Organization Title'] ?? v['Organization 1 - Title'];
    for (const c of websiteCols) for (const url of multi(v[c])) {
      if (/linkedin\.com\//i.test(url) && !d.linkedin_url) d.linkedin_url = url;
      else if (/(twitter|x)\.com\//i.test(url) && !d.twitter_url) d.twitter_url = url;
      else d.notes.push(`Website: ${url}`);
    }
    const address = addressCols.map((c) => v[c]?.trim()).find(Boolean);
    if (address) d.location = address.split('\n').map((line) => line.trim()).filter(Boolean).join(', ');
    const labels = multi(v['Labels'] ?? v['Group Membership']).map((l) => l.replace(/^\*\s*/, '')).filter((l) => !/^my ?contacts$|^starred$/i.test(l));
    d.tags.push(...labels);
    if (v['Notes']?.trim()) d.notes.unshift(v['Notes'].trim());
    if (v['Birthday']?.trim()) d.notes.push(`Birthday: ${v['Birthday'].trim()}`);
    if (v['Name Prefix']?.trim()) d.notes.push(`Name prefix: ${v['Name Prefix'].trim()}`);
    if (v['Name Suffix']?.trim()) d.notes.push(`Name suffix: ${v['Name Suffix'].trim()}`);
    const department = v['Organization Department'] ?? v['Organization 1 - Department'];
    if (department?.trim()) d.notes.push(`Department: ${department.trim()}`);
    if (v['Nickname']?.trim()) d.notes.push(`Nickname: ${v['Nickname'].trim()}`);
    if (v['Photo']?.trim()) photos++;
    return d;
  });
  return { drafts, photos };
}
