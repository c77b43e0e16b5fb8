/**
 * The workspace's results table, experiments/results.csv: one row per run, written by the engine
 * when a run starts ('running') and ends, read and pruned by the extension host.
 *
 * Every change is a read-modify-write under an exclusive lock file (results.csv.lock), written to a
 * temporary file and renamed over the table, so two runs ending together never lose a row and a
 * reader never sees half a file. A table with problems (hand-edited, damaged) is never rewritten:
 * the new row goes to results.pending.csv, the caller gets a message saying how to fix the table, and
 * pending rows are folded in by the next write that finds the table sound. A user's own columns (and
 * the column order) survive every rewrite.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { encodeTable, parseTable, type ParsedTable } from '../results/csv';
import type { ResultRow } from '../results/row';
import { removeStaleTemps, writeFileAtomic } from './atomicWrite';
import { processAlive, withFileLock, type LockOptions } from './fileLock';
import { testPausePoint } from './testPause';

export const RESULTS_FILE = 'results.csv';
export const PENDING_FILE = 'results.pending.csv';
export const LOCK_FILE = 'results.csv.lock';

export type TableProblem = ParsedTable['problems'][number];

export interface ResultsTable extends ParsedTable {
  path: string;
  /** Rows waiting in results.pending.csv for the table to be fixed. */
  pendingRows: ResultRow[];
}

export type WriteOutcome =
  | { written: true; path: string; mergedPending: number }
  | { written: false; path: string; pendingPath: string; problems: TableProblem[]; message: string };

export class ResultsTableDamagedError extends Error {
  constructor(
    readonly path: string,
    readonly problems: TableProblem[],
  ) {
    super(`${path} has problems, so it was left untouched: ${formatProblems(problems)}. Fix or delete those lines, then try again.`);
    this.name = 'ResultsTableDamagedError';
  }
}

