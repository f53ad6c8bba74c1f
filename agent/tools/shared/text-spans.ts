/**
 * E-mail addresses (and other spans) in free text, found in linear time. The expression they stand
 * for, /[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+/, is quadratic as a search: a long run of address
 * characters with no "@" in it is rescanned from each of its characters (a 1 MB message froze the
 * offline model). Here each "@" is found with indexOf and the address grown from it both ways.
 * Pure: the extension bundles this file too.
 */

/** Where a match is in a text: text.slice(index, end). */
export interface Span { index: number; end: number }

/** The first span a finder finds in `text` that starts at or after `from`, or null. */
export type SpanFinder = (text: string, from: number) => Span | null;

/** [\w\-] by character code (NaN past either end is neither). */
const isLabel = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
/** [\w.+\-] */
const isLocal = (c: number) => isLabel(c) || c === 46 || c === 43;

/** Where the domain that starts at `at` ends (labels joined by dots, two at least), or -1. */
function domainEnd(text: string, at: number): number {
  let end = at;
  let labels = 0;
  for (;;) {
    const start = end;
    while (isLabel(text.charCodeAt(end))) end++;
    if (end === start) return -1; // the first label only: a dot is taken only when a label follows it
    labels++;
    if (text[end] !== '.' || !isLabel(text.charCodeAt(end + 1))) return labels >= 2 ? end : -1;
    end++;
  }
}

/** The first address at or after `from`, as /[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+/g with lastIndex `from` would find it. */
export const emailAt: SpanFinder = (text, from) => {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    let index = at;
    while (index > from && isLocal(text.charCodeAt(index - 1))) index--; // stops at the "@" before, at the latest
    if (index === at) continue;
    const end = domainEnd(text, at + 1);
    if (end >= 0) return { index, end };
  }
  return null;
};

/** The first address in `text` ("ana@x.io" in "mail ana@x.io."), or undefined. */
export function firstEmail(text: string): string | undefined {
  const span = emailAt(text, 0);
  return span ? text.slice(span.index, span.end) : undefined;
}

/** The first "<…>" at or after `from`, as /<[^>]*>/g finds it (a "<" with no ">" after it is no span). */
export const angleAt: SpanFinder = (text, from) => {
  const index = text.indexOf('<', from);
  const close = index < 0 ? -1 : text.indexOf('>', index + 1);
  return close < 0 ? null : { index, end: close + 1 };
};

/** A finder for a global expression's matches (none of them empty). */
export function matchesOf(re: RegExp): SpanFinder {
  if (!re.global) throw new Error('matchesOf needs a global expression');
  return (text, from) => {
    re.lastIndex = from;
    const m = re.exec(text);
    return m ? { index: m.index, end: m.index + m[0].length } : null;
  };
}

/**
 * `text` with every span the finders find replaced by `by`, as /A|B|…/g would replace them: the
 * leftmost span first, the earlier finder's when two start together, the search going on after it.
 */
export function replaceSpans(text: string, finders: SpanFinder[], by: string): string {
  const next: Array<Span | null | undefined> = finders.map(() => undefined);
  let out = '';
  let from = 0;
  for (;;) {
    let pick: Span | null = null;
    finders.forEach((find, i) => {
      // A span found before still comes first while it starts at or after `from`.
      if (next[i] === undefined || (next[i] && next[i]!.index < from)) next[i] = find(text, from);
      const span = next[i];
      if (span && (!pick || span.index < pick.index)) pick = span;
    });
    if (!pick) return out + text.slice(from);
    const { index, end } = pick as Span;
    out += text.slice(from, index) + by;
    from = end;
  }
}
