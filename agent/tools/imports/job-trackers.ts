import { InvalidInputError } from '../shared/errors.js';
import type { CsvTable } from './csv-table.js';
import { parseDay } from './day-values.js';
import type { OpportunityDraft } from './drafts.js';

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

// Column names of Huntr's and Teal's job exports and of hand-made application lists.
const COLUMNS: Record<string, RegExp> = {
  company: /^(company|company name|employer|organization)$/,
  title: /^(job title|title|position|job position|role|job)$/,
  status: /^(status|stage|list|application status)$/,
  url: /^(job url|url|link|job link|job post url|posting url|job posting)$/,
  location: /^(location|city|job location)$/,
  salary: /^(salary|salary range|compensation|pay)$/,
  salaryMin: /^(min salary|min\. salary|salary min|minimum salary)$/,
  salaryMax: /^(max salary|max\. salary|salary max|maximum salary)$/,
  applied: /^(date applied|applied|applied on|application date|applied date)$/,
  added: /^(date added|date saved|created|created at|saved on|date created)$/,
  followUp: /^(date followup|date follow up|follow up date|followup date|next action date|deadline)$/,
  nextAction: /^(next action|next step)$/,
  notes: /^(notes?|comments?)$/,
  description: /^(description|job description)$/,
  excitement: /^(excitement|priority|rating|interest)$/,
};

// Huntr's lists, Teal's statuses, and the words people write, on Kith's pipeline.
const STATUSES: Array<[RegExp, string]> = [
  [/^(wish ?list|bookmarked|saved|interested|applying|to apply|prospect)$/, 'interested'],
  [/^(applied|application sent|submitted)$/, 'applied'],
  [/^(phone screen|screen|screening|recruiter screen)$/, 'phone_screen'],
  [/^(interview|interviewing|interviews|technical interview)$/, 'interview'],
  [/^(final round|final|onsite|on site)$/, 'final_round'],
  [/^(offer|offers|negotiating|accepted|offer accepted)$/, 'offer'],
  [/^(rejected|not selected|declined by company|no response|ghosted|closed)$/, 'rejected'],
  [/^(withdrawn|i withdrew|withdrew|declined|archived)$/, 'withdrawn'],
];

/** A table's rows (CSV, or JSON objects flattened to text) as opportunities. */
export function draftsFromApplications(rows: Array<{ at: string; values: Record<string, string> }>, header: string[], name: string): OpportunityDraft[] {
  const column: Partial<Record<keyof typeof COLUMNS, string>> = {};
  for (const h of header) {
    const n = norm(h);
    for (const [key, re] of Object.entries(COLUMNS)) if (!column[key as keyof typeof COLUMNS] && re.test(n)) column[key as keyof typeof COLUMNS] = h;
  }
  if (!column.company) throw new InvalidInputError('file', `${name}: no Company column in the header (${header.join(', ')}); an application needs the company. Nothing was imported.`);
  const used = new Set(Object.values(column));
  return rows.map(({ at, values }) => {
    const get = (key: keyof typeof COLUMNS) => (column[key] ? values[column[key]!]?.trim() : undefined) || undefined;
    const d: OpportunityDraft = { at, notes: [], company_name: get('company'), job_title: get('title'), location: get('location') };
    const status = get('status');
    if (status) {
      const hit = STATUSES.find(([re]) => re.test(status.toLowerCase().trim()));
      if (hit) d.status = hit[1];
      else d.notes.push(`Status: ${status}`);
    }
    const min = get('salaryMin');
    const max = get('salaryMax');
    d.salary_range = get('salary') ?? (min || max ? [min, max].filter(Boolean).join('–') : undefined);
    for (const [key, target] of [['applied', 'application_date'], ['followUp', 'next_action_date']] as const) {
      const raw = get(key);
      if (!raw) continue;
      const day = parseDay(raw);
      if (day) d[target] = day;
      else d.notes.push(`${column[key]}: ${raw}`);
    }
    if (d.next_action_date) d.next_action = get('nextAction') ?? 'Follow up';
    else if (get('nextAction')) d.notes.push(`Next action: ${get('nextAction')}`);
    const added = get('added');
    if (added) d.notes.push(`${column.added}: ${parseDay(added) ?? added}`);
    const excitement = get('excitement');
    if (excitement) {
      const n = Number(excitement);
      if (Number.isFinite(n) && n >= 1 && n <= 5) d.priority_level = n >= 4 ? 'high' : n >= 3 ? 'medium' : 'low';
      else if (/^(high|medium|low)$/i.test(excitement)) d.priority_level = excitement.toLowerCase();
      else d.notes.push(`${column.excitement}: ${excitement}`);
    }
    d.job_description = get('description');
    const url = get('url');
    if (url) d.job_url = url;
    if (get('notes')) d.notes.unshift(get('notes')!);
    for (const h of header) if (!used.has(h) && values[h]?.trim()) d.notes.push(`${h}: ${values[h].trim()}`);
    return d;
  });
}

export const tableRows = (table: CsvTable) => table.rows.map((r) => ({ at: `line ${r.line}`, values: r.values }));

/** A JSON list of applications: an array, or { applications: [...] } / { jobs: [...] }; values become text. */
export function applicationsFromJson(data: unknown, name: string): OpportunityDraft[] {
  const list = Array.isArray(data) ? data : (data as Record<string, unknown>)?.applications ?? (data as Record<string, unknown>)?.jobs;
  if (!Array.isArray(list)) throw new InvalidInputError('file', `${name}: expected an array of applications (or { "applications": [...] }). Nothing was imported.`);
  // Each object names its own keys ("company" in one, "company_name" in the next): mapped one by one.
  const rows = list.map((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new InvalidInputError('file', `${name}: applications[${i}] is not an object. Nothing was imported.`);
    const values = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]));
    return { at: `applications[${i}]`, values };
  });
  return rows.map((row) => draftsFromApplications([row], Object.keys(row.values), name)[0]);
}
