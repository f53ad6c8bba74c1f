import { cleanText } from './html-text.js';
import { emailAt } from '../../../agent/tools/shared/text-spans.js';

/** What the popup shows and saves as a contact (the field names of add_contact, name still whole). */
export interface PersonDraft {
  name: string | null;
  job_title: string | null;
  company: string | null;
  email: string | null;
  profile_url: string;
}

/** "Staff Engineer at Stripe", "Staff Engineer @ Stripe", "Staff Engineer, Stripe". */
function titleAndCompany(line: string): { job_title: string | null; company: string | null } {
  const m = readAround(line, wordsAtOrAt(line)) ?? readAround(line, commas(line));
  return m ? { job_title: cleanText(m[0]), company: cleanText(m[1]) } : { job_title: cleanText(line), company: null };
}

/**
 * The line before and after a separator, as /^(.*?)SEPARATOR\s+(.+)$/ reads it, given where the
 * separators start and end (in order): the first one with whitespace and text after it, neither
 * side holding a line break (which "." does not match). Linear, where that expression is not.
 */
function readAround(line: string, separators: Iterable<[number, number]>): [string, string] | null {
  const breaks = [...line.matchAll(/[\n\r\u2028\u2029]/g)].map((b) => b.index);
  const firstBreak = breaks[0] ?? Infinity;
  const lastBreak = breaks.at(-1) ?? -1;
  for (const [start, end] of separators) {
    if (firstBreak < start) return null;
    let text = end;
    while (text < line.length && /\s/.test(line[text])) text++;
    if (text === end) continue;
    // (.+)$ takes what follows the whitespace, or the whitespace's last character when nothing does
    const after = text < line.length ? line.slice(text) : text - end > 1 ? line.slice(-1) : '';
    if (after && lastBreak < line.length - after.length) return [line.slice(0, start), after];
  }
  return null;
}

/** The words "at" and "@" with whitespace before them: from that whitespace to the word's end. */
function* wordsAtOrAt(line: string): Iterable<[number, number]> {
  const parts = line.split(/(\s+)/); // words and the whitespace between them, alternately
  for (let k = 0, at = 0; k < parts.length; at += parts[k].length, k++) {
    if (k >= 2 && k % 2 === 0 && /^(?:at|@)$/i.test(parts[k])) yield [at - parts[k - 1].length, at + parts[k].length];
  }
}

function* commas(line: string): Iterable<[number, number]> {
  for (let c = line.indexOf(','); c >= 0; c = line.indexOf(',', c + 1)) yield [c, c + 1];
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
  const found = emailAt(selection, 0);
  const email = found ? selection.slice(found.index, found.end) : null;
  const lines = (found ? selection.slice(0, found.index) + selection.slice(found.end) : selection).split(/\n|\s[–—-]\s|\s\|\s/).map((l) => l.trim()).filter(Boolean);
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
  const site = /\|\s*LinkedIn\s*$/i.exec(title);
  const parts = (site ? title.slice(0, site.index).trimEnd() : title).split(/\s[–—-]\s/).map((p) => p.trim()).filter(Boolean);
  if (isLinkedInProfile(pageUrl) && parts.length) {
    draft.name = parts[0];
    if (parts[1]) Object.assign(draft, titleAndCompany(parts[1]));
    if (parts[2]) draft.company = parts[2];
  }
  return draft;
}
