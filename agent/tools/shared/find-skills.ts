import { SKILL_VOCABULARY, type SkillEntry } from './skill-vocabulary.js';

/** One skill found in a text, with where (character offsets) so that a reader can be shown it. */
export interface SkillHit { skill: string; start: number; end: number }

interface Token { text: string; key: string; start: number; end: number }

interface Alias { keys: string[]; skills: string[]; exact?: string }

// Word characters, with + and # kept at the end (C++, C#) and dots inside (Node.js, ASP.NET, Ph.D).
const TOKEN = /[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*[+#]*/g;

/** A token's comparison form: lower case, a final plural "s" dropped (APIs = API, OKRs = OKR). */
function keyOf(word: string): string {
  const w = word.toLowerCase();
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.includes('.') ? w.slice(0, -1) : w;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], key: keyOf(m[0]), start: m.index, end: m.index + m[0].length });
  return out;
}

export interface SkillMatcher {
  /** Every skill mentioned in the text, in order, longest alias first ("React Native" is not React). */
  find(text: string): SkillHit[];
  entry(name: string): SkillEntry | undefined;
  /** The skills a set of found skills stands for, with what they imply (EKS → AWS, Kubernetes). */
  withImplied(skills: Iterable<string>): Set<string>;
}

/** A matcher over a vocabulary, built once per vocabulary (its alias index is the costly part). */
export function createSkillMatcher(vocabulary: SkillEntry[] = SKILL_VOCABULARY): SkillMatcher {
  const byName = new Map(vocabulary.map((e) => [e.name, e]));
  const index = new Map<string, Alias[]>();
  const seen = new Map<string, Alias>();
  for (const entry of vocabulary) {
    for (const raw of [entry.name, ...entry.aliases]) {
      const exact = raw.startsWith('=') ? raw.slice(1) : undefined;
      // A name that is itself a short or ordinary word (Go, R, Room) is only matched through its exact-case alias.
      if (raw === entry.name && entry.aliases.some((a) => a.startsWith('=') && a.slice(1).toLowerCase() === raw.toLowerCase())) continue;
      const keys = tokenize(exact ?? raw).map((t) => t.key);
      if (keys.length === 0) continue;
      const id = `${exact ? '=' : ''}${keys.join(' ')}${exact ? `|${exact}` : ''}`;
      const existing = seen.get(id);
      if (existing) { if (!existing.skills.includes(entry.name)) existing.skills.push(entry.name); continue; }
      const alias: Alias = { keys, skills: [entry.name], ...(exact ? { exact } : {}) };
      seen.set(id, alias);
      const list = index.get(keys[0]) ?? [];
      list.push(alias);
      index.set(keys[0], list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.keys.length - a.keys.length);

  function find(text: string): SkillHit[] {
    const tokens = tokenize(text);
    const hits: SkillHit[] = [];
    for (let i = 0; i < tokens.length;) {
      const candidates = index.get(tokens[i].key);
      let matched = 0;
      for (const alias of candidates ?? []) {
        const n = alias.keys.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 1; k < n && ok; k++) {
          ok = tokens[i + k].key === alias.keys[k] && !/[\n.;:!?]/.test(text.slice(tokens[i + k - 1].end, tokens[i + k].start));
        }
        if (!ok) continue;
        if (alias.exact !== undefined) {
          if (tokens[i].text !== alias.exact) continue;
          // "R&D", "C-level": a one-letter name glued to & or - is another word.
          if (alias.exact.length === 1 && /^[&-]/.test(text.slice(tokens[i].end, tokens[i].end + 1))) continue;
        }
        for (const skill of alias.skills) hits.push({ skill, start: tokens[i].start, end: tokens[i + n - 1].end });
        matched = n;
        break;
      }
      i += matched || 1;
    }
    return hits;
  }

  function withImplied(skills: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const stack = [...skills];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (out.has(s)) continue;
      out.add(s);
      for (const implied of byName.get(s)?.implies ?? []) stack.push(implied);
    }
    return out;
  }

  return { find, entry: (name) => byName.get(name), withImplied };
}

let shared: SkillMatcher | undefined;
/** The matcher over Kith's vocabulary: immutable data, built on first use and shared. */
export function defaultSkillMatcher(): SkillMatcher {
  return (shared ??= createSkillMatcher());
}
