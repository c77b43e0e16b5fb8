/**
 * Test accuracy against training time, one point per completed run, with the Pareto front drawn.
 * SVG, so each point carries its run's name as a tooltip and is reachable by keyboard; colours come
 * from theme variables in the style sheet and follow theme changes by themselves.
 */
import { paretoFront } from '../../src/shared/analysis/pareto';
import type { ResultRow } from '../../src/shared/results/row';
import { el } from '../common/dom';
import { clock, percent } from '../common/format';
import { t } from '../common/i18n';
import { TIME_STEPS, niceTicks, svg } from '../common/svg';

interface Point {
  row: ResultRow;
  accuracy: number;
  seconds: number;
}

const W = 360;
const H = 230;
const M = { left: 52, right: 14, top: 12, bottom: 40 };

export function paretoSection(rows: readonly ResultRow[], bestRunId: string | undefined, onSelect: (runId: string) => void): HTMLElement {
  const points: Point[] = rows
    .filter((r) => r.status === 'completed' && typeof r.testAcc === 'number' && Number.isFinite(r.testAcc) && r.trainSeconds > 0)
    .map((row) => ({ row, accuracy: row.testAcc!, seconds: row.trainSeconds }));
  const section = el('section', { class: 'pareto', 'aria-labelledby': 'pareto-heading' }, el('h2', { id: 'pareto-heading' }, t('exp.pareto.heading')));
  if (points.length < 2) {
    section.append(el('p', { class: 'muted' }, t('exp.pareto.needTwo')));
    return section;
  }
  const front = paretoFront(points);
  const onFront = new Set(front.map((p) => p.row.runId));
  const label = (p: Point) => t('exp.pareto.point', p.row.name, percent(p.accuracy), clock(p.seconds));

  // 5 % headroom: the slowest run's point sits inside the plot, not on its edge.
  const xTicks = niceTicks(0, Math.max(...points.map((p) => p.seconds)) * 1.05, 4, TIME_STEPS);
  const xMax = xTicks[xTicks.length - 1];
  const accs = points.map((p) => p.accuracy);
  const pad = Math.max(0.002, (Math.max(...accs) - Math.min(...accs)) * 0.05);
  const yTicks = niceTicks(Math.max(0, Math.min(...accs) - pad), Math.min(1, Math.max(...accs) + pad), 4);
  const [yMin, yMax] = [yTicks[0], yTicks[yTicks.length - 1]];
  const x = (s: number) => M.left + (s / xMax) * (W - M.left - M.right);
  const y = (a: number) => H - M.bottom - ((a - yMin) / (yMax - yMin || 1)) * (H - M.top - M.bottom);

  const plot = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'scatter', role: 'group', 'aria-label': t('exp.pareto.heading') });
  for (const v of xTicks) {
    plot.append(svg('line', { class: 'grid', x1: x(v), x2: x(v), y1: M.top, y2: H - M.bottom }), svg('text', { class: 'tick', x: x(v), y: H - M.bottom + 14, 'text-anchor': 'middle' }, clock(v)));
  }
  for (const v of yTicks) {
    plot.append(svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }), svg('text', { class: 'tick', x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, percent(v, 1)));
  }
  plot.append(
    svg('text', { class: 'axis-label', x: (M.left + W - M.right) / 2, y: H - 6, 'text-anchor': 'middle' }, t('exp.pareto.xAxis')),
    svg('text', { class: 'axis-label', x: 12, y: (M.top + H - M.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})` }, t('exp.pareto.yAxis')),
    svg('polyline', { class: 'front-line', points: front.map((p) => `${x(p.seconds)},${y(p.accuracy)}`).join(' ') }),
  );
  for (const p of points) {
    const classes = ['pt', onFront.has(p.row.runId) ? 'front' : '', p.row.runId === bestRunId ? 'best' : ''].filter(Boolean).join(' ');
    const text = onFront.has(p.row.runId) ? `${label(p)} (Pareto)` : label(p);
    const dot = svg('circle', { class: classes, cx: x(p.seconds), cy: y(p.accuracy), r: p.row.runId === bestRunId ? 6 : 4.5, tabindex: 0, role: 'button', 'aria-label': text }, svg('title', {}, text));
    const select = () => onSelect(p.row.runId);
    dot.addEventListener('click', select);
    dot.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select();
      }
    });
    plot.append(dot);
  }
  section.append(
    el('p', { class: 'muted caption' }, t('exp.pareto.caption')),
    el('div', { class: 'scatter-box' }, plot),
    el('p', { class: 'front-list' }, t('exp.pareto.front', front.map(label).join('; '))),
  );
  return section;
}
