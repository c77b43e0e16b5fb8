/** Chart colours from VS Code's theme variables, and a hook for theme switches. */
import { opaque } from './colors';

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
  const foreground = cssVar(s, '--vscode-charts-foreground', cssVar(s, '--vscode-foreground', '#cccccc'));
  // High contrast: the second series (validation) is drawn in the text colour, the strongest there is.
  const highContrast = ['vscode-high-contrast', 'vscode-high-contrast-light'].some((c) => document.body.classList.contains(c));
  const series = [
    cssVar(s, '--vscode-charts-blue', '#3794ff'),
    highContrast ? foreground : cssVar(s, '--vscode-charts-orange', '#d18616'),
    cssVar(s, '--vscode-charts-green', '#89d185'),
    cssVar(s, '--vscode-charts-purple', '#b180d7'),
    cssVar(s, '--vscode-charts-red', '#f14c4c'),
    cssVar(s, '--vscode-charts-yellow', '#cca700'),
  ].map(opaque);
  return {
    series,
    foreground,
    lines: cssVar(s, '--vscode-charts-lines', 'rgba(128,128,128,0.5)'),
    good: opaque(cssVar(s, '--vscode-charts-green', '#89d185')),
    bad: opaque(cssVar(s, '--vscode-charts-red', '#f14c4c')),
    font: `${cssVar(s, '--vscode-font-size', '13px')} ${cssVar(s, '--vscode-font-family', 'sans-serif')}`,
    background: surface(s),
  };
}

/** The colour behind the charts: the page's own, or the side bar's where the page is transparent. */
function surface(s: CSSStyleDeclaration): string {
  const own = s.backgroundColor;
  if (own && own !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(own)) return own;
  return cssVar(s, '--vscode-sideBar-background', cssVar(s, '--vscode-editor-background', 'transparent'));
}

/**
 * Publishes the chart palette as CSS variables (--lab-series-N) for the SVG charts' style sheets,
 * which cannot strip a theme colour's alpha themselves. Call at start and after each theme switch.
 */
export function publishChartPalette(): void {
  const { series } = chartColors();
  // On body: VS Code rewrites the --vscode-* variables on <html> at each theme switch.
  series.forEach((color, i) => document.body.style.setProperty(`--lab-series-${i + 1}`, color));
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
