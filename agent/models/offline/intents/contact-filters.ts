import { findRelationship, findStrength } from '../entities.js';
import { readCompany } from '../names.js';
import { isQuestion, planTopicSearch } from './questions.js';
import { isCity } from './contact-details.js';
import { compact, single, type Plan, type PlanInput, type Step } from '../plan-types.js';
import type { ToolOutcome } from '../conversation.js';

const PLACE_ALIASES: Record<string, string> = { nyc: 'new york', ny: 'new york', sf: 'san francisco', la: 'los angeles', 'bay area': 'san francisco' };

const ROLE = /\b((?:product |engineering |hiring |marketing |data |software |ux |ui )?(?:designer|engineer|developer|founder|co-?founder|manager|director|scientist|analyst|marketer|investor|consultant|architect|writer|researcher|recruiter|cto|ceo|vp|pm))s?\b/i;

/** "designers in NYC", "contacts without a LinkedIn profile", "leads from cold outreach", "who works at Google?". */
export function planContactFilters(input: PlanInput): Plan | null {
  const t = input.text.trim();
  if (!isQuestion(t) && !/^(?:show|list|find|get|display|give|all|my|any)\b|^\w+s\s+(?:in|from|at|based|without|with|who|i)\b/i.test(t)) return null;
  const missing = /\b(?:without|with no|no|don'?t have|do not have|lack(?:ing)?|missing)\s+(?:an?\s+|any\s+)?(linked[\s\-]?in|e-?mail|phone|company|(?:job )?title)/i.exec(t)?.[1].toLowerCase();
  const missingField = missing
    ? /linked/.test(missing) ? 'linkedin_url' : /mail/.test(missing) ? 'email' : /phone/.test(missing) ? 'phone' : /company/.test(missing) ? 'company' : 'job_title'
    : undefined;
  const source = /\bcold[\s\-]?(?:outreach|emails?|calls?)\b/i.test(t) ? 'cold_outreach'
    : /\b(?:met|from) (?:at )?(?:conferences?|events?|meetups?)\b/i.test(t) ? 'networking_event'
      : /\breferr(?:als?|ed)\b/i.test(t) && /\b(?:contacts|people|leads|who)\b/i.test(t) ? 'referral'
        : /\bfrom linked[\s\-]?in\b/i.test(t) && !missing ? 'linkedin' : undefined;
  const placeMatch = /\b(?:in|based in|living in|located in|from|near)\s+([A-Za-z][\w\-]*(?:\s+[A-Z][\w\-]*)?)/.exec(t);
  // "in here", "in my CRM": where the contacts are kept, not where they live
  // a place is a name ("Berlin", "NYC", or a city in lower case); "in fintech" is a field of work
  const placeWord = placeMatch && (/^[A-Z]/.test(placeMatch[1]) || /^(?:nyc|sf|la)$/i.test(placeMatch[1]) || isCity(placeMatch[1].split(' ')[0])) && !/^(?:cold|linkedin|my|the|a|an|conferences?|events?|here|there|kith|crm|total|all)$/i.test(placeMatch[1])
    // "in November", "on Monday": a time, not a place
    && !/^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{4})\b/i.test(placeMatch[1]) ? placeMatch[1] : undefined;
  const companyAt = /\b(?:at|works? (?:at|for))\s+/i.exec(t);
  // "the hiring manager for the Figma role": the company of the job
  const forJob = /\bfor (?:the|my|their)\s+([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)?)\s+(?:role|job|position|opening|application|interview|team)\b/.exec(t)?.[1];
  const company = companyAt ? readCompany(t, companyAt.index + companyAt[0].length)?.name : forJob;
  // "tagged mentor": a tag, whatever word it is
  const tagged = /\btagged(?: (?:as|with))?\s+["'#]?([\w\-]+)/i.exec(t) ?? /\bwith (?:the )?tag\s+["'#]?([\w\-]+)/i.exec(t);
  const untagged = tagged ? t.slice(0, tagged.index) + t.slice(tagged.index + tagged[0].length) : t;
  const role = ROLE.exec(untagged)?.[1];
  const rel = findRelationship(untagged);
  const strength = /\bconnections?|contacts?|people|ties\b/i.test(t) ? findStrength(t) : undefined;
  const place = placeWord && !(company && placeWord === company) ? PLACE_ALIASES[placeWord.toLowerCase()] ?? placeWord : undefined;
  const fields = compact({
    tag: tagged?.[1].toLowerCase(),
    missing: missingField,
    contact_source: source,
    location: place,
    company,
    relationship_type: rel === 'recruiter' || rel === 'hiring_manager' || rel === 'mentor' ? rel : undefined,
    job_title: role && !(rel && /recruiter|hiring manager/i.test(role)) ? role.toLowerCase() : undefined,
    connection_strength: strength,
    limit: 50,
  });
  if (Object.keys(fields).length <= 1) return null;
  // "what's the email for my recruiter at Stripe?": the field of whoever matches
  const asked = /\be-?mail\b/i.test(t) ? 'email' : /\bphone|number\b/i.test(t) ? 'phone' : /\blinked[\s\-]?in\b/i.test(t) && !missingField ? 'linkedin_url' : undefined;
  const plan = single('find_contacts', 'find_contacts', fields, asked && !missingField ? { answer: { kind: 'field', field: asked } } : {});
  const notes = asked ? null : notesFallback(input, fields);
  return notes ? { ...plan, steps: [...plan.steps, notes] } : plan;
}

/** Fields of a contact's record that people also write in notes ("grew up in Medellín", "lives in New York City"). */
const SAID_IN_NOTES = new Set(['location', 'company', 'job_title', 'limit']);

const foundNone = (done: ToolOutcome[]): boolean => {
  const out = done[0]?.output as { contacts?: unknown[] } | undefined;
  return !done[0]?.error && Array.isArray(out?.contacts) && out.contacts.length === 0;
};

/**
 * "who's originally from Colombia?", "who is based in NYC?": when no contact's record has the
 * place, company or title asked for, the notes may say it; the question is then searched there
 * (a second step, made only when the filter found nobody). Not for what only a record holds (a
 * tag, a missing field, a source, a relationship).
 */
function notesFallback(input: PlanInput, fields: Record<string, unknown>): Step | null {
  if (!isQuestion(input.text) || !Object.keys(fields).every((f) => SAID_IN_NOTES.has(f))) return null;
  const search = planTopicSearch(input)?.steps[0];
  return search ? { ...search, when: foundNone } : null;
}
