/**
 * Building the page's elements. Text always goes in as text (textContent or a Text node), never as HTML:
 * every string from a server or the user is shown exactly as written.
 */
export type Child = Node | string | false | null | undefined;
export interface Props { [attr: string]: string | number | boolean | undefined }

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'className') e.className = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== false && c !== null && c !== undefined) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** A codicon (the font from @vscode/codicons), hidden from screen readers. */
export function icon(name: string): HTMLElement {
  return h('span', { className: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function button(label: string, onClick: () => void, props: Props = {}, iconName?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', ...props }, iconName ? icon(iconName) : null, label);
  b.addEventListener('click', onClick);
  return b;
}

let ids = 0;
/** A labelled field: the label names the control (for screen readers and clicks). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f${++ids}`;
  control.id = id;
  const hintEl = hint ? h('div', { className: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { className: 'field' }, h('label', { for: id }, label), control, hintEl);
}
