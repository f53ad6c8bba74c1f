import { findEmail, findPhone, findRelationship, findStrength, findUrls, parseTagList } from '../entities.js';
import { readCompany, titleCase } from '../names.js';
import type { ToolInput } from '../plan-types.js';
import { compact } from '../plan-types.js';
import { between } from './text.js';

const CITIES = /\b(new york|nyc|san francisco|sf|bay area|seattle|austin|boston|chicago|los angeles|la|denver|portland|miami|atlanta|toronto|vancouver|montreal|london|berlin|paris|amsterdam|dublin|lisbon|madrid|barcelona|munich|zurich|stockholm|copenhagen|oslo|helsinki|warsaw|prague|vienna|singapore|tokyo|sydney|melbourne|bangalore|bengaluru|mumbai|delhi|tel aviv|dubai|remote)\b/i;

export const isCity = (s: string): boolean => new RegExp(`^${CITIES.source}$`, 'i').test(s.trim());

const TITLE_BOUNDARY = /^(?:is|was|as|a|an|the|she's|he's|they're|who's|she’s|he’s|now|currently|their|his|her|my|and|met|add|added|i|from|works|working|new|contact|save|create)$/i;

const TITLE_LEAD = /\b(?:is|was|as|she's|he's|they're|she is|he is|who's|who is|now|currently|works as|working as)$/i;

/** Whether a title can start after these words: the start, a comma, or "is", "works as" and the like, then "a" or "the". */
function opensTitle(before: string): boolean {
  const leads = (text: string, spaced: boolean) => text === '' || text.endsWith(',') || text.endsWith(';') || (spaced && TITLE_LEAD.test(text));
  const bare = before.trimEnd();
  const spaced = bare.length < before.length;
  if (leads(bare, spaced)) return true;
  const article = spaced ? /(?:an?|the)$/i.exec(bare) : null;
  if (!article) return false;
  const lead = bare.slice(0, article.index);
  return leads(lead.trimEnd(), lead.trimEnd().length < lead.length);
}

/**
 * The last words of the text, at most `max`, each starting with a letter ("… the Head of Talent" →
 * "the Head of Talent"); null when the text does not end in one.
 */
function lastWords(text: string, max: number): string | null {
  const inWord = (c: string) => /[A-Za-z'’\-\/&]/.test(c);
  let start = -1;
  let end = text.length;
  for (let n = 0; n < max; n++) {
    let i = end;
    while (i > 0 && inWord(text[i - 1])) i--;
    let first = i;
    while (first < end && !/[A-Za-z]/.test(text[first])) first++;
    if (first === end) break;
    start = first;
    if (first > i || i === 0 || !/\s/.test(text[i - 1])) break;
    end = i;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    if (end === 0 || !inWord(text[end - 1])) break;
  }
  return start < 0 ? null : text.slice(start);
}

/** "recruiter at Google", "she's a hiring manager at Vercel", "works at Stripe as a PM", "CTO of Linear". */
export function titleAndCompany(said: string, skipAtIndex = -1): { job_title?: string; company?: string } {
  const out: { job_title?: string; company?: string } = {};
  // "CTO at a seed startup named Tidepool": the company is the name (the same length keeps skipAtIndex right)
  const text = withoutNamedKind(said);
  const re = /\s(?:at|@|of|with)\s+/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index === skipAtIndex) continue;
    // "Head of Talent at Monzo": "of" inside a title, the company after "at"
    if (/^\s?of\s/i.test(m[0]) && /^[^,.;]*?\s(?:at|@)\s/i.test(text.slice(m.index + m[0].length))) continue;
    const company = readCompany(text, m.index + m[0].length);
    if (!company || isCity(company.name)) continue;
    const before = text.slice(0, m.index);
    const word = m[0].trim().toLowerCase();
    if (/\b(?:works?|working|worked|is|now|currently|employed|joined|was)\s*$/i.test(before) && word === 'at') {
      out.company = company.name;
    } else {
      const lastSix = lastWords(before, 6);
      if (!lastSix) continue;
      const words = lastSix.split(/\s+/);
      let k = words.length;
      while (k > 0 && !TITLE_BOUNDARY.test(words[k - 1])) k--;
      const title = words.slice(k).join(' ');
      const boundary = before.slice(0, before.length - title.length);
      if (!title || (!opensTitle(boundary) && !/(?:^|,\s*|\s[-–—]\s*|^\s*[-–—]\s*)$/.test(boundary))) {
        if (word === 'at' && !out.company) out.company = company.name;
        continue;
      }
      if (word === 'with' && !/\b(?:engineer|manager|director|recruiter|lead|designer|developer|founder|cto|ceo|vp|head|partner|analyst|scientist|pm)\b/i.test(title)) continue;
      if (/^(?:works?|working|based|lives|located|met|coffee|lunch|dinner)$/i.test(title)) continue;
      out.job_title = titleCase(title);
      out.company = company.name;
    }
    const asTitle = titleAfterAs(text.slice(m.index));
    if (asTitle && !out.job_title) out.job_title = titleCase(asTitle);
    if (out.company) break;
  }
  if (!out.company) {
    // "referral from Ines", "intro from Sam": a person who introduced them, not an employer
    const from = employerCue(text);
    if (from) {
      const c = readCompany(text, from);
      if (c && !isCity(c.name) && /^[A-Z0-9]/.test(c.name)) out.company = c.name;
    }
  }
  return out;
}

