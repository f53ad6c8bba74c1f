import { findEmail, findPhone, findRelationship, findStrength, findUrls, parseTagList } from '../entities.js';
import { readCompany, titleCase } from '../names.js';
import type { ToolInput } from '../plan-types.js';
import { compact } from '../plan-types.js';

const CITIES = /\b(new york|nyc|san francisco|sf|bay area|seattle|austin|boston|chicago|los angeles|la|denver|portland|miami|atlanta|toronto|vancouver|montreal|london|berlin|paris|amsterdam|dublin|lisbon|madrid|barcelona|munich|zurich|stockholm|copenhagen|oslo|helsinki|warsaw|prague|vienna|singapore|tokyo|sydney|melbourne|bangalore|bengaluru|mumbai|delhi|tel aviv|dubai|remote)\b/i;

export const isCity = (s: string): boolean => new RegExp(`^${CITIES.source}$`, 'i').test(s.trim());

const TITLE_BOUNDARY = /^(?:is|was|as|a|an|the|she's|he's|they're|who's|she’s|he’s|now|currently|their|his|her|my|and|met|add|added|i|from|works|working|new|contact|save|create)$/i;

const TITLE_START = /(?:^|,|;|\b(?:is|was|as|she's|he's|they're|she is|he is|who's|who is|now|currently|works as|working as)\s+)\s*(?:an?\s+|the\s+)?$/i;

/** "recruiter at Google", "she's a hiring manager at Vercel", "works at Stripe as a PM", "CTO of Linear". */
export function titleAndCompany(said: string, skipAtIndex = -1): { job_title?: string; company?: string } {
  const out: { job_title?: string; company?: string } = {};
  // "CTO at a seed startup named Tidepool": the company is the name (the same length keeps skipAtIndex right)
  const text = said.replace(/\b(an?\s+(?:[\w\-]+\s+){0,3}?(?:startup|company|agency|firm|studio|shop|consultancy|bank|lab|nonprofit|business|fund)\s+(?:named|called)\s+)(?=[A-Z0-9])/g, (m) => ' '.repeat(m.length));
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
      const titleMatch = /([A-Za-z][A-Za-z'’\-\/&]*(?:\s+[A-Za-z][A-Za-z'’\-\/&]*){0,5})$/.exec(before);
      if (!titleMatch) continue;
      const words = titleMatch[1].split(/\s+/);
      let k = words.length;
      while (k > 0 && !TITLE_BOUNDARY.test(words[k - 1])) k--;
      const title = words.slice(k).join(' ');
      const boundary = before.slice(0, before.length - title.length);
      if (!title || (!TITLE_START.test(boundary) && !/(?:^|,\s*|\s[-–—]\s*|^\s*[-–—]\s*)$/.test(boundary))) {
        if (word === 'at' && !out.company) out.company = company.name;
        continue;
      }
      if (word === 'with' && !/\b(?:engineer|manager|director|recruiter|lead|designer|developer|founder|cto|ceo|vp|head|partner|analyst|scientist|pm)\b/i.test(title)) continue;
      if (/^(?:works?|working|based|lives|located|met|coffee|lunch|dinner)$/i.test(title)) continue;
      out.job_title = titleCase(title);
      out.company = company.name;
    }
    const asTitle = /\bas\s+(?:an?\s+|the\s+|their\s+)?([A-Za-z][\w\-\/&]*(?:\s+[A-Za-z][\w\-\/&]*){0,4}?)(?=\s*(?:[,.;!]|$|\s+(?:and|at|in|since|now)\b))/i.exec(text.slice(m.index));
    if (asTitle && !out.job_title) out.job_title = titleCase(asTitle[1]);
    if (out.company) break;
  }
  if (!out.company) {
    // "referral from Ines", "intro from Sam": a person who introduced them, not an employer
    const from = /(?<!\b(?:referral|referred|intro|introduction|introduced|recommendation|recommended|message|email|text|note|call)\s+)\b(?:from|joined|works for|working for)\s+/i.exec(text);
    if (from) {
      const c = readCompany(text, from.index + from[0].length);
      if (c && !isCity(c.name) && /^[A-Z0-9]/.test(c.name)) out.company = c.name;
    }
  }
  return out;
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

