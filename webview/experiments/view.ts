/** The Experiments view: filters, the results table, the comparison of selected runs, and the Pareto plot. */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { bestRun, filterRows, sortRows, type StatusFilter } from '../../src/shared/analysis/resultsTable';
import type { ExperimentsViewState, ExperimentsViewToHost } from '../../src/shared/protocol/webview';
import { el, fill, show } from '../common/dom';
import { t, type MessageKey } from '../common/i18n';
import { vscodeButton } from '../common/vscodeButton';
import { ComparePanel } from './compare';
import { paretoSection } from './scatter';
import { resultsTable } from './table';
import { nextSort, type UiState } from './uiState';

type Post = (message: ExperimentsViewToHost) => void;

const STATUS_OPTIONS: ReadonlyArray<[StatusFilter, MessageKey]> = [
  ['all', 'exp.status.all'],
  ['completed', 'status.completed'],
  ['running', 'status.running'],
  ['failed', 'status.failed'],
  ['cancelled', 'status.cancelled'],
];

export class ExperimentsView {
  private state?: ExperimentsViewState;
  private readonly banners = el('div', { class: 'banners' });
  private readonly toolbar = el('div', { class: 'toolbar', role: 'search' });
  private readonly textFilter = document.createElement('vscode-textfield');
  private readonly statusFilter = document.createElement('vscode-single-select');
  private readonly tableBox = el('div', { class: 'table-scroll results-box' });
  private readonly hint = el('p', { class: 'muted hint' });
  private readonly compare: ComparePanel;
  private readonly paretoBox = el('div');
  private lastPostedCompare: string[] = [];

  constructor(
    root: HTMLElement,
    private readonly post: Post,
    private ui: UiState,
    private readonly saveUi: (ui: UiState) => void,
  ) {
    this.compare = new ComparePanel(() => this.setSelection([]));
    this.textFilter.setAttribute('placeholder', t('exp.filterPlaceholder'));
    this.textFilter.setAttribute('label', t('exp.filter'));
    this.textFilter.setAttribute('type', 'search');
    this.textFilter.setAttribute('value', ui.filter.text);
    this.textFilter.prepend(el('span', { slot: 'content-before', class: 'codicon codicon-filter', 'aria-hidden': 'true' }));
    this.textFilter.addEventListener('input', () => {
      this.ui = { ...this.ui, filter: { ...this.ui.filter, text: String((this.textFilter as unknown as { value: string }).value ?? '') } };
      this.persist();
      this.renderData();
    });
    this.statusFilter.setAttribute('label', t('exp.statusFilter'));
    for (const [value, label] of STATUS_OPTIONS) {
      const option = document.createElement('vscode-option');
      option.setAttribute('value', value);
      option.textContent = t(label);
      if (value === ui.filter.status) option.setAttribute('selected', '');
      this.statusFilter.append(option);
    }
    this.statusFilter.addEventListener('change', () => {
      const value = (this.statusFilter as unknown as { value: string }).value as StatusFilter;
      this.ui = { ...this.ui, filter: { ...this.ui.filter, status: value } };
      this.persist();
      this.renderData();
    });
    this.toolbar.append(this.textFilter, this.statusFilter);
    root.append(this.banners, this.toolbar, this.tableBox, this.hint, this.compare.element, this.paretoBox);
  }

  update(state: ExperimentsViewState): void {
    this.state = state;
    const known = new Set(state.rows.map((r) => r.runId));
    let selected = this.ui.selected.filter((id) => known.has(id));
    const hostIds = state.compare?.runIds;
    if (hostIds && !sameSet(hostIds, this.lastPostedCompare)) {
      selected = [...hostIds]; // a comparison the host started (Compare with Best Run)
      this.lastPostedCompare = [...hostIds];
    }
    if (!sameSet(selected, this.ui.selected)) {
      this.ui = { ...this.ui, selected };
      this.persist();
    }
    this.renderBanners(state);
    this.renderData();
  }

  /** Asks for the comparison of the restored selection once the first state is in. */
  resumeComparison(): void {
    if (this.ui.selected.length >= 2) this.postCompare(this.ui.selected);
  }

