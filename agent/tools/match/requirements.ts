import type { SkillHit, SkillMatcher } from '../shared/find-skills.js';
import { SENIORITY_RANK } from '../shared/skill-vocabulary.js';

/** Where in a job description a skill was asked for; a requirement counts more than a bonus. */
export type Section = 'required' | 'duties' | 'general' | 'preferred';

export const SECTION_WEIGHT: Record<Section, number> = { required: 1, duties: 0.75, general: 0.6, preferred: 0.35 };

export interface Mention { start: number; end: number; excerpt: string; section: Section }

/** One thing the job asks for: a skill, or alternatives of which one is enough ("Go or Java"). */
export interface Requirement {
  skills: string[];
  label: string;
  section: Section;
  weight: number;
  mentions: Mention[];
}

export interface JobRequirements {
  requirements: Requirement[];
  /** "5+ years": the least experience asked for, when said. */
  years: number | null;
  /** The seniority word of the title or the text (Senior, Staff, Lead…), when there is one. */
  level: string | null;
}

// A header names its section; checked on a line's opening words only (bounded, linear).
const HEADERS: Array<[Section, RegExp]> = [
  ['preferred', /^(?:nice[ -]to[ -]haves?|bonus(?: points)?|preferred(?: qualifications)?|pluses|a plus|good to have|desirable|extra credit|it would be great if)\b/i],
  ['required', /^(?:requirements|required|qualifications|minimum qualifications|basic qualifications|must[ -]haves?|what you(?:'ll)? (?:need|bring)|what we(?:'re)? looking for|you have|about you|skills|who you are)\b/i],
  ['duties', /^(?:responsibilities|what you(?:'ll)? do|you will|you'll|the role|your role|in this role|day to day|what you will do)\b/i],
];
const INLINE_PREFERRED = /\b(?:a plus|is a plus|are a plus|nice to have|bonus|preferred|ideally|a bonus)\b/i;
// Between two skills of one list: commas, slashes, "and", "or", "or a similar".
const LIST_GAP = /^[\s,()]*(?:(?:and\/or|or|and|\/)\s*(?:(?:a|an|another|any|other)\s+)?(?:similar\s+)?)?$/i;
const YEARS = /(\d{1,2})(?:\s*\+)?(?:\s*(?:-|–|to))?(?:\s*\d{1,2})?(?:\s*\+)?\s*years?/gi;

interface Line { text: string; start: number }

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    // a long paragraph is its sentences, so "a plus" at the end of one does not cover the next
    let at = 0;
    for (const gap of raw.matchAll(/\s+/g)) {
      // between sentences: whitespace after ".", "!" or "?" and before a capital
      const end = gap.index + gap[0].length;
      if (!/[.!?]/.test(raw[gap.index - 1] ?? '') || !/[A-Z]/.test(raw[end] ?? '')) continue;
      out.push({ text: raw.slice(at, gap.index), start: start + at });
      at = end;
    }
    out.push({ text: raw.slice(at), start: start + at });
    start += raw.length + 1;
  }
  return out;
}

