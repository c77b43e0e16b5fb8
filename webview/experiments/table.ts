/** The results table: sortable headers (aria-sort, keyboard), status icons, selection, per-run actions. */
import type { SortSpec } from '../../src/shared/analysis/resultsTable';
import type { RunAction } from '../../src/shared/protocol/webview';
import type { ResultRow } from '../../src/shared/results/row';
import { el, icon, iconButton } from '../common/dom';
import { t, type MessageKey } from '../common/i18n';
import { COLUMNS } from './columns';

export interface TableHandlers {
  sortBy(key: keyof ResultRow, numeric: boolean): void;
  toggle(runId: string, selected: boolean): void;
  action(action: RunAction, runId: string): void;
}

export interface TableModel {
  rows: readonly ResultRow[];
  total: number;
  sort: SortSpec;
  selected: ReadonlySet<string>;
  bestRunId?: string;
  activeRunId?: string;
}

const STATUS_ICON: Record<ResultRow['status'], string> = { completed: 'pass', failed: 'error', cancelled: 'circle-slash', running: 'sync' };

export function statusIcon(status: ResultRow['status'], active: boolean): HTMLElement {
  const label = t(`status.${status}` as MessageKey);
  const spin = status === 'running' && active;
  return el('span', { class: `status status-${status}`, title: label }, icon(STATUS_ICON[status] ?? 'question', spin ? 'codicon-modifier-spin' : ''), el('span', { class: 'visually-hidden' }, label));
}

export function resultsTable(model: TableModel, on: TableHandlers): HTMLElement {
  const sortedColumn = COLUMNS.find((c) => c.key === model.sort.key) ?? (model.sort.key === 'status' ? undefined : COLUMNS[0]);
  const sortName = model.sort.key === 'status' ? t('col.status') : t(sortedColumn!.label);
  const caption = el('caption', { class: 'visually-hidden' }, t('exp.tableCaption', model.rows.length, model.total, sortName, t(model.sort.direction === 'ascending' ? 'exp.ascending' : 'exp.descending')));

  const header = (key: keyof ResultRow, label: string, numeric: boolean, extraClass = '') => {
    const sorted = model.sort.key === key;
    const b = el('button', { type: 'button', class: 'sort', 'data-focus-key': `sort:${String(key)}` }, label, sorted ? icon(model.sort.direction === 'ascending' ? 'arrow-up' : 'arrow-down', 'sort-arrow') : null);
    b.addEventListener('click', () => on.sortBy(key, numeric));
    return el('th', { scope: 'col', class: `${numeric ? 'num' : ''} ${extraClass}`.trim(), 'aria-sort': sorted ? model.sort.direction : 'none' }, b);
  };
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', class: 'select' }, el('span', { class: 'visually-hidden' }, t('col.select'))),
    header('status', '', false, 'status-col'),
    ...COLUMNS.map((c) => header(c.key, t(c.label), c.numeric, c.key === 'name' ? 'name' : '')),
    el('th', { scope: 'col', class: 'actions' }, el('span', { class: 'visually-hidden' }, t('col.actions'))),
  );
  // The status header's button needs words for screen readers while showing only an icon.
  const statusButton = head.querySelector('th.status-col button')!;
  statusButton.prepend(icon('pulse'), el('span', { class: 'visually-hidden' }, t('col.status')));
  statusButton.setAttribute('title', t('col.status'));

  const body = el('tbody', {}, ...model.rows.map((row) => tableRow(row, model, on)));
  return el('table', { class: 'data results' }, caption, el('thead', {}, head), body);
}

function tableRow(row: ResultRow, model: TableModel, on: TableHandlers): HTMLElement {
  const best = row.runId === model.bestRunId;
  const active = row.runId === model.activeRunId;
  const selected = model.selected.has(row.runId);
  const check = el('input', { type: 'checkbox', 'aria-label': t('exp.selectRun', row.name), 'data-focus-key': `select:${row.runId}` });
  check.checked = selected;
  check.addEventListener('change', () => on.toggle(row.runId, check.checked));

  const nameButton = el('button', { type: 'button', class: 'link', title: t('exp.action.showRun', row.name), 'data-focus-key': `show:${row.runId}` }, row.name);
  nameButton.addEventListener('click', () => on.action('showRun', row.runId));
  const cells = COLUMNS.map((c) => {
    if (c.key === 'name') {
      return el(
        'th',
        { scope: 'row', class: 'name' },
        nameButton,
        best ? el('span', { class: 'best-tag', title: t('exp.best') }, icon('star-full'), el('span', { class: 'visually-hidden' }, ` (${t('exp.best')})`)) : null,
        active ? el('span', { class: 'muted' }, ` · ${t('exp.active')}`) : null,
      );
    }
    return el('td', c.numeric ? { class: 'num' } : {}, c.text(row));
  });
  const actionButton = (action: RunAction, codicon: string, label: MessageKey) => {
    const b = iconButton(codicon, t(label, row.name), () => on.action(action, row.runId));
    b.setAttribute('data-focus-key', `${action}:${row.runId}`);
    if (active && (action === 'delete' || action === 'rerun')) b.disabled = true;
    return b;
  };
  const actions = el(
    'td',
    { class: 'actions' },
    actionButton('openConfig', 'settings-gear', 'exp.action.openConfig'),
    actionButton('rerun', 'play', 'exp.action.rerun'),
    actionButton('openFolder', 'folder-opened', 'exp.action.openFolder'),
    actionButton('delete', 'trash', 'exp.action.delete'),
  );
  const classes = [best ? 'best-row' : '', selected ? 'selected' : '', active ? 'active-row' : ''].filter(Boolean).join(' ');
  return el('tr', classes ? { class: classes } : {}, el('td', { class: 'select' }, check), el('td', { class: 'status-col' }, statusIcon(row.status, active)), ...cells, actions);
}
