/** Small DOM helpers: text is always set as text, never as HTML (the page's data is untrusted). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  node.append(...children);
  return node;
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function fillForm(form: HTMLFormElement, values: object): void {
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements.namedItem(name) as HTMLInputElement | null;
    if (field && 'value' in field && value !== null && value !== undefined) field.value = String(value);
  }
}

/** The form's fields, trimmed; empty ones left out. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) out[name] = value.trim();
  return out;
}

/** A line of a result: plain text, or a heading line with the items under it (the people at a company). */
export type ResultLine = string | { text: string; items: string[] };

export function showResult(box: HTMLElement, title: string, lines: ResultLine[] = [], error = false): void {
  box.replaceChildren(el('h3', { text: title, className: error ? 'error' : '' }));
  for (const line of lines) {
    if (typeof line === 'string') box.append(el('p', { text: line }));
    else box.append(el('p', { text: line.text }), el('ul', {}, ...line.items.map((i) => el('li', { text: i }))));
  }
  box.hidden = false;
  // the job form fills most of the popup's 600 px: the answer would otherwise land out of sight
  box.scrollIntoView({ block: 'nearest' });
}

export function setStatus(text: string, error = false): void {
  const status = byId('status');
  status.textContent = text;
  status.className = error ? 'error' : '';
}
