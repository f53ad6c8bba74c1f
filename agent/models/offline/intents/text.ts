/**
 * Small readers of a clause's text for the intent planners, in linear time. Each replaces an
 * expression that backtracks on a long run of one kind of character: /[.!]+$/, or a split on commas
 * with the spaces around them, rescans the run from each position it starts at, and
 * /^(.+?)\s+from\s+(.+)$/ tries every split of it.
 */

export { trimEndOf } from '../../../tools/shared/trim.js';

/**
 * The parts between the separators, without the spaces next to each: splitTrimmed("London , remote", ",")
 * → ["London", "remote"], as splitting at a comma and the spaces around it does (the text's own ends are kept).
 */
export function splitTrimmed(text: string, separator: string): string[] {
  const parts = text.split(separator);
  return parts.map((part, i) => {
    const start = i > 0 ? part.trimStart() : part;
    return i < parts.length - 1 ? start.trimEnd() : start;
  });
}

/**
 * The text around the first place `middle` matches after its first character, both sides trimmed and
 * neither empty nor over a line's end: splitAround("Dana from vip", /\sfrom\s/i) → ["Dana", "vip"]. As /^(.+?)\s+from\s+(.+)$/
 * reads it, when `middle` is written with single spaces (\s) at its edges.
 */
export function splitAround(text: string, middle: RegExp): [string, string, RegExpExecArray] | null {
  const m = middle.exec(text.slice(1));
  if (!m) return null;
  const before = text.slice(0, m.index + 1).trim();
  const after = text.slice(m.index + 1 + m[0].length).trim();
  return before && after && !LINE_BREAK.test(before) && !LINE_BREAK.test(after) ? [before, after, m] : null;
}

// (.+) never read past a line's end: neither side of what these read may run over one
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * The text between the end of `head` (its first match) and the start of `tail` (its first match after
 * the head, or the text's end when `tail` is left out), trimmed; null when the head is not found,
 * nothing is left between, or it runs over a line's end.
 */
export function between(text: string, head: RegExp, tail?: RegExp): string | null {
  const h = head.exec(text);
  if (!h) return null;
  const rest = text.slice(h.index + h[0].length);
  const t = tail ? tail.exec(rest) : null;
  if (tail && !t) return null;
  const inner = (t ? rest.slice(0, t.index) : rest).trim();
  return inner && !LINE_BREAK.test(inner) ? inner : null;
}
