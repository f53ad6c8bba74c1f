/**
 * A posting's description is HTML (often entity-encoded HTML): the text the user reads, with
 * paragraphs and list items on their own lines. DOMParser documents are inert: no script runs.
 */
/** Elements that end a line, and those that end a paragraph (a blank line after them). */
const LINE = new Set(['BR', 'LI', 'DIV', 'TR', 'DT', 'DD', 'SECTION', 'ARTICLE', 'HR']);
const PARAGRAPH = new Set(['P', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'BLOCKQUOTE', 'PRE', 'DL']);
const PARA = '\u0001';

function textOf(node: Node, out: string[]): void {
  if (node.nodeType === 3) {
    out.push((node.nodeValue ?? '').replace(/\s+/g, ' '));
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
  const tag = (node as Element).tagName ?? '';
  if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') return;
  const brk = PARAGRAPH.has(tag) ? PARA : LINE.has(tag) ? '\n' : '';
  out.push(brk);
  if (tag === 'LI') out.push('• ');
  for (const child of Array.from(node.childNodes)) textOf(child, out);
  out.push(brk);
}

export function htmlToText(html: string): string {
  let source = html;
  // Some sites encode the HTML once more (&lt;p&gt;): decode that layer first.
  if (!/<[a-z!/]/i.test(source) && /&lt;\/?[a-z]/i.test(source)) {
    source = new DOMParser().parseFromString(source, 'text/html').documentElement.textContent ?? source;
  }
  const doc = new DOMParser().parseFromString(source, 'text/html');
  if (!/<[a-z!/]/i.test(source)) return tidy(doc.documentElement.textContent ?? '');
  const out: string[] = [];
  textOf(doc.body ?? doc, out);
  return tidy(joinBreaks(out.join('')));
}

// A run of breaks is one line break, or a blank line when a paragraph ends in it: the spaces and tabs
// before the run's first break and any whitespace after it go with it. What the global replace of
// [ \t]*[\n\u0001][\s\u0001]* does, without rescanning a long run of spaces from each of them.

function joinBreaks(text: string): string {
  let out = '';
  let from = 0;
  for (const { index } of text.matchAll(/[\n\u0001]/g)) {
    if (index < from) continue; // in the run just joined
    let start = index;
    while (start > from && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    let end = index + 1;
    while (end < text.length && (text[end] === PARA || /\s/.test(text[end]))) end++;
    out += text.slice(from, start) + (text.slice(index, end).includes(PARA) ? '\n\n' : '\n');
    from = end;
  }
  return out + text.slice(from);
}

function tidy(text: string): string {
  return text
    .split('\n').map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).replace(/\s+/g, ' ').trim();
  return text || null;
}
