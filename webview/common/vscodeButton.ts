/** A <vscode-button> (keyboard-operable, themed) built without HTML strings. */
import '@vscode-elements/elements/dist/vscode-button/index.js';

export function vscodeButton(label: string, onClick: () => void, options: { secondary?: boolean; icon?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (options.secondary) b.setAttribute('secondary', '');
  if (options.icon) b.setAttribute('icon', options.icon);
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

export function setDisabled(b: HTMLElement, disabled: boolean): void {
  b.toggleAttribute('disabled', disabled);
}
