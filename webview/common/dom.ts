/** Tiny DOM helpers: elements are built with textContent, never from HTML strings. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) if (child != null) node.append(child);
  return node;
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Replaces a node's children. */
export function fill(node: Element, ...children: Array<Node | string | null | undefined>): void {
  clear(node);
  for (const child of children) if (child != null) node.append(child);
}

/** A codicon, hidden from screen readers (the control around it carries the words). */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
}

/** A native button (keyboard and screen readers for free). */
export function button(label: string, onClick: () => void, attrs: Record<string, string> = {}, ...before: Node[]): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, ...before, label);
  b.addEventListener('click', onClick);
  return b;
}

/** An icon-only button with an accessible name and a tooltip. */
export function iconButton(codicon: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label }, icon(codicon));
  b.addEventListener('click', onClick);
  return b;
}

/** Sets `hidden` without touching the layout otherwise. */
export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}