export function formatProblems(problems: readonly TableProblem[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => `line ${p.line}: ${p.message}`);
  if (problems.length > max) shown.push(`and ${problems.length - max} more`);
  return shown.join('; ');
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readPending(experimentsDir: string): Promise<ParsedTable | undefined> {
  const text = await readText(join(experimentsDir, PENDING_FILE));
  return text === undefined ? undefined : parseTable(text);
}

/** The table as it is on disk (no lock: writes are atomic renames, so a read sees a whole file). */
export async function readTable(experimentsDir: string): Promise<ResultsTable> {
  const path = join(experimentsDir, RESULTS_FILE);
  const table = parseTable((await readText(path)) ?? '');
  const pending = await readPending(experimentsDir);
  return { ...table, path, pendingRows: pending?.rows ?? [] };
}

interface Change {
  /** Rows in, rows out; undefined leaves the table as it is. */
  edit(rows: ResultRow[]): ResultRow[] | undefined;
  /** What to keep aside when the table cannot be written. */
  pendingRow?: ResultRow;
}

function upsertInto(rows: readonly ResultRow[], row: ResultRow): ResultRow[] {
  const i = rows.findIndex((r) => r.runId === row.runId);
  return i < 0 ? [...rows, row] : rows.map((r, j) => (j === i ? row : r));
}

async function change(experimentsDir: string, c: Change, lock?: LockOptions): Promise<WriteOutcome> {
  await fs.mkdir(experimentsDir, { recursive: true });
  const path = join(experimentsDir, RESULTS_FILE);
  const pendingPath = join(experimentsDir, PENDING_FILE);
  return withFileLock(
    join(experimentsDir, LOCK_FILE),
    async () => {
      testPausePoint('results-lock');
      // Left by a writer killed between writing and renaming: never read, so only tidied up.
      await removeStaleTemps(path, processAlive);
      await removeStaleTemps(pendingPath, processAlive);
      const table = parseTable((await readText(path)) ?? '');
      const pending = await readPending(experimentsDir);
      if (table.problems.length > 0) {
        if (c.pendingRow) {
          if (pending && pending.problems.length > 0) {
            throw new Error(
              `Neither ${path} nor ${pendingPath} can be written safely (${formatProblems(table.problems, 1)}; ${formatProblems(pending.problems, 1)}). ` +
                `The run's summary.json still holds its results. Fix or delete the damaged lines.`,
            );
          }
          await writeFileAtomic(pendingPath, encodeTable(upsertInto(pending?.rows ?? [], c.pendingRow)));
        }
        return {
          written: false,
          path,
          pendingPath,
          problems: table.problems,
          message:
            `${path} has problems, so it was left untouched (${formatProblems(table.problems)}). Fix or delete those lines` +
            (c.pendingRow ? `; run ${c.pendingRow.runId} was saved in ${PENDING_FILE} and joins the table at the next write.` : '.'),
        };
      }
      let rows = table.rows;
      const mergeable = pending && pending.problems.length === 0 ? pending.rows : [];
      for (const r of mergeable) rows = upsertInto(rows, r);
      const mergedPending = mergeable.length;
      const edited = c.edit(rows);
      if (edited === undefined && mergedPending === 0) return { written: true, path, mergedPending: 0 };
      await writeFileAtomic(path, encodeTable(edited ?? rows, table.layout));
      if (mergedPending > 0) await fs.rm(pendingPath, { force: true });
      return { written: true, path, mergedPending };
    },
    lock,
  );
}

/** Adds the row, or replaces the row with the same run id (a run is written as 'running', then its end). */
export function upsertRow(experimentsDir: string, row: ResultRow, lock?: LockOptions): Promise<WriteOutcome> {
  return change(experimentsDir, { edit: (rows) => upsertInto(rows, row), pendingRow: row }, lock);
}

/** Adds a row for a new run; a row with the same id is replaced (a run id names one run folder). */
export function appendRow(experimentsDir: string, row: ResultRow, lock?: LockOptions): Promise<WriteOutcome> {
  return upsertRow(experimentsDir, row, lock);
}

/** Removes a run's row (from the pending rows too); false when there was none. Refuses a damaged table. */
export async function deleteRow(experimentsDir: string, runId: string, lock?: LockOptions): Promise<boolean> {
  let found = false;
  const outcome = await change(
    experimentsDir,
    {
      edit: (rows) => {
        const kept = rows.filter((r) => r.runId !== runId);
        found = kept.length !== rows.length;
        return found ? kept : undefined;
      },
    },
    lock,
  );
  if (!outcome.written) throw new ResultsTableDamagedError(outcome.path, outcome.problems);
  return found;
}

/**
 * Turns 'running' rows whose process is gone into 'failed' (a run killed mid-way, a crashed window).
 * Returns the run ids changed; a damaged table is left alone (the Experiments view reports it).
 */
export async function markStaleRunning(experimentsDir: string, isAlive: (row: ResultRow) => boolean | Promise<boolean>, lock?: LockOptions): Promise<string[]> {
  return (await settleStaleRunning(experimentsDir, isAlive, (row) => ({ ...row, status: 'failed' }), lock)).map((r) => r.runId);
}

/**
 * Replaces each 'running' row whose process is gone with `settle(row)` (its recorded end, or the row
 * marked failed). `settle` runs before the lock is taken; a row changed meanwhile (a live run that
 * ended, another window that settled it first) is left as it now is. Returns the rows written.
 */
export async function settleStaleRunning(
  experimentsDir: string,
  isAlive: (row: ResultRow) => boolean | Promise<boolean>,
  settle: (row: ResultRow) => ResultRow | Promise<ResultRow>,
  lock?: LockOptions,
): Promise<ResultRow[]> {
  const before = await readTable(experimentsDir);
  if (before.problems.length > 0) return [];
  const settled = new Map<string, ResultRow>();
  for (const row of before.rows) {
    if (row.status === 'running' && !(await isAlive(row))) settled.set(row.runId, { ...(await settle(row)), runId: row.runId });
  }
  if (settled.size === 0) return [];
  const changed: ResultRow[] = [];
  await change(
    experimentsDir,
    {
      edit: (rows) =>
        rows.map((r) => {
          const end = settled.get(r.runId);
          if (r.status !== 'running' || !end) return r;
          changed.push(end);
          return end;
        }),
    },
    lock,
  );
  return changed;
}

/** Folds results.pending.csv into the table once the table is sound again; the number of rows merged. */
export async function mergePending(experimentsDir: string, lock?: LockOptions): Promise<number> {
  const outcome = await change(experimentsDir, { edit: () => undefined }, lock);
  return outcome.written ? outcome.mergedPending : 0;
}
