/**
 * "Export Results": the completed runs of the results table as a tidy Markdown table (for a report or
 * a comment; the best run in bold, a line with the date) and as CSV with the same columns. Pure: the
 * host passes the words (translated) and the date (formatted in the user's locale).
 */
import { bestRun } from '../analysis/resultsTable';
import { quote } from './csv';
import type { ResultRow } from './row';

export const EXPORT_COLUMNS = ['name', 'backbone', 'input', 'pooling', 'head', 'lr', 'epochs', 'bestValAcc', 'testAcc', 'time', 'secondsPerEpoch'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

const NUMERIC: ReadonlySet<ExportColumn> = new Set<ExportColumn>(['lr', 'epochs', 'bestValAcc', 'testAcc', 'time', 'secondsPerEpoch']);

export interface ExportLabels {
  columns: Record<ExportColumn, string>;
  /** The line under the table: {0} the date, {1} how many runs. */
  dateLine: string;
  /** Instead of the table when no run has completed. */
  noRuns: string;
  /** A head without hidden layers. */
  noHiddenLayers: string;
}

export const DEFAULT_EXPORT_LABELS: ExportLabels = {
  columns: {
    name: 'Name',
    backbone: 'Backbone',
    input: 'Input',
    pooling: 'Pooling',
    head: 'Head',
    lr: 'LR',
    epochs: 'Epochs',
    bestValAcc: 'Best val acc',
    testAcc: 'Test acc',
    time: 'Time',
    secondsPerEpoch: 's/epoch',
  },
  dateLine: 'Cats vs Dogs Lab, {0}: {1} completed runs, the best in bold.',
  noRuns: 'No completed runs yet.',
  noHiddenLayers: 'none',
};

function format(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (m, i) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

/** The runs an export shows: completed ones, oldest first (the order the lab ran them). */
export function exportRows(rows: readonly ResultRow[]): ResultRow[] {
  return rows
    .filter((r) => r.status === 'completed')
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.date < b.row.date ? -1 : a.row.date > b.row.date ? 1 : a.index - b.index))
    .map((e) => e.row);
}

/**
 * Text made safe for a Markdown table cell: line breaks become spaces, a pipe cannot end the cell,
 * and Markdown or HTML syntax in a name shows as the characters typed.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~#!]/g, (c) => `\\${c}`)
    .trim();
}

export function formatPercent(fraction: number | undefined): string {
  return fraction === undefined || !Number.isFinite(fraction) ? '' : `${(fraction * 100).toFixed(2)} %`;
}

export function formatLearningRate(lr: number): string {
  return Number.isFinite(lr) && lr > 0 && lr < 0.01 ? lr.toExponential().replace('e+', 'e') : String(lr);
}

/** m:ss, or h:mm:ss from an hour on. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Epochs run; "7/10" when early stopping ended the run sooner than planned. */
function epochsText(row: ResultRow): string {
  return row.epochsPlanned && row.epochsRun !== row.epochsPlanned ? `${row.epochsRun}/${row.epochsPlanned}` : String(row.epochsRun);
}

function cellText(row: ResultRow, column: ExportColumn, labels: ExportLabels): string {
  switch (column) {
    case 'name':
      return row.name;
    case 'backbone':
      return row.backbone;
    case 'input':
      return row.inputSize;
    case 'pooling':
      return row.pooling;
    case 'head':
      return row.head || labels.noHiddenLayers;
    case 'lr':
      return formatLearningRate(row.learningRate);
    case 'epochs':
      return epochsText(row);
    case 'bestValAcc':
      return formatPercent(row.bestValAcc);
    case 'testAcc':
      return formatPercent(row.testAcc);
    case 'time':
      return formatDuration(row.trainSeconds);
    case 'secondsPerEpoch':
      return row.secondsPerEpoch === undefined || !Number.isFinite(row.secondsPerEpoch) ? '' : row.secondsPerEpoch.toFixed(1);
  }
}

function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export interface MarkdownOptions {
  /** The export's date, as the user reads dates. */
  date: string;
  labels?: ExportLabels;
}

/** The Markdown table of the completed runs (best in bold), then the date line. */
export function resultsMarkdown(rows: readonly ResultRow[], opts: MarkdownOptions): string {
  const labels = opts.labels ?? DEFAULT_EXPORT_LABELS;
  const shown = exportRows(rows);
  const dateLine = `_${escapeCell(format(labels.dateLine, opts.date, shown.length))}_`;
  if (shown.length === 0) return `${escapeCell(labels.noRuns)}\n\n${dateLine}\n`;
  const best = bestRun(shown);
  const header = markdownRow(EXPORT_COLUMNS.map((c) => escapeCell(labels.columns[c])));
  const rule = markdownRow(EXPORT_COLUMNS.map((c) => (NUMERIC.has(c) ? '---:' : '---')));
  const body = shown.map((row) =>
    markdownRow(
      EXPORT_COLUMNS.map((c) => {
        const text = escapeCell(cellText(row, c, labels));
        return row === best && text !== '' ? `**${text}**` : text;
      }),
    ),
  );
  return [header, rule, ...body, '', dateLine, ''].join('\n');
}

const CSV_HEADER = ['name', 'backbone', 'input_size', 'pooling', 'head', 'learning_rate', 'epochs_run', 'epochs_planned', 'best_val_acc', 'test_acc', 'train_seconds', 'seconds_per_epoch', 'best', 'run_id', 'date'];

function csvNumber(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '' : String(Number(n.toPrecision(6)));
}

/** The same runs as CSV for a spreadsheet: plain numbers (accuracy as a fraction, seconds), a `best` flag. */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const shown = exportRows(rows);
  const best = bestRun(shown);
  const lines = shown.map((r) =>
    [
      quote(r.name),
      quote(r.backbone),
      quote(r.inputSize),
      quote(r.pooling),
      quote(r.head),
      csvNumber(r.learningRate),
      csvNumber(r.epochsRun),
      csvNumber(r.epochsPlanned),
      csvNumber(r.bestValAcc),
      csvNumber(r.testAcc),
      csvNumber(r.trainSeconds),
      csvNumber(r.secondsPerEpoch),
      r === best ? 'true' : 'false',
      quote(r.runId),
      quote(r.date),
    ].join(','),
  );
  return [CSV_HEADER.join(','), ...lines].join('\n') + '\n';
}