const KIND_OF_COMPANY = /^(?:startup|company|agency|firm|studio|shop|consultancy|bank|lab|nonprofit|business|fund)$/;

/**
 * "CTO at a seed startup named Tidepool" with "a seed startup named " blanked out (the same length
 * keeps skipAtIndex right): "a" or "an", at most three words, the kind of company, "named" or "called",
 * and a name.
 */
function withoutNamedKind(said: string): string {
  const words = [...said.matchAll(/\S+/g)];
  let out = said;
  for (let i = 0; i < words.length; i++) {
    if (!/^an?$/.test(words[i][0])) continue;
    for (let k = i + 1; k <= i + 4 && k + 2 < words.length; k++) {
      if (KIND_OF_COMPANY.test(words[k][0]) && /^(?:named|called)$/.test(words[k + 1][0]) && /^[A-Z0-9]/.test(words[k + 2][0])) {
        const from = words[i].index!;
        const to = words[k + 2].index!;
        out = out.slice(0, from) + ' '.repeat(to - from) + out.slice(to);
        i = k + 1;
        break;
      }
      if (!/^[\w\-]+$/.test(words[k][0])) break;
    }
  }
  return out;
}

/** "… as a senior PM, …": at most five words after "as" (and "a", "the", "their"), up to a comma, the end, or "and", "at", "since". */
function titleAfterAs(text: string): string | null {
  for (const as of text.matchAll(/\bas\s/gi)) {
    let at = as.index! + as[0].length;
    while (/\s/.test(text[at] ?? '')) at++;
    const article = /^(?:an?|the|their)\s/i.exec(text.slice(at, at + 7));
    for (const from of article ? [at + article[0].length, at] : [at]) {
      let start = from;
      while (/\s/.test(text[start] ?? '')) start++;
      let end = start;
      for (let n = 0; n < 5; n++) {
        const word = /^[A-Za-z][\w\-\/&]*/.exec(text.slice(end, end + 80));
        if (!word) break;
        end += word[0].length;
        let next = end;
        while (/\s/.test(text[next] ?? '')) next++;
        if (next === text.length || /[,.;!]/.test(text[next]) || (next > end && /^(?:and|at|in|since|now)\b/i.test(text.slice(next, next + 6)))) return text.slice(start, end);
        if (next === end) break;
        end = next;
      }
    }
  }
  return null;
}

/**
 * Where an employer's name starts after "from", "joined" or "works for", unless the words before make
 * it a person who introduced them ("referral from Ines", "intro from Sam").
 */
function employerCue(text: string): number | null {
  for (const m of text.matchAll(/\b(?:from|joined|works for|working for)\s/gi)) {
    const before = text.slice(Math.max(0, m.index! - 40), m.index!);
    if (before.trimEnd().length < before.length && /\b(?:referral|referred|intro|introduction|introduced|recommendation|recommended|message|email|text|note|call)$/i.test(before.trimEnd())) continue;
    return m.index! + m[0].length;
  }
  return null;
}

