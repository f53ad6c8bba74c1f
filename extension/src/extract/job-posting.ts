import { cleanText, htmlToText } from './html-text.js';
import { microdataItems, type LdNode } from './microdata.js';

/** What the popup shows and saves as an opportunity (the field names of add_opportunity). */
export interface JobDraft {
  job_title: string | null;
  company_name: string | null;
  location: string | null;
  salary_range: string | null;
  job_description: string | null;
  job_url: string;
  date_posted: string | null;
  employment_type: string | null;
  /** Where the fields came from: the posting's structured data or the page itself. */
  source: 'json-ld' | 'microdata' | 'page';
}

const isObject = (v: unknown): v is LdNode => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function typesOf(node: LdNode): string[] {
  return list(node['@type']).map((t) => String(t).replace(/^(https?:\/\/schema\.org\/|schema:)/, ''));
}

/** Every object in a JSON-LD document: arrays, @graph, nested values (mainEntity, itemListElement, ...). */
function allNodes(value: unknown, out: LdNode[] = [], depth = 0): LdNode[] {
  if (depth > 12) return out;
  if (Array.isArray(value)) for (const v of value) allNodes(v, out, depth + 1);
  else if (isObject(value)) {
    out.push(value);
    for (const v of Object.values(value)) if (typeof v === 'object') allNodes(v, out, depth + 1);
  }
  return out;
}

