import * as vscode from 'vscode';
import { join } from 'node:path';
import { markStaleRunning } from '../shared/node/resultsStore';
import { runOwnerAlive } from '../shared/node/runOwner';
import { output } from './output';
import { labPaths } from './workspace';

/**
 * A run whose engine died with the window (or was killed) is still 'running' in results.csv:
 * at start-up, rows whose owning process is gone become 'failed'. Runs alive in another window
 * or a terminal are left alone.
 */
export async function recordInterruptedRuns(): Promise<string[]> {
  const paths = labPaths();
  if (!paths || !vscode.workspace.isTrusted) return [];
  const dir = paths.experiments.fsPath;
  try {
    const marked = await markStaleRunning(dir, (row) => runOwnerAlive(join(dir, 'runs', row.runId)));
    if (marked.length) output().warn(`Marked ${marked.length} interrupted run(s) as failed: ${marked.join(', ')}`);
    return marked;
  } catch (err) {
    output().warn(`Could not check results.csv for interrupted runs: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
