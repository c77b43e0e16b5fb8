import * as vscode from 'vscode';
import { recordInterruptedRuns as settleInterruptedRuns } from '../shared/node/interruptedRuns';
import { output } from './output';
import { labPaths } from './workspace';

/**
 * A run whose engine died with the window (or was killed) is still 'running' in results.csv:
 * at start-up, rows whose owning process is gone get their end (failed, or what their summary.json
 * recorded). Runs alive in another window or a terminal are left alone. The engine does the same
 * before each training run, so runs from the CLI heal too.
 */
export async function recordInterruptedRuns(): Promise<string[]> {
  const paths = labPaths();
  if (!paths || !vscode.workspace.isTrusted) return [];
  try {
    const settled = await settleInterruptedRuns(paths.experiments.fsPath, paths.folder.uri.fsPath);
    if (settled.length) output().warn(`Recorded the end of ${settled.length} interrupted run(s): ${settled.map((r) => `${r.runId} (${r.status})`).join(', ')}`);
    return settled.map((r) => r.runId);
  } catch (err) {
    output().warn(`Could not check results.csv for interrupted runs: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
