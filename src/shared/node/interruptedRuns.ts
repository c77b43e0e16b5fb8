/**
 * Runs whose process ended without recording an end (killed, out of memory, a laptop shut down
 * mid-run) stay 'running' in results.csv. Whoever starts next — the extension when a window opens,
 * the engine before a training run (so CLI runs heal too) — settles them:
 *   - the run's summary.json already records an end (the process died between writing summary.json
 *     and the row): the row is rebuilt from the summary, so a finished run is never called failed;
 *   - otherwise the run is 'failed', and its summary.json says it was interrupted.
 * Runs whose process is alive (this machine) or that belong to another machine are left alone.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isSafeRunId } from '../protocol/webview';
import { resultRowFromSummary } from '../results/fromSummary';
import type { ResultRow } from '../results/row';
import { RUN_FILES, type RunSummary } from '../results/runFolder';
import { writeFileAtomic } from './atomicWrite';
import { settleStaleRunning } from './resultsStore';
import { removeRunOwner, runOwnerAlive } from './runOwner';

export const INTERRUPTED_MESSAGE = 'The run was interrupted: its process ended (killed, out of memory, or the computer shut down) before it could record an end.';

async function readSummary(runDir: string): Promise<RunSummary | undefined> {
  try {
    const summary = JSON.parse(await fs.readFile(join(runDir, RUN_FILES.summary), 'utf8')) as RunSummary;
    return summary && typeof summary === 'object' && typeof summary.status === 'string' && summary.config ? summary : undefined;
  } catch {
    return undefined;
  }
}

/** The end to record for a dead run (and its summary.json brought in line). */
async function settleRun(experimentsDir: string, row: ResultRow): Promise<ResultRow> {
  const failed: ResultRow = { ...row, status: 'failed' };
  // A hand-edited row must not lead us to write outside the runs folder.
  if (!isSafeRunId(row.runId)) return failed;
  const runDir = join(experimentsDir, 'runs', row.runId);
  const summary = await readSummary(runDir);
  let end = failed;
  if (summary && summary.runId === row.runId && summary.status !== 'running') {
    try {
      end = resultRowFromSummary(summary, { config: row.config, runDir: row.runDir });
    } catch {
      end = failed; // a summary.json too damaged to build a row from
    }
  } else if (summary && summary.runId === row.runId) {
    const epochSeconds = summary.epochs?.reduce((s, e) => s + e.seconds, 0) ?? 0;
    await writeFileAtomic(
      join(runDir, RUN_FILES.summary),
      JSON.stringify({ ...summary, status: 'failed', error: { message: INTERRUPTED_MESSAGE, hint: 'Train it again; runs recorded before it are intact.' } }, null, 2) + '\n',
    ).catch(() => undefined);
    end = { ...failed, epochsRun: summary.epochs?.length ?? row.epochsRun, trainSeconds: row.trainSeconds || epochSeconds };
  }
  await removeRunOwner(runDir).catch(() => undefined);
  return end;
}

/** Settles the dead 'running' rows of this experiments folder; returns the rows written. */
export async function recordInterruptedRuns(experimentsDir: string): Promise<ResultRow[]> {
  return settleStaleRunning(
    experimentsDir,
    (row) => (isSafeRunId(row.runId) ? runOwnerAlive(join(experimentsDir, 'runs', row.runId)) : false),
    (row) => settleRun(experimentsDir, row),
  );
}
