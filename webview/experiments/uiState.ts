/** The Experiments view's own UI state (sort, filters, selection), kept across hide/show by VS Code. */
import type { RowFilter, SortSpec, StatusFilter } from '../../src/shared/analysis/resultsTable';
import type { ResultRow } from '../../src/shared/results/row';

export interface UiState {
  sort: SortSpec;
  filter: RowFilter;
  selected: string[];
}

const STATUSES: readonly StatusFilter[] = ['all', 'completed', 'failed', 'cancelled', 'running'];

export function defaultUiState(): UiState {
  return { sort: { key: 'date', direction: 'descending' }, filter: { text: '', status: 'all' }, selected: [] };
}

/** A saved UI state, checked field by field (it comes back from VS Code as plain JSON). */
export function restoreUiState(saved: unknown): UiState {
  const ui = defaultUiState();
  const s = saved as Partial<UiState> | undefined;
  if (!s || typeof s !== 'object') return ui;
  if (s.sort && typeof s.sort.key === 'string' && (s.sort.direction === 'ascending' || s.sort.direction === 'descending')) ui.sort = { key: s.sort.key as keyof ResultRow, direction: s.sort.direction };
  if (s.filter && typeof s.filter.text === 'string') ui.filter.text = s.filter.text;
  if (s.filter && STATUSES.includes(s.filter.status as StatusFilter)) ui.filter.status = s.filter.status as StatusFilter;
  if (Array.isArray(s.selected)) ui.selected = s.selected.filter((x): x is string => typeof x === 'string').slice(0, 12);
  return ui;
}

/** Clicking a header: the same column flips direction; a new one starts with numbers high-first, text A-Z. */
export function nextSort(current: SortSpec, key: keyof ResultRow, numeric: boolean): SortSpec {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: numeric ? 'descending' : 'ascending' };
}