/** Career sites' JSON-LD is often not quite JSON: comments, CDATA, a trailing semicolon, raw newlines in strings. */
function parseJsonLd(text: string): unknown {
  const cleaned = text.replace(/^\s*<!--|-->\s*$/g, '').replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '').trim().replace(/;\s*$/, '');
  try {
    return JSON.parse(cleaned);
  } catch {
    try {
      return JSON.parse(cleaned.replace(/[\u0000-\u001f]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

function jsonLdNodes(doc: Document): LdNode[] {
  const nodes: LdNode[] = [];
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
    allNodes(parseJsonLd(script.textContent ?? ''), nodes);
  }
  return nodes;
}

/** An {"@id": ...} reference resolved against the other nodes of the page (a @graph's Organization). */
function resolver(nodes: LdNode[]) {
  const byId = new Map<string, LdNode>();
  for (const n of nodes) if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'] as string, n);
  return (v: unknown): unknown => (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1 ? byId.get(v['@id'] as string) ?? v : v);
}

const nameOf = (v: unknown, resolve: (v: unknown) => unknown): string | null => {
  for (const item of list(v)) {
    const r = resolve(item);
    const name = typeof r === 'string' ? cleanText(r) : isObject(r) ? cleanText(r.name) ?? cleanText(r.legalName) : null;
    if (name) return name;
  }
  return null;
};

function placeText(place: unknown, resolve: (v: unknown) => unknown): string | null {
  const p = resolve(place);
  if (typeof p === 'string') return cleanText(p);
  if (!isObject(p)) return null;
  const address = resolve(p.address);
  if (typeof address === 'string') return cleanText(address);
  if (isObject(address)) {
    const country = resolve(address.addressCountry);
    const parts = [address.addressLocality, address.addressRegion, isObject(country) ? country.name : country]
      .map(cleanText).filter((s): s is string => !!s);
    const unique = parts.filter((s, i) => parts.indexOf(s) === i);
    if (unique.length) return unique.join(', ');
  }
  return cleanText(p.name);
}

function locationOf(job: LdNode, resolve: (v: unknown) => unknown): string | null {
  const places = list(job.jobLocation).map((p) => placeText(p, resolve)).filter((s): s is string => !!s);
  const unique = places.filter((s, i) => places.indexOf(s) === i);
  const remote = list(job.jobLocationType).some((t) => /telecommute|remote/i.test(String(t)));
  if (remote) {
    const where = list(job.applicantLocationRequirements).map((r) => nameOf(r, resolve)).filter(Boolean);
    unique.unshift(where.length ? `Remote (${where.join(', ')})` : 'Remote');
  }
  return unique.length ? unique.join('; ') : null;
}

const UNIT: Record<string, string> = { HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' };

function amount(v: unknown): string | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;
  if (n === null) return cleanText(v);
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** baseSalary / estimatedSalary: a number, a text, a MonetaryAmount whose value is a number or a QuantitativeValue range. */
function salaryOf(job: LdNode, resolve: (v: unknown) => unknown): string | null {
  for (const raw of [...list(job.baseSalary), ...list(job.estimatedSalary)]) {
    const s = resolve(raw);
    if (typeof s === 'number' || typeof s === 'string') return amount(s);
    if (!isObject(s)) continue;
    const currency = cleanText(s.currency) ?? cleanText(job.salaryCurrency);
    const value = resolve(s.value);
    let range: string | null = null;
    let unit: string | null = cleanText(s.unitText);
    if (isObject(value)) {
      const min = amount(value.minValue);
      const max = amount(value.maxValue);
      range = min && max ? (min === max ? min : `${min}–${max}`) : min ?? max ?? amount(value.value);
      unit = cleanText(value.unitText) ?? unit;
    } else {
      const min = amount(s.minValue);
      const max = amount(s.maxValue);
      range = min && max ? `${min}–${max}` : amount(value) ?? min ?? max;
    }
    if (!range) continue;
    const per = unit ? UNIT[unit.toUpperCase()] ?? unit.toLowerCase() : null;
    return [currency, range].filter(Boolean).join(' ') + (per ? ` / ${per}` : '');
  }
  return null;
}

function absoluteHttp(value: unknown, base: string): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function canonicalUrl(doc: Document, pageUrl: string): string {
  const link = doc.querySelector('link[rel="canonical" i]')?.getAttribute('href');
  return absoluteHttp(link, pageUrl) ?? pageUrl;
}

const day = (v: unknown): string | null => {
  const s = cleanText(v);
  if (!s) return null;
  const iso = /^\d{4}-\d{2}-\d{2}/.exec(s);
  if (iso) return iso[0];
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
};

function clip(s: string | null, max: number): string | null {
  return s && s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

function fromNode(job: LdNode, nodes: LdNode[], doc: Document, pageUrl: string, source: JobDraft['source']): JobDraft {
  const resolve = resolver(nodes);
  const description = typeof job.description === 'string' ? htmlToText(job.description) : null;
  return {
    job_title: clip(cleanText(job.title) ?? cleanText(job.name), 200),
    company_name: clip(nameOf(job.hiringOrganization, resolve) ?? siteName(doc), 200),
    location: clip(locationOf(job, resolve), 200),
    salary_range: clip(salaryOf(job, resolve), 100),
    job_description: clip(description || null, 50_000),
    job_url: absoluteHttp(job.url, pageUrl) ?? canonicalUrl(doc, pageUrl),
    date_posted: day(job.datePosted),
    employment_type: list(job.employmentType).map(cleanText).filter(Boolean).join(', ') || null,
    source,
  };
}

function siteName(doc: Document): string | null {
  return cleanText(doc.querySelector('meta[property="og:site_name"]')?.getAttribute('content'));
}

const isJob = (n: LdNode) => typesOf(n).some((t) => t === 'JobPosting');

/**
 * The job on this page: the first JobPosting in its JSON-LD, else in its microdata, else what the
 * page itself says (its title, its address and the text the user selected).
 */
export function extractJobPosting(doc: Document, pageUrl: string, selection = ''): JobDraft {
  const ld = jsonLdNodes(doc);
  const ldJob = ld.find(isJob);
  if (ldJob) return fromNode(ldJob, ld, doc, pageUrl, 'json-ld');
  const md = microdataItems(doc).flatMap((item) => allNodes(item));
  const mdJob = md.find(isJob);
  if (mdJob) return fromNode(mdJob, md, doc, pageUrl, 'microdata');
  const ogTitle = cleanText(doc.querySelector('meta[property="og:title"]')?.getAttribute('content'));
  return {
    job_title: clip(ogTitle ?? cleanText(doc.title), 200),
    company_name: siteName(doc),
    location: null,
    salary_range: null,
    job_description: clip(cleanText(selection) ? selection.trim() : null, 50_000),
    job_url: canonicalUrl(doc, pageUrl),
    date_posted: null,
    employment_type: null,
    source: 'page',
  };
}