function headerOf(line: string): Section | null {
  const opening = line.replace(/^[\s\-*•#]+/, '').slice(0, 60);
  for (const [section, re] of HEADERS) if (re.test(opening)) return section;
  return null;
}

/**
 * The skills of one line, grouped: skills listed together form a chain, and a chain with an "or"
 * (or a slash) in it is one requirement of alternatives ("Go or Java", "Snowflake, BigQuery or
 * Redshift"); without one each is its own ("Docker and Kubernetes").
 */
function groupsOf(hits: SkillHit[], text: string): SkillHit[][] {
  const groups: SkillHit[][] = [];
  let chain: SkillHit[] = [];
  let alternative = false;
  const flush = () => {
    if (alternative) groups.push(chain);
    else for (const h of chain) groups.push([h]);
    chain = [];
    alternative = false;
  };
  for (const hit of hits) {
    const prev = chain[chain.length - 1];
    if (prev) {
      const gap = text.slice(prev.end, hit.start);
      if (gap.length <= 24 && LIST_GAP.test(gap)) alternative ||= /\bor\b|\//i.test(gap);
      else flush();
    }
    chain.push(hit);
  }
  if (chain.length > 0) flush();
  return groups;
}

function excerptOf(line: Line): string {
  const t = line.text.trim().replace(/^[\s\-*•]+/, '');
  return t.length > 200 ? `${t.slice(0, 197)}…` : t;
}

/**
 * What a job description asks for: the vocabulary's skills, each with the section it is in
 * (requirements, duties, nice to have) and every place it is mentioned; the years of experience
 * and the seniority asked for. Seniority words are read apart from skills.
 */
export function extractRequirements(description: string, matcher: SkillMatcher, title?: string | null): JobRequirements {
  const byKey = new Map<string, Requirement>();
  let section: Section = 'general';
  let years: number | null = null;
  let level: string | null = null;
  const rankOf = (s: string) => SENIORITY_RANK[s] ?? 0;
  for (const h of matcher.find(title ?? '')) {
    if (matcher.entry(h.skill)?.category === 'seniority' && rankOf(h.skill) > rankOf(level ?? '')) level = h.skill;
  }
  for (const line of linesOf(description)) {
    const header = headerOf(line.text);
    if (header) section = header;
    const lineSection: Section = section !== 'preferred' && INLINE_PREFERRED.test(line.text) ? 'preferred' : section;
    for (const m of line.text.matchAll(YEARS)) {
      const n = Number(m[1]);
      if (n > 0 && n < 40 && lineSection !== 'preferred') years = years === null ? n : Math.max(years, n);
    }
    const hits = matcher.find(line.text).map((h) => ({ ...h, start: h.start + line.start, end: h.end + line.start }));
    const skills = hits.filter((h) => matcher.entry(h.skill)?.category !== 'seniority');
    if (!title) {
      for (const h of hits) if (matcher.entry(h.skill)?.category === 'seniority' && rankOf(h.skill) > rankOf(level ?? '')) level = h.skill;
    }
    for (const group of groupsOf(skills, description)) {
      const names = [...new Set(group.map((h) => h.skill))];
      const key = [...names].sort().join('|');
      const mention: Mention = { start: group[0].start, end: group[group.length - 1].end, excerpt: excerptOf(line), section: lineSection };
      const existing = byKey.get(key);
      if (existing) {
        // one line saying it twice ("Kubernetes (k8s)") is one mention
        if (existing.mentions.some((x) => x.excerpt === mention.excerpt && Math.abs(x.start - mention.start) < line.text.length)) continue;
        existing.mentions.push(mention);
        if (SECTION_WEIGHT[lineSection] > SECTION_WEIGHT[existing.section]) existing.section = lineSection;
      } else {
        byKey.set(key, { skills: names, label: names.join(' or '), section: lineSection, weight: 0, mentions: [mention] });
      }
    }
  }
  // A skill asked for on its own makes an alternative naming it redundant ("Kafka" and "Spark or Kafka").
  const singles = new Set([...byKey.values()].filter((r) => r.skills.length === 1).map((r) => r.skills[0]));
  const requirements = [...byKey.values()].filter((r) => r.skills.length === 1 || !r.skills.some((s) => singles.has(s) && byKey.get(s)!.section === 'required'));
  for (const r of requirements) r.weight = Math.min(SECTION_WEIGHT[r.section] + 0.1 * (r.mentions.length - 1), SECTION_WEIGHT[r.section] + 0.3);
  requirements.sort((a, b) => b.weight - a.weight || a.mentions[0].start - b.mentions[0].start);
  return { requirements, years, level };
}

const YEAR_RANGE = /\b((?:19|20)\d{2})\s*(?:-|–|—|to)\s*((?:19|20)\d{2}|present|now|current|today)\b/gi;

/** Years of experience a résumé shows: what it says ("7 years of experience") or the span of its dated jobs. */
export function resumeYears(text: string, now: Date): number | null {
  let said: number | null = null;
  for (const m of text.matchAll(YEARS)) {
    const n = Number(m[1]);
    if (n > 0 && n < 50) said = Math.max(said ?? 0, n);
  }
  let first = Infinity;
  let last = -Infinity;
  for (const m of text.matchAll(YEAR_RANGE)) {
    const from = Number(m[1]);
    const to = /^\d/.test(m[2]) ? Number(m[2]) : now.getUTCFullYear();
    if (to >= from) { first = Math.min(first, from); last = Math.max(last, to); }
  }
  const span = Number.isFinite(first) ? last - first : null;
  if (said === null) return span;
  return span === null ? said : Math.max(said, span);
}

/** The highest seniority word of a résumé's first lines (its headline and latest title). */
export function resumeLevel(text: string, matcher: SkillMatcher): string | null {
  const head = text.split('\n').slice(0, 6).join('\n');
  let level: string | null = null;
  for (const h of matcher.find(head)) {
    if (matcher.entry(h.skill)?.category === 'seniority' && (SENIORITY_RANK[h.skill] ?? 0) > (SENIORITY_RANK[level ?? ''] ?? 0)) level = h.skill;
  }
  return level;
}

/** A description with its requirement and duty lines first, then the rest (what one vector should read). */
export function extractRequirementLines(description: string): string {
  const first: string[] = [];
  const rest: string[] = [];
  let section: Section = 'general';
  for (const line of linesOf(description)) {
    const header = headerOf(line.text);
    if (header) section = header;
    (section === 'required' || section === 'duties' ? first : rest).push(line.text);
  }
  return [...first, ...rest].join('\n');
}