  retheme(): void {
    this.compare.retheme();
  }

  private renderBanners(state: ExperimentsViewState): void {
    const parts: HTMLElement[] = [];
    if (!state.trusted) parts.push(el('p', { class: 'warning' }, t('exp.untrusted')));
    if (state.tableProblems.length > 0) {
      parts.push(
        el(
          'div',
          { class: 'warning', role: 'alert' },
          el('p', {}, t('exp.problems')),
          el('ul', {}, ...state.tableProblems.slice(0, 8).map((p) => el('li', {}, t('exp.problemLine', p.line, p.message)))),
          vscodeButton(t('exp.openTable'), () => this.post({ type: 'openResultsTable' }), { secondary: true, icon: 'go-to-file' }),
        ),
      );
    }
    if (!state.datasetReady) {
      parts.push(el('div', { class: 'empty' }, el('p', {}, t('exp.noDataset')), vscodeButton(t('exp.prepareDataset'), () => this.post({ type: 'command', command: 'prepareDataset' }), { icon: 'cloud-download' })));
    }
    if (state.rows.length === 0) {
      parts.push(el('div', { class: 'empty' }, el('p', {}, t('exp.empty')), vscodeButton(t('exp.openConfig'), () => this.post({ type: 'command', command: 'openConfig' }), { secondary: !state.datasetReady, icon: 'settings-gear' })));
    }
    fill(this.banners, ...parts);
  }

  private renderData(): void {
    const state = this.state;
    if (!state) return;
    const hasRows = state.rows.length > 0;
    show(this.toolbar, hasRows);
    show(this.tableBox, hasRows);
    show(this.hint, hasRows);
    const visible = sortRows(filterRows(state.rows, this.ui.filter), this.ui.sort);
    const best = bestRun(state.rows);
    const focusKey = (document.activeElement as HTMLElement | null)?.closest?.('[data-focus-key]')?.getAttribute('data-focus-key');
    const table = resultsTable(
      { rows: visible, total: state.rows.length, sort: this.ui.sort, selected: new Set(this.ui.selected), bestRunId: best?.runId, activeRunId: state.activeRunId },
      {
        sortBy: (key, numeric) => {
          this.ui = { ...this.ui, sort: nextSort(this.ui.sort, key, numeric) };
          this.persist();
          this.renderData();
        },
        toggle: (runId, on) => this.setSelection(on ? [...this.ui.selected, runId] : this.ui.selected.filter((id) => id !== runId)),
        action: (action, runId) => this.post({ type: 'runAction', action, runId }),
      },
    );
    fill(this.tableBox, hasRows && visible.length === 0 ? el('p', { class: 'muted' }, t('exp.noMatch')) : table);
    if (focusKey) (this.tableBox.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null)?.focus();
    this.hint.textContent = t('exp.selectHint');
    show(this.hint, hasRows && this.ui.selected.length < 2);
    const compare = state.compare && sameSet(state.compare.runIds, this.ui.selected) ? state.compare : undefined;
    show(this.compare.element, !!compare);
    if (compare) this.compare.update(compare, state.rows);
    fill(this.paretoBox, hasRows ? paretoSection(visible, best?.runId, (runId) => this.toggle(runId)) : null);
  }

  private toggle(runId: string): void {
    this.setSelection(this.ui.selected.includes(runId) ? this.ui.selected.filter((id) => id !== runId) : [...this.ui.selected, runId]);
  }

  private setSelection(selected: string[]): void {
    this.ui = { ...this.ui, selected: [...new Set(selected)].slice(0, 12) };
    this.persist();
    if (this.ui.selected.length >= 2) this.postCompare(this.ui.selected);
    else if (this.lastPostedCompare.length >= 2) this.postCompare([]);
    this.renderData();
  }

  private postCompare(runIds: string[]): void {
    this.lastPostedCompare = [...runIds];
    this.post({ type: 'compare', runIds: [...runIds] });
  }

  private persist(): void {
    this.saveUi(this.ui);
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
