import { cleanText } from './html-text.js';

/** What the popup shows and saves as a contact (the field names of add_contact, name still whole). */
export interface PersonDraft {
  name: string | null;
  job_title: string | null;
  company: string | null;
  email: string | null;
  profile_url: string;
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;

/** "Staff Engineer at Stripe", "Staff Engineer @ Stripe", "Staff Engineer, Stripe". */
function titleAndCompany(line: string): { job_title: string | null; company: string | null } {
  const m = /^(.*?)\s+(?:at|@)\s+(.+)$/i.exec(line) ?? /^(.*?),\s+(.+)$/.exec(line);
  return m ? { job_title: cleanText(m[1]), company: cleanText(m[2]) } : { job_title: cleanText(line), company: null };
}

/** www.linkedin.com/in/<name>, or a country host such as de.linkedin.com (read as a URL: any port). */
function isLinkedInProfile(pageUrl: string): boolean {
  try {
    const url = new URL(pageUrl);
    return /(^|\.)linkedin\.com$/i.test(url.hostname) && url.pathname.startsWith('/in/');
  } catch {
    return false;
  }
}

/**
 * The person the user selected (a name, then optionally "title at company" on the next line or after
 * a dash), else the page's schema.org Person, else a profile page's title ("Priya Patel - Staff
 * Engineer - Stripe | LinkedIn"). The user edits it in the popup before it is saved.
 */
export function extractPerson(doc: Document, pageUrl: string, selection: string): PersonDraft {
  const draft: PersonDraft = { name: null, job_title: null, company: null, email: null, profile_url: pageUrl };
  const email = EMAIL.exec(selection)?.[0] ?? null;
  const lines = selection.replace(EMAIL, '').split(/\n|\s[–—-]\s|\s\|\s/).map((l) => l.trim()).filter(Boolean);
  if (lines.length && lines[0].split(/\s+/).length <= 5) {
    draft.name = cleanText(lines[0]);
    if (lines[1]) Object.assign(draft, titleAndCompany(lines[1]));
    if (lines[2] && !draft.company) draft.company = cleanText(lines[2]);
    draft.email = email;
    return draft;
  }
  draft.email = email;
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
    try {
      const data = JSON.parse(script.textContent ?? '');
      const nodes = [data, ...(Array.isArray(data) ? data : []), ...((data && data['@graph']) ?? [])];
      const person = nodes.find((n) => n && (n['@type'] === 'Person' || (Array.isArray(n['@type']) && n['@type'].includes('Person'))));
      if (person) {
        draft.name = cleanText(person.name);
        draft.job_title = cleanText(Array.isArray(person.jobTitle) ? person.jobTitle[0] : person.jobTitle);
        const works = Array.isArray(person.worksFor) ? person.worksFor[0] : person.worksFor;
        draft.company = cleanText(typeof works === 'string' ? works : works?.name);
        draft.email ??= cleanText(person.email)?.replace(/^mailto:/, '') ?? null;
        return draft;
      }
    } catch { /* not JSON: another script may be */ }
  }
  const title = cleanText(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')) ?? cleanText(doc.title) ?? '';
  const parts = title.replace(/\s*\|\s*LinkedIn\s*$/i, '').split(/\s[–—-]\s/).map((p) => p.trim()).filter(Boolean);
  if (isLinkedInProfile(pageUrl) && parts.length) {
    draft.name = parts[0];
    if (parts[1]) Object.assign(draft, titleAndCompany(parts[1]));
    if (parts[2]) draft.company = parts[2];
  }
  return draft;
}
