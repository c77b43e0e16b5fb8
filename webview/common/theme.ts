/** Chart colours from VS Code's theme variables, and a hook for theme switches. */
export interface ChartColors {
  series: string[];
  foreground: string;
  lines: string;
  good: string;
  bad: string;
  font: string;
  background: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function chartColors(): ChartColors {
  const s = getComputedStyle(document.body);
  return {
    series: [
      cssVar(s, '--vscode-charts-blue', '#3794ff'),
      cssVar(s, '--vscode-charts-orange', '#d18616'),
      cssVar(s, '--vscode-charts-green', '#89d185'),
      cssVar(s, '--vscode-charts-purple', '#b180d7'),
      cssVar(s, '--vscode-charts-red', '#f14c4c'),
      cssVar(s, '--vscode-charts-yellow', '#cca700'),
    ],
    foreground: cssVar(s, '--vscode-charts-foreground', cssVar(s, '--vscode-foreground', '#cccccc')),
    lines: cssVar(s, '--vscode-charts-lines', 'rgba(128,128,128,0.5)'),
    good: cssVar(s, '--vscode-charts-green', '#89d185'),
    bad: cssVar(s, '--vscode-charts-red', '#f14c4c'),
    font: `${cssVar(s, '--vscode-font-size', '13px')} ${cssVar(s, '--vscode-font-family', 'sans-serif')}`,
    background: cssVar(s, '--vscode-editor-background', 'transparent'),
  };
}

/** Calls `onChange` when VS Code switches theme (it swaps vscode-light / vscode-dark / vscode-high-contrast on body). */
export function onThemeChange(onChange: () => void): () => void {
  let last = document.body.className;
  const observer = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => observer.disconnect();
}
