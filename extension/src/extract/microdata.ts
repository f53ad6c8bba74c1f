/**
 * HTML microdata (itemscope/itemprop) as JSON-LD-shaped objects, per the WHATWG microdata
 * algorithm's value rules, so that one reader (job-posting.ts) serves both notations.
 */
export type LdNode = Record<string, unknown>;

function propertyValue(el: Element): unknown {
  if (el.hasAttribute('itemscope')) return itemOf(el);
  const tag = el.tagName;
  if (tag === 'META') return el.getAttribute('content') ?? '';
  if (['A', 'AREA', 'LINK'].includes(tag)) return (el as HTMLAnchorElement).href || el.getAttribute('href') || '';
  if (['IMG', 'AUDIO', 'VIDEO', 'SOURCE', 'IFRAME', 'EMBED'].includes(tag)) return el.getAttribute('src') ?? '';
  if (tag === 'TIME') return el.getAttribute('datetime') ?? el.textContent ?? '';
  if (tag === 'DATA' || tag === 'METER') return el.getAttribute('value') ?? '';
  if (el.hasAttribute('content')) return el.getAttribute('content');
  // The description keeps its markup: the reader turns it into text with its line breaks.
  if (el.getAttribute('itemprop')?.split(/\s+/).includes('description')) return (el as HTMLElement).innerHTML;
  return el.textContent ?? '';
}

/** The properties of one item: descendants whose nearest itemscope is this element. */
export function itemOf(root: Element): LdNode {
  const item: LdNode = {};
  const type = root.getAttribute('itemtype');
  if (type) item['@type'] = type.split(/\s+/).map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
  const visit = (el: Element) => {
    for (const child of Array.from(el.children)) {
      const names = child.getAttribute('itemprop');
      if (names) {
        const value = propertyValue(child);
        for (const name of names.split(/\s+/).filter(Boolean)) {
          const prev = item[name];
          item[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
        }
      }
      if (!child.hasAttribute('itemscope')) visit(child);
    }
  };
  visit(root);
  return item;
}

/** Top-level items of the document (those that are not themselves a property of another). */
export function microdataItems(doc: Document): LdNode[] {
  return Array.from(doc.querySelectorAll('[itemscope]'))
    .filter((el) => !el.hasAttribute('itemprop'))
    .map(itemOf);
}