export function locationOf(text: string): string | undefined {
  const m = /\b(?:based in|lives in|living in|located in|relocated to|moving to|moved to|from)\s+([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*(?:,\s*[A-Z]{2,}\b)?)/.exec(text);
  if (m && (/\b(?:based|lives|living|located|relocated)\b/i.test(m[0]) || isCity(m[1]))) return m[1];
  const city = /\bin\s+([A-Z][\w]+(?:\s+[A-Z][\w]+)?)\b/.exec(text);
  if (city && isCity(city[1])) return city[1];
  // ", toronto." or ", in Sydney,": a city said on its own between commas, in any case
  const bare = /(?:^|,\s*)(?:in\s+|based in\s+)?([A-Za-z][a-z]+(?:\s+[A-Za-z][a-z]+)?)\s*(?=[,.;]|$)/g;
  let b: RegExpExecArray | null;
  while ((b = bare.exec(text))) if (isCity(b[1])) return b[1].replace(/\b[a-z]/g, (c) => c.toUpperCase());
  return undefined;
}

const EVENT_ENDS = /^(?:and|she|he|they|who|last|yesterday|today|on|this)\b/i;

/**
 * "met her at the Figma meetup last week": where the meeting is told, and the event, up to a
 * comma, the end, or "and", "she", "last" … (at most three words between "met" and "at").
 */
function metAt(text: string): { index: number; event: string } | null {
  for (const m of text.matchAll(/\b(?:met|bumped into|ran into)\s/gi)) {
    const after = m.index! + m[0].length;
    const words = [...text.slice(after, after + 300).matchAll(/\S+/g)];
    for (let n = 0; n <= 3 && n + 1 < words.length; n++) {
      if (n > 0 && !/^[A-Za-z][\w'’\-]*$/.test(words[n - 1][0])) break;
      if (!/^(?:at|during)$/i.test(words[n][0])) continue;
      const next = words[n + 1];
      const starts = /^(?:the|a|an)$/i.test(next[0]) && n + 2 < words.length ? [words[n + 2], next] : [next];
      for (const w of starts) {
        const event = eventFrom(text, after + w.index!);
        if (event) return { index: m.index!, event };
      }
    }
  }
  return null;
}

/** The event named from `start`: no comma, period, semicolon or "!" in it, up to the first place it can end. */
function eventFrom(text: string, start: number): string | null {
  for (let p = start + 1; p <= text.length; p++) {
    if (/[,.;!]/.test(text[p - 1])) return null;
    let q = p;
    while (q < text.length && /\s/.test(text[q])) q++;
    if (q === text.length || /[,.;!]/.test(text[q]) || (q > p && EVENT_ENDS.test(text.slice(q, q + 10)))) return text.slice(start, p).trim();
    p = Math.max(p, q - 1);
  }
  return null;
}

export function sourceOf(text: string): { contact_source?: string; event?: string } {
  if (/\bcold[\s\-]?(?:emailed|email|called|call|messaged|outreach|reached|pitched|dm|intro|approach)/i.test(text)
    || /\b(?:reach(?:ed)? out|wrote|e-?mailed|messaged|called|pinged|contacted|approached|dm'?d)\b[^.,;]{0,24}\bcold\b|\bout of the blue\b/i.test(text)) return { contact_source: 'cold_outreach' };
  const met = metAt(text);
  if (met && !/\b(?:with)\b/i.test(text.slice(met.index, met.index + 10))) return { contact_source: 'networking_event', event: met.event };
  if (/\b(?:conference|meetup|meet-up|summit|hackathon|networking|career fair|job fair|event|mixer)\b/i.test(text)) return { contact_source: 'networking_event' };
  if (referredBy(text) || /\breferral from\b|\bintro from\b|\bvia an? intro\b/i.test(text) || /\b[A-Z]\w+\s+(?:referred|introduced)\s+(?:her|him|them|us)\b/.test(text)) return { contact_source: 'referral' };
  if (/\b(?:on|via|through|from)\s+linked[\s\-]?in\b|\blinked[\s\-]?in\s+(?:connection|request)\b/i.test(text)) return { contact_source: 'linkedin' };
  return {};
}

export function tagsOf(text: string): string[] | undefined {
  // the tags: after "tag" ("tagged her as", "tags:"), up to a sentence's end or ", she …"
  let failedAt = -1;
  for (const tag of text.matchAll(/\btag(?:ged|s)?/gi)) {
    const from = tag.index! + tag[0].length;
    if (from < failedAt) continue;
    const lead = /^(?:\s*:\s*|\s+(?:(?:her|him|them|it)\s+)?(?:(?:as|with)\s+|:\s*)?)/i.exec(text.slice(from, from + 40));
    if (!lead) continue;
    const start = from + lead[0].length;
    let end = start;
    while (end < text.length && /[\w\-\s,&"']/.test(text[end]) && !(text[end] === ',' && /^,\s*(?:she|he|they|who|and she|and he)\b/i.test(text.slice(end, end + 16)))) end++;
    const ends = end === text.length || /[.;!,]/.test(text[end]);
    if (ends && end > start) return parseTagList(text.slice(start, end));
    if (!ends) failedAt = end;
  }
  return undefined;
}

/** "referred to me by Sam", "introduced by Ana": the word, then "by" later on its line. */
function referredBy(text: string): boolean {
  return text.split(/[\n\r\u2028\u2029]/).some((line) => {
    const m = /\b(?:referred|introduced|intro(?:duction)?)\b/i.exec(line);
    return !!m && /\bby\b/i.test(line.slice(m.index + m[0].length));
  });
}

/** The text with its links ("https://…", "acme.com/…") each made a space. */
function withoutLinks(text: string): string {
  return text.split(/(\s+)/).map((word) => {
    const http = /\bhttps?:\/\//i.exec(word);
    // "(see acme.io/jobs)": the link starts at the first letter or digit before ".io/"
    const site = /\.(?:com|io|dev)\//i.exec(word);
    let from = http ? http.index : -1;
    if (site) {
      let i = site.index;
      while (i > 0 && /[\w.\-]/.test(word[i - 1])) i--;
      while (i < site.index && !/\w/.test(word[i])) i++;
      if (i < site.index && (from < 0 || i < from)) from = i;
    }
    return from < 0 ? word : `${word.slice(0, from)} `;
  }).join('');
}

/** The text with each email address made a space. */
function withoutEmails(text: string): string {
  let out = '';
  let done = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let from = at;
    while (from > done && /[\w.+\-]/.test(text[from - 1])) from--;
    let to = at + 1;
    while (to < text.length && /[\w\-.]/.test(text[to])) to++;
    if (from === at || to === at + 1) continue;
    out += `${text.slice(done, from)} `;
    done = to;
    at = to - 1;
  }
  return out + text.slice(done);
}

const ROLE_ALONE = /^(?:[a-z]+\s+){0,3}(?:engineer|designer|developer|copywriter|writer|founder|consultant|photographer|marketer|recruiter|manager|director|analyst|scientist|researcher|lawyer|accountant|architect|illustrator|editor|producer|freelancer|investor|advisor|coach)$/i;

/** "Ben Okafor, freelance copywriter, ben@…": a role said on its own, at the start or after a comma or dash, up to a comma. */
function roleAlone(text: string): string | undefined {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (!/[,—–]/.test(text[i])) continue;
    let s = i + 1;
    while (s < text.length && /\s/.test(text[s])) s++;
    starts.push(s);
  }
  for (const s of starts) {
    const comma = text.indexOf(',', s);
    const part = text.slice(s, comma < 0 ? text.length : comma).trimEnd();
    if (ROLE_ALONE.test(part)) return part;
  }
  return undefined;
}

/** Every contact field a sentence states about someone (not the name). */
export function contactDetails(text: string, skipAtIndex = -1): ToolInput {
  const urls = findUrls(text);
  const email = findEmail(text);
  const textNoUrls = withoutEmails(withoutLinks(text));
  const { job_title, company } = titleAndCompany(textNoUrls, skipAtIndex);
  const referredBy = /\breferred by\b/i.exec(textNoUrls);
  const rel = findRelationship(referredBy ? textNoUrls.slice(0, referredBy.index) : textNoUrls);
  const source = sourceOf(text);
  const notesSaid = between(text, /\b(?:notes?|remember|fyi)\s*:/i);
  const notes = [source.event ? `Met at ${source.event}` : undefined, notesSaid].filter(Boolean).join('. ');
  // "Ben Okafor, freelance copywriter, ben@…": a role said on its own, between commas
  const bareRole = !job_title ? roleAlone(textNoUrls) : undefined;
  return compact({
    email,
    phone: findPhone(textNoUrls),
    company,
    job_title: job_title ?? (bareRole ? titleCase(bareRole) : undefined) ?? (rel === 'recruiter' ? 'Recruiter' : rel === 'hiring_manager' ? 'Hiring Manager' : undefined),
    linkedin_url: urls.linkedin,
    twitter_url: urls.twitter,
    location: locationOf(textNoUrls),
    contact_source: source.contact_source,
    relationship_type: rel === 'referral' && source.contact_source === 'referral' ? undefined : rel,
    connection_strength: findStrength(textNoUrls),
    notes: notes || undefined,
    tags: tagsOf(text),
  });
}