export function sourceOf(text: string): { contact_source?: string; event?: string } {
  if (/\bcold[\s\-]?(?:emailed|email|called|call|messaged|outreach|reached|pitched|dm|intro|approach)/i.test(text)
    || /\b(?:reach(?:ed)? out|wrote|e-?mailed|messaged|called|pinged|contacted|approached|dm'?d)\b[^.,;]{0,24}\bcold\b|\bout of the blue\b/i.test(text)) return { contact_source: 'cold_outreach' };
  const met = /\b(?:met|bumped into|ran into)\s+(?:[A-Za-z][\w'’\-]*\s+){0,3}?(?:at|during)\s+(?:the\s+|a\s+|an\s+)?([^,.;!]+?)(?=\s*(?:[,.;!]|$|\s+(?:and|she|he|they|who|last|yesterday|today|on|this)\b))/i.exec(text);
  if (met && !/\b(?:with)\b/i.test(text.slice(met.index, met.index + 10))) return { contact_source: 'networking_event', event: met[1].trim() };
  if (/\b(?:conference|meetup|meet-up|summit|hackathon|networking|career fair|job fair|event|mixer)\b/i.test(text)) return { contact_source: 'networking_event' };
  if (/\b(?:referred|introduced|intro(?:duction)?)\b.*\bby\b|\breferral from\b|\bintro from\b|\bvia an? intro\b/i.test(text) || /\b[A-Z]\w+\s+(?:referred|introduced)\s+(?:her|him|them|us)\b/.test(text)) return { contact_source: 'referral' };
  if (/\b(?:on|via|through|from)\s+linked[\s\-]?in\b|\blinked[\s\-]?in\s+(?:connection|request)\b/i.test(text)) return { contact_source: 'linkedin' };
  return {};
}

export function tagsOf(text: string): string[] | undefined {
  const m = /\btag(?:ged|s)?(?:\s*:\s*|\s+(?:(?:her|him|them|it)\s+)?(?:(?:as|with)\s+|:\s*)?)([\w\-\s,&"']+?)(?=[.;!]|,\s*(?:she|he|they|who|and she|and he)\b|$)/i.exec(text);
  return m ? parseTagList(m[1]) : undefined;
}

/** Every contact field a sentence states about someone (not the name). */
export function contactDetails(text: string, skipAtIndex = -1): ToolInput {
  const urls = findUrls(text);
  const email = findEmail(text);
  const textNoUrls = text.replace(/\bhttps?:\/\/\S+|\b[\w.\-]+\.(?:com|io|dev)\/\S*/gi, ' ').replace(/[\w.+\-]+@[\w\-.]+/g, ' ');
  const { job_title, company } = titleAndCompany(textNoUrls, skipAtIndex);
  const rel = findRelationship(textNoUrls.replace(/\breferred by\b.*$/i, ''));
  const source = sourceOf(text);
  const notesMatch = /\b(?:notes?|remember|fyi)\s*:\s*(.+)$/i.exec(text);
  const notes = [source.event ? `Met at ${source.event}` : undefined, notesMatch?.[1]?.trim()].filter(Boolean).join('. ');
  // "Ben Okafor, freelance copywriter, ben@…": a role said on its own, between commas
  const bareRole = !job_title ? /(?:^|[,—–]\s*)((?:[a-z]+\s+){0,3}(?:engineer|designer|developer|copywriter|writer|founder|consultant|photographer|marketer|recruiter|manager|director|analyst|scientist|researcher|lawyer|accountant|architect|illustrator|editor|producer|freelancer|investor|advisor|coach))(?=\s*(?:,|$))/i.exec(textNoUrls)?.[1] : undefined;
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
