/**
 * The results table's CSV codec (RFC 4180: comma separated, CRLF-tolerant, quotes doubled).
 * Parsing is strict: a damaged or hand-broken file is reported line by line, never guessed at, so
 * that the writer can refuse to overwrite it.
 */
import { NUMERIC_FIELDS, RESULT_COLUMNS, ROW_FIELD_BY_COLUMN, type ResultColumn, type ResultRow } from './row';

const STATUSES = new Set(['completed', 'cancelled', 'failed', 'running']);

/** One CSV field: quoted when needed, with a leading formula character defused. */
export function quote(field: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet; a leading apostrophe defuses it.
  const safe = /^[=+\-@\t\r]/.test(field) && !/^-?\d/.test(field) ? `'${field}` : field;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

function encodeCell(row: ResultRow, col: ResultColumn): string {
  const value = row[ROW_FIELD_BY_COLUMN[col]];
  if (value === undefined || value === null) return '';
  return typeof value === 'number' ? formatNumber(value) : quote(String(value));
}

export function encodeRow(row: ResultRow): string {
  return RESULT_COLUMNS.map((col) => encodeCell(row, col)).join(',');
}

/** How an existing file lays out its columns: a rewrite keeps their order and a user's own columns. */
export interface TableLayout {
  /** Column names in file order: RESULT_COLUMNS plus any extra ones. */
  header: readonly string[];
  /** Values of the extra columns per run id, as they were in the file. */
  extraValues: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** CSV quoting only: a user's own cells are written back exactly as they were. */
function quoteRaw(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

const OUR_COLUMNS: ReadonlySet<string> = new Set(RESULT_COLUMNS);

export function encodeTable(rows: readonly ResultRow[], layout?: TableLayout): string {
  if (!layout) return [RESULT_COLUMNS.join(','), ...rows.map(encodeRow)].join('\n') + '\n';
  const header = [...layout.header, ...RESULT_COLUMNS.filter((c) => !layout.header.includes(c))];
  const lines = rows.map((row) => {
    const extras = layout.extraValues[row.runId] ?? {};
    return header.map((col) => (OUR_COLUMNS.has(col) ? encodeCell(row, col as ResultColumn) : quoteRaw(extras[col] ?? ''))).join(',');
  });
  return [header.map(quoteRaw).join(','), ...lines].join('\n') + '\n';
}

/** Splits CSV text into records of fields; returns the 1-based line on which each record starts. */
export function splitCsv(text: string): { records: Array<{ line: number; fields: string[] }>; error?: { line: number; message: string } } {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (fieldStarted && field.length > 0) return { records, error: { line, message: 'a quote in the middle of an unquoted field' } };
      inQuotes = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (inQuotes) return { records, error: { line: recordLine, message: 'a quoted field is not closed' } };
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return { records };
}

export interface ParsedTable {
  rows: ResultRow[];
  /** Problems that make the file unsafe to rewrite; empty when the file is sound. */
  problems: Array<{ line: number; message: string }>;
  /** Columns beyond ours (a user's own): a rewrite must keep or refuse, never drop them. */
  extraColumns: string[];
  /** The file's columns in order (RESULT_COLUMNS for an empty file) and its extra cells per run id. */
  layout: TableLayout;
}

export function parseTable(text: string): ParsedTable {
  const problems: ParsedTable['problems'] = [];
  const body = text.replace(/^\uFEFF/, '');
  const empty = (): ParsedTable => ({ rows: [], problems, extraColumns: [], layout: { header: [...RESULT_COLUMNS], extraValues: {} } });
  if (body.trim() === '') return empty();
  const { records, error } = splitCsv(body);
  if (error) problems.push(error);
  if (records.length === 0) return empty();
  const header = records[0].fields.map((h) => h.trim());
  const missing = RESULT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    problems.push({ line: 1, message: `the header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
    return { ...empty(), layout: { header, extraValues: {} } };
  }
  const duplicated = header.filter((h, i) => h === '' || header.indexOf(h) !== i);
  if (duplicated.length > 0) problems.push({ line: 1, message: `the header has ${duplicated.includes('') ? 'an empty column name' : `column ${duplicated[0]} twice`}` });
  const extraColumns = header.filter((h) => !OUR_COLUMNS.has(h));
  const extraValues: Record<string, Record<string, string>> = {};
  const rows: ResultRow[] = [];
  const seen = new Set<string>();
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== header.length) {
      problems.push({ line: rec.line, message: `${rec.fields.length} fields where the header has ${header.length}` });
      continue;
    }
    const row: Record<string, unknown> = {};
    let bad = false;
    header.forEach((col, i) => {
      if (!OUR_COLUMNS.has(col)) return;
      const key = ROW_FIELD_BY_COLUMN[col as ResultColumn];
      const raw = rec.fields[i];
      const unescaped = raw.startsWith("'") && /^'[=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw;
      if (NUMERIC_FIELDS.has(key)) {
        if (raw.trim() === '') return;
        const n = Number(raw);
        if (!Number.isFinite(n)) {
          problems.push({ line: rec.line, message: `${col} is "${raw}", not a number` });
          bad = true;
          return;
        }
        row[key] = n;
      } else row[key] = unescaped;
    });
    if (bad) continue;
    if (!row.runId) {
      problems.push({ line: rec.line, message: 'run_id is empty' });
      continue;
    }
    if (!STATUSES.has(String(row.status))) {
      problems.push({ line: rec.line, message: `status is "${row.status}"; expected completed, cancelled, failed or running` });
      continue;
    }
    if (seen.has(String(row.runId))) {
      problems.push({ line: rec.line, message: `run_id ${row.runId} appears twice` });
      continue;
    }
    seen.add(String(row.runId));
    row.trainSeconds ??= 0;
    row.epochsRun ??= 0;
    rows.push(row as unknown as ResultRow);
    if (extraColumns.length > 0) extraValues[String(row.runId)] = Object.fromEntries(extraColumns.map((c) => [c, rec.fields[header.indexOf(c)]]));
  }
  return { rows, problems, extraColumns, layout: { header, extraValues } };
}
