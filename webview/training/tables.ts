/** The Training view's tables: the per-epoch numbers (for screen readers too) and the confusion matrix. */
import type { ConfusionMatrix } from '../../src/shared/protocol/engine';
import type { EpochPoint } from '../../src/shared/protocol/webview';
import { el } from '../common/dom';
import { decimal, integer, percent } from '../common/format';
import { t } from '../common/i18n';

export function epochTable(epochs: readonly EpochPoint[], bestEpoch: number | undefined): HTMLElement {
  if (epochs.length === 0) return el('p', { class: 'muted' }, t('epochs.none'));
  const fineTuning = epochs.some((e) => e.phase === 'finetune');
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, t('epochs.epoch')),
    fineTuning ? el('th', { scope: 'col' }, t('epochs.phase')) : null,
    ...['loss', 'acc', 'val_loss', 'val_acc'].map((h) => el('th', { scope: 'col', class: 'num' }, h)),
    el('th', { scope: 'col', class: 'num' }, t('epochs.time')),
  );
  const rows = epochs.map((e) => {
    const best = e.epoch === bestEpoch;
    return el(
      'tr',
      best ? { class: 'best' } : {},
      el('th', { scope: 'row' }, String(e.epoch), best ? el('span', { class: 'tag' }, ` ${t('epochs.best')}`) : null),
      fineTuning ? el('td', {}, t(e.phase === 'finetune' ? 'phaseName.finetune' : 'phaseName.train')) : null,
      el('td', { class: 'num' }, decimal(e.loss)),
      el('td', { class: 'num' }, percent(e.acc)),
      el('td', { class: 'num' }, decimal(e.valLoss)),
      el('td', { class: 'num' }, percent(e.valAcc)),
      el('td', { class: 'num' }, decimal(e.seconds, 1)),
    );
  });
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('epochs.caption') }, el('table', { class: 'data' }, el('caption', {}, t('epochs.caption')), el('thead', {}, head), el('tbody', {}, ...rows)));
}

export function confusionTable(confusion: ConfusionMatrix): HTMLElement {
  const names = confusion.labels.map((l) => t(l === 'cats' ? 'class.cats' : 'class.dogs'));
  const rows = confusion.matrix.map((counts, actual) => {
    const total = counts[0] + counts[1];
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, names[actual]),
      ...counts.map((n, predicted) => el('td', { class: `num${predicted === actual ? ' diagonal' : ' off-diagonal'}` }, integer(n))),
      el('td', { class: 'num muted' }, total > 0 ? percent(counts[actual] / total, 1) : '—'),
    );
  });
  return el(
    'table',
    { class: 'data confusion-matrix' },
    el('caption', {}, t('confusion.caption')),
    el('thead', {}, el('tr', {}, el('td', { class: 'corner' }, t('confusion.corner')), ...names.map((n) => el('th', { scope: 'col', class: 'num' }, n)), el('th', { scope: 'col', class: 'num' }, t('confusion.correct')))),
    el('tbody', {}, ...rows),
  );
}
