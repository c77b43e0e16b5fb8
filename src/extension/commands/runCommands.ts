import * as vscode from 'vscode';
import { bestRun } from '../../shared/analysis/resultsTable';
import { readTable } from '../../shared/node/resultsStore';
import { isSafeRunId } from '../../shared/protocol/webview';
import { notify } from '../notify';
import { isInside, runFolderUri } from '../runs/runFolders';
import type { ExperimentsViewProvider } from '../views/experimentsView';
import { TrainingPanel } from '../views/trainingPanel';
import { exists } from '../workspace';
import { requireWorkspace } from './guards';

/** catsDogs.openRunFolder [runId | Uri]: reveals a run folder in the Explorer (the current or last run by default). */
export async function openRunFolder(arg?: unknown): Promise<vscode.Uri | undefined> {
  const paths = requireWorkspace();
  if (!paths) return undefined;
  let dir: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) dir = isInside(paths.folder.uri, arg) ? arg : undefined;
  else if (isSafeRunId(arg)) dir = runFolderUri(paths, arg);
  else if (arg === undefined) {
    const runId = TrainingPanel.state.runId ?? (await pickRun(paths.experiments.fsPath));
    dir = runId ? runFolderUri(paths, runId) : undefined;
  }
  if (!dir) return undefined;
  if (!(await exists(dir))) {
    void notify('warning', vscode.l10n.t('The run folder {0} does not exist (yet).', vscode.workspace.asRelativePath(dir, false)));
    return undefined;
  }
  await vscode.commands.executeCommand('revealInExplorer', dir);
  return dir;
}

async function pickRun(experimentsDir: string): Promise<string | undefined> {
  const { rows } = await readTable(experimentsDir);
  if (rows.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    rows.map((r) => ({ label: r.name, description: r.runId, detail: r.testAcc === undefined ? r.status : `${(r.testAcc * 100).toFixed(2)}%`, runId: r.runId })),
    { placeHolder: vscode.l10n.t('Pick a run') },
  );
  return picked?.runId;
}

/**
 * catsDogs.compareRuns [runIds]: shows runs side by side in the Experiments view. One id is compared
 * with the best other completed run; none means the current or last run and the best one.
 */
export async function compareRuns(experiments: ExperimentsViewProvider, arg?: unknown): Promise<string[] | undefined> {
  const paths = requireWorkspace();
  if (!paths) return undefined;
  let ids = Array.isArray(arg) ? arg.filter(isSafeRunId) : [];
  if (ids.length === 0 && TrainingPanel.state.runId) ids = [TrainingPanel.state.runId];
  if (ids.length === 1) {
    const { rows } = await readTable(paths.experiments.fsPath);
    const best = bestRun(rows.filter((r) => r.runId !== ids[0]));
    if (!best) {
      void notify('info', vscode.l10n.t('There is no other completed run to compare with yet.'));
      return undefined;
    }
    ids = [ids[0], best.runId];
  }
  await experiments.compare(ids);
  return ids;
}
