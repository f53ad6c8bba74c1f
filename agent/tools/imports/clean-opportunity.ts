import { OpportunityFields } from '../shared/schemas.js';
import { OpportunityStatus } from '../shared/schemas.js';
import type { OpportunityDraft } from './drafts.js';

export interface OpportunityValues {
  company_name: string; job_title: string | null; job_url: string | null; status: (typeof OpportunityStatus.options)[number];
  application_date: string | null; location: string | null; salary_range: string | null; job_description: string | null;
  next_action: string | null; next_action_date: string | null; priority_level: 'high' | 'medium' | 'low' | null; notes: string | null;
}

export type CleanOpportunity =
  | { ok: true; at: string; values: OpportunityValues; key: string; warnings: string[] }
  | { ok: false; at: string; reason: string; warnings: string[] };

type Field = 'job_title' | 'job_url' | 'application_date' | 'location' | 'salary_range' | 'job_description' | 'next_action' | 'next_action_date' | 'priority_level';

/** A job-tracker row as an opportunity: the rules are add_opportunity's; what they refuse goes to the notes. */
export function cleanOpportunity(d: OpportunityDraft): CleanOpportunity {
  const warnings: string[] = [];
  const notes = [...d.notes];
  const company = d.company_name?.trim();
  if (!company) return { ok: false, at: d.at, reason: 'no company', warnings };
  const check = (field: Field, raw: string | undefined): string | null => {
    const value = raw?.trim();
    if (!value) return null;
    const parsed = OpportunityFields.shape[field].safeParse(value);
    if (parsed.success) return (parsed.data as string | null) ?? null;
    notes.push(`${field}: ${value}`);
    warnings.push(`${d.at}: ${field} "${value.slice(0, 80)}" ${parsed.error.issues[0]?.message}; kept in the notes.`);
    return null;
  };
  const values: OpportunityValues = {
    company_name: company.slice(0, 200),
    job_title: check('job_title', d.job_title),
    job_url: check('job_url', d.job_url),
    status: (OpportunityStatus.safeParse(d.status).data ?? 'interested'),
    application_date: check('application_date', d.application_date),
    location: check('location', d.location),
    salary_range: check('salary_range', d.salary_range),
    job_description: check('job_description', d.job_description),
    next_action: check('next_action', d.next_action),
    next_action_date: check('next_action_date', d.next_action_date),
    priority_level: check('priority_level', d.priority_level) as OpportunityValues['priority_level'],
    notes: null,
  };
  if (d.status && values.status === 'applied' && !values.application_date) warnings.push(`${d.at}: applied, with no application date.`);
  const text = notes.map((n) => n.trim()).filter(Boolean).join('\n');
  if (text) {
    if (!OpportunityFields.shape.notes.safeParse(text).success) return { ok: false, at: d.at, reason: `its notes are too long to store (${text.length} characters)`, warnings };
    values.notes = text;
  }
  return { ok: true, at: d.at, values, key: opportunityKey(company, values.job_title), warnings };
}

export const opportunityKey = (company: string, title: string | null | undefined): string =>
  `${company.trim().normalize('NFC').toLowerCase()}|${(title ?? '').trim().normalize('NFC').toLowerCase()}`;
