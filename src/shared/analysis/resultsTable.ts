/** Sorting, filtering and "best run" for the results table, as the Experiments view shows it. */
import type { ResultRow } from '../results/row';
import { NUMERIC_FIELDS } from '../results/row';

export type SortDirection = 'ascending' | 'descending';

export interface SortSpec {
  key: keyof ResultRow;
  direction: SortDirection;
}

export type StatusFilter = 'all' | ResultRow['status'];

export interface RowFilter {
  /** Words that must all appear (case-insensitive) in some text column of the row. */
  text: string;
  status: StatusFilter;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(key: keyof ResultRow, a: ResultRow[keyof ResultRow], b: ResultRow[keyof ResultRow]): number {
  if (NUMERIC_FIELDS.has(key)) return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

const isMissing = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v));

/** A sorted copy; stable, and rows without a value for the key go last in either direction. */
export function sortRows(rows: readonly ResultRow[], spec: SortSpec): ResultRow[] {
  const sign = spec.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const a = x.row[spec.key];
      const b = y.row[spec.key];
      const ma = isMissing(a);
      const mb = isMissing(b);
      if (ma || mb) return ma === mb ? x.index - y.index : ma ? 1 : -1;
      return sign * compareValues(spec.key, a, b) || x.index - y.index;
    })
    .map((e) => e.row);
}

const TEXT_FIELDS: ReadonlyArray<keyof ResultRow> = ['runId', 'name', 'backbone', 'inputSize', 'pooling', 'head', 'optimizer', 'backend', 'device', 'status', 'config', 'date'];

export function filterRows(rows: readonly ResultRow[], filter: RowFilter): ResultRow[] {
  const words = filter.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (filter.status !== 'all' && row.status !== filter.status) return false;
    if (words.length === 0) return true;
    const haystack = TEXT_FIELDS.map((f) => String(row[f] ?? '')).join('\u0000').toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** The completed run with the highest test accuracy; ties go to the faster, then the earlier run. */
export function bestRun(rows: readonly ResultRow[]): ResultRow | undefined {
  let best: ResultRow | undefined;
  for (const row of rows) {
    if (row.status !== 'completed' || typeof row.testAcc !== 'number' || !Number.isFinite(row.testAcc)) continue;
    if (
      !best ||
      row.testAcc > best.testAcc! ||
      (row.testAcc === best.testAcc && (row.trainSeconds < best.trainSeconds || (row.trainSeconds === best.trainSeconds && row.date < best.date)))
    ) {
      best = row;
    }
  }
  return best;
}
