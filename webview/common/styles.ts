/**
 * Style sheets under the webview's CSP: style-src allows only this load's nonce (on #root's
 * data-nonce) and the webview's own origin, so every <style> we add carries that nonce.
 */
export function pageNonce(): string | undefined {
  return document.getElementById('root')?.dataset.nonce || undefined;
}

export function injectStyles(...sheets: string[]): void {
  const nonce = pageNonce();
  for (const text of sheets) {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = text;
    document.head.append(style);
  }
}
