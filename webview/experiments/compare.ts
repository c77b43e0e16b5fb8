/** The comparison of selected runs: overlaid validation curves and the config fields that differ. */
import type { ExperimentsViewState } from '../../src/shared/protocol/webview';
import type { ResultRow } from '../../src/shared/results/row';
import { el } from '../common/dom';
import { decimal, percent } from '../common/format';
import { t } from '../common/i18n';
import { LineChart } from '../common/lineChart';
import { overlaySpec, runLabels } from './compareData';

type Compare = NonNullable<ExperimentsViewState['compare']>;

export class ComparePanel {
  readonly element = el('section', { class: 'compare', 'aria-labelledby': 'compare-heading' });
  private readonly accBox = el('div', { class: 'chart' });
  private readonly lossBox = el('div', { class: 'chart' });
  private readonly accChart = new LineChart(this.accBox);
  private readonly lossChart = new LineChart(this.lossBox);
  private readonly body = el('div');
  private readonly heading = el('h2', { id: 'compare-heading' });
  private readonly accCaption = el('figcaption');
  private readonly lossCaption = el('figcaption');
  private readonly clear: HTMLButtonElement;

  constructor(onClear: () => void) {
    this.clear = el('button', { type: 'button', class: 'text-button' });
    this.clear.addEventListener('click', onClear);
    this.element.append(
      el('div', { class: 'section-head' }, this.heading, this.clear),
      el('figure', {}, this.accCaption, this.accBox),
      el('figure', {}, this.lossCaption, this.lossBox),
      this.body,
    );
  }

  update(compare: Compare, rows: readonly ResultRow[]): void {
    const labels = runLabels(compare.runIds, rows);
    this.heading.textContent = t('exp.compare.heading');
    this.clear.textContent = t('exp.compare.clear');
    this.accCaption.textContent = t('exp.compare.valAcc');
    this.lossCaption.textContent = t('exp.compare.valLoss');
    this.accChart.render(overlaySpec(compare.curves, labels, 'valAcc'));
    this.lossChart.render(overlaySpec(compare.curves, labels, 'valLoss'));
    this.body.replaceChildren(summaryTable(compare, labels), diffTable(compare, labels));
  }

  retheme(): void {
    this.accChart.retheme();
    this.lossChart.retheme();
  }
}

/** The curves in numbers (for screen readers and exact values): best val_acc and lowest val_loss per run. */
function summaryTable(compare: Compare, labels: Map<string, string>): HTMLElement {
  const rows = compare.curves.map((c) => {
    const bestAcc = c.epochs.reduce<(typeof c.epochs)[number] | undefined>((b, e) => (!b || e.valAcc > b.valAcc ? e : b), undefined);
    const bestLoss = c.epochs.reduce<(typeof c.epochs)[number] | undefined>((b, e) => (!b || e.valLoss < b.valLoss ? e : b), undefined);
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, labels.get(c.runId) ?? c.runId),
      el('td', { class: 'num' }, bestAcc ? `${percent(bestAcc.valAcc)} (${bestAcc.epoch})` : '—'),
      el('td', { class: 'num' }, bestLoss ? `${decimal(bestLoss.valLoss)} (${bestLoss.epoch})` : '—'),
    );
  });
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'data' },
      el('caption', { class: 'visually-hidden' }, `${t('exp.compare.valAcc')}; ${t('exp.compare.valLoss')}`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('col.name')), el('th', { scope: 'col', class: 'num' }, 'max val_acc'), el('th', { scope: 'col', class: 'num' }, 'min val_loss'))),
      el('tbody', {}, ...rows),
    ),
  );
}

function diffTable(compare: Compare, labels: Map<string, string>): HTMLElement {
  if (compare.diff.length === 0) return el('p', { class: 'muted' }, t('exp.compare.same'));
  const table = el(
    'table',
    { class: 'data diff' },
    el('caption', {}, t('exp.compare.diffCaption')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('exp.compare.field')), ...compare.runIds.map((id) => el('th', { scope: 'col' }, labels.get(id) ?? id)))),
    el(
      'tbody',
      {},
      ...compare.diff.map((d) =>
        el('tr', {}, el('th', { scope: 'row' }, el('code', {}, d.path)), ...compare.runIds.map((id) => el('td', d.values[id] === undefined ? { class: 'muted' } : {}, d.values[id] ?? t('exp.compare.absent')))),
      ),
    ),
  );
  return el('div', {}, el('div', { class: 'table-scroll' }, table), compare.diff.length > 1 ? el('p', { class: 'muted note' }, t('exp.compare.oneAtATime')) : null);
}
