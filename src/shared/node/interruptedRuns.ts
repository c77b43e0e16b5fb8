/**
 * Runs whose process ended without recording an end (killed, out of memory, a laptop shut down
 * mid-run) stay 'running' in results.csv, or have no row at all when the process died between
 * creating the run folder and writing the first row. Whoever starts next — the extension when a
 * window opens, the engine before a training run (so CLI runs heal too) — settles them:
 *   - the run's summary.json already records an end (the process died between writing summary.json
 *     and the row): the row is rebuilt from the summary, so a finished run is never called failed;
 *   - otherwise the run is 'failed', and its summary.json says it was interrupted.
 * A run is dead when its owner file (runOwner.ts) names a process gone from this machine. Runs
 * whose process is alive, or that belong to another machine, are left alone.
 */
import { promises as fs } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isSafeRunId } from '../protocol/webview';
import { resultRowFromSummary } from '../results/fromSummary';
import type { ResultRow } from '../results/row';
import { RUN_FILES, type RunSummary } from '../results/runFolder';
import { writeFileAtomic } from './atomicWrite';
import { readTable, settleStaleRunning, upsertRow } from './resultsStore';
import { RUN_OWNER_FILE, removeRunOwner, runOwnerAlive } from './runOwner';

export const INTERRUPTED_MESSAGE = 'The run was interrupted: its process ended (killed, out of memory, or the computer shut down) before it could record an end.';

async function readSummary(runDir: string, runId: string): Promise<RunSummary | undefined> {
  try {
    const summary = JSON.parse(await fs.readFile(join(runDir, RUN_FILES.summary), 'utf8')) as RunSummary;
    const usable = summary && typeof summary === 'object' && summary.runId === runId && typeof summary.status === 'string' && summary.config && Array.isArray(summary.epochs);
    return usable ? summary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The row to record for a dead run: its summary's end when it recorded one, else `failed` (and the
 * summary.json brought in line). `base` gives the paths (and what to fall back on without a summary).
 * The owner file stays until the row is written: a folder without a row is found only by it, so a
 * settler killed in between must leave it for the next one.
 */
async function settleRun(runDir: string, runId: string, base: (summary?: RunSummary) => ResultRow): Promise<ResultRow> {
  const summary = await readSummary(runDir, runId);
  let end: ResultRow;
  if (summary && summary.status !== 'running') {
    end = resultRowFromSummary(summary, base(summary));
  } else if (summary) {
    const failed: RunSummary = { ...summary, status: 'failed', error: { message: INTERRUPTED_MESSAGE, hint: 'Train it again; the runs recorded before it are intact.' } };
    await writeFileAtomic(join(runDir, RUN_FILES.summary), JSON.stringify(failed, null, 2) + '\n').catch(() => undefined);
    end = resultRowFromSummary(failed, base(summary));
  } else {
    end = { ...base(), status: 'failed' };
  }
  return end;
}

function posixRelative(from: string, to: string): string {
  return relative(from, to).split('\\').join('/');
}

/**
 * Settles the dead runs of this experiments folder; returns the rows written. Paths in new rows are
 * relative to `workspaceDir` (the engine's default: the experiments folder's parent).
 */
export async function recordInterruptedRuns(experimentsDir: string, workspaceDir = dirname(experimentsDir)): Promise<ResultRow[]> {
  const runsDir = join(experimentsDir, 'runs');
  const settled = await settleStaleRunning(
    experimentsDir,
    (row) => (isSafeRunId(row.runId) ? runOwnerAlive(join(runsDir, row.runId)) : false),
    // A hand-edited row must not lead us to write outside the runs folder.
    (row) => (isSafeRunId(row.runId) ? settleRun(join(runsDir, row.runId), row.runId, () => row) : { ...row, status: 'failed' }),
  );
  for (const row of settled) if (isSafeRunId(row.runId)) await removeRunOwner(join(runsDir, row.runId)).catch(() => undefined);

  // Run folders whose process died before their first row: found by their owner file.
  const table = await readTable(experimentsDir);
  if (table.problems.length > 0) return settled;
  const rows = new Map([...table.rows, ...table.pendingRows].map((r) => [r.runId, r]));
  for (const runId of await fs.readdir(runsDir).catch(() => [] as string[])) {
    if (!isSafeRunId(runId)) continue;
    const runDir = join(runsDir, runId);
    if (!(await fs.stat(join(runDir, RUN_OWNER_FILE)).then((s) => s.isFile(), () => false))) continue;
    if (await runOwnerAlive(runDir)) continue;
    const row = rows.get(runId);
    if (row && row.status !== 'running') {
      await removeRunOwner(runDir); // died after its last row, before tidying up
      continue;
    }
    if (row) continue; // settled above unless it was written meanwhile
    if (!(await readSummary(runDir, runId))) {
      await removeRunOwner(runDir); // died before its summary: nothing to record
      continue;
    }
    const end = await settleRun(runDir, runId, (summary) =>
      resultRowFromSummary({ ...summary!, status: 'failed' }, { config: posixRelative(workspaceDir, summary!.configPath), runDir: posixRelative(workspaceDir, runDir) }),
    );
    await upsertRow(experimentsDir, end);
    await removeRunOwner(runDir).catch(() => undefined);
    settled.push(end);
  }
  return settled;
}
