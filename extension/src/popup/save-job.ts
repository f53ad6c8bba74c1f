import type { KithClient } from '../shared/kith-client.js';
import type { JobDraft } from '../extract/job-posting.js';
import type { ResultLine } from './dom.js';

interface Requirement { skill: string; alternatives?: string[] }
/** What add_opportunity stored of the match (agent/tools/match): the skills found and missing. */
interface MatchDetails { skills?: { found?: Requirement[]; missing?: Requirement[] } }
interface Opportunity { id: string; company_name: string; job_title: string | null; status: string; match_score: number | null; match_details?: MatchDetails | null }
interface Contact { id: string; first_name: string; last_name: string; job_title: string | null; company: string | null; relationship_type: string | null }

export interface JobSaved {
  opportunity: Opportunity;
  alreadySaved: boolean;
  known: Contact[];
}

/** add_opportunity (deduplicated by job_url in the tool), then the people the user knows there. */
export async function saveJob(kith: KithClient, form: Record<string, string>, draft: JobDraft | null): Promise<JobSaved> {
  const notes = [
    draft?.employment_type ? `Employment: ${draft.employment_type}` : null,
    'Saved from the browser extension',
  ].filter(Boolean).join('. ');
  const body = {
    company_name: form.company_name,
    job_title: form.job_title,
    location: form.location,
    salary_range: form.salary_range,
    job_description: form.job_description,
    job_url: form.job_url,
    // the posting's datePosted, a day as the extractor reads it (YYYY-MM-DD; the field is read-only)
    ...(form.date_posted ? { posted_date: form.date_posted } : {}),
    status: form.status ?? 'interested',
    notes,
  };
  const saved = await kith.post<{ opportunity: Opportunity; already_saved?: boolean }>('/opportunities', body);
  const company = saved.opportunity.company_name;
  const { contacts } = await kith.get<{ contacts: Contact[] }>(`/contacts?company=${encodeURIComponent(company)}&limit=10`);
  return { opportunity: saved.opportunity, alreadySaved: saved.already_saved === true, known: contacts };
}

const skillList = (list: Requirement[] | undefined) => (list ?? []).slice(0, 5).map((r) => r.alternatives?.join(' or ') ?? r.skill).join(', ');

export function describeJob(result: JobSaved): { title: string; lines: ResultLine[] } {
  const o = result.opportunity;
  const label = `${o.job_title ?? 'A role'} at ${o.company_name}`;
  const lines: ResultLine[] = [];
  // the score exists once Kith has a résumé and the posting a description (add_opportunity scores it)
  if (o.match_score !== null) {
    const found = skillList(o.match_details?.skills?.found);
    const missing = skillList(o.match_details?.skills?.missing);
    const why = [found ? `Found in your résumé: ${found}` : null, missing ? `Missing: ${missing}` : null].filter((x): x is string => x !== null);
    lines.push(why.length ? { text: `Match score: ${Math.round(o.match_score * 100)}%`, items: why } : `Match score: ${Math.round(o.match_score * 100)}%`);
  }
  if (result.known.length) {
    lines.push({
      text: `You know ${result.known.length} ${result.known.length === 1 ? 'person' : 'people'} at ${o.company_name}:`,
      items: result.known.map((c) => `${`${c.first_name} ${c.last_name}`.trim()}${c.job_title ? `, ${c.job_title}` : ''}`),
    });
  } else lines.push(`You know nobody at ${o.company_name} in Kith yet.`);
  return { title: result.alreadySaved ? `Already in Kith: ${label} (${o.status.replace('_', ' ')})` : `Saved ${label} (${o.status.replace('_', ' ')})`, lines };
}
