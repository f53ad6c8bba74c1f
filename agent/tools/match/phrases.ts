import { tokenize } from '../shared/find-skills.js';

// Words that never start or end a phrase worth adding to a résumé.
const STOP = new Set(('a an the and or of to in on for with by at from as is are be we you our your their this that these those it its ' +
  'will can able who what which how all any some more most strong solid deep good great excellent experience years year plus ' +
  'etc e.g ie work working team teams role join us help new including such like well across within into per using use based ' +
  'have has had must should would nice bonus preferred required requirements responsibilities ideally least other similar').split(' '));

/**
 * Two- and three-word phrases of the description that the résumé never uses ("payment infrastructure",
 * "developer platform"), most repeated first: what a reader of both texts would notice missing.
 */
export function missingPhrases(description: string, resume: string, limit: number): Array<{ phrase: string; count: number; excerpt: string }> {
  const cv = ` ${tokenize(resume).map((t) => t.key).join(' ')} `;
  const tokens = tokenize(description);
  const found = new Map<string, { phrase: string; count: number; at: number }>();
  for (let i = 0; i < tokens.length; i++) {
    for (const n of [3, 2]) {
      const span = tokens.slice(i, i + n);
      if (span.length < n || STOP.has(span[0].key) || STOP.has(span[n - 1].key) || span.some((t) => /^\d/.test(t.key))) continue;
      if (/[\n.;:!?]/.test(description.slice(span[0].start, span[n - 1].end))) continue;
      const key = span.map((t) => t.key).join(' ');
      if (cv.includes(` ${key} `)) continue;
      const entry = found.get(key) ?? { phrase: description.slice(span[0].start, span[n - 1].end), count: 0, at: span[0].start };
      entry.count++;
      found.set(key, entry);
    }
  }
  const lineAt = (at: number) => {
    const from = description.lastIndexOf('\n', at) + 1;
    const to = description.indexOf('\n', at);
    return description.slice(from, to < 0 ? undefined : to).trim().slice(0, 200);
  };
  return [...found.values()].filter((p) => p.count > 1 || p.phrase.includes(' ')).sort((a, b) => b.count - a.count || a.at - b.at)
    .slice(0, limit).map((p) => ({ phrase: p.phrase, count: p.count, excerpt: lineAt(p.at) }));
}
