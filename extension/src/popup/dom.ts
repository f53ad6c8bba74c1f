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

export function showResult(box: HTMLElement, title: string, lines: string[] = [], error = false): void {
  box.replaceChildren(el('h3', { text: title, className: error ? 'error' : '' }));
  if (lines.length) box.append(el('ul', {}, ...lines.map((l) => el('li', { text: l }))));
  box.hidden = false;
}

export function setStatus(text: string, error = false): void {
  const status = byId('status');
  status.textContent = text;
  status.className = error ? 'error' : '';
}
