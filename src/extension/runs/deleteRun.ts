import * as vscode from 'vscode';
import { RESULTS_FILE, ResultsTableDamagedError, deleteRow } from '../../shared/node/resultsStore';
import { notifyWithActions } from '../notify';
import { exists, type LabPaths } from '../workspace';
import { runFolderUri } from './runFolders';

/**
 * Deletes a run after a modal confirmation: its folder goes to the trash (or, when the file system has
 * no trash, is deleted after a second confirmation) and its row leaves results.csv. True when done.
 */
export async function deleteRun(paths: LabPaths, runId: string, name: string): Promise<boolean> {
  const dir = runFolderUri(paths, runId);
  if (!dir) return false;
  const rel = vscode.workspace.asRelativePath(dir, false);
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete run "{0}"?', name),
    { modal: true, detail: vscode.l10n.t('Its folder {0} goes to the trash and its row is removed from {1}.', rel, RESULTS_FILE) },
    remove,
  );
  if (choice !== remove) return false;
  if (await exists(dir)) {
    try {
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: true });
    } catch (err) {
      const permanently = vscode.l10n.t('Delete Permanently');
      const again = await vscode.window.showWarningMessage(
        vscode.l10n.t('The folder {0} could not be moved to the trash.', rel),
        { modal: true, detail: `${err instanceof Error ? err.message : String(err)}\n\n${vscode.l10n.t('Delete it permanently instead?')}` },
        permanently,
      );
      if (again !== permanently) return false;
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
  }
  try {
    await deleteRow(paths.experiments.fsPath, runId);
  } catch (err) {
    if (!(err instanceof ResultsTableDamagedError)) throw err;
    notifyWithActions('error', vscode.l10n.t('The run folder was deleted, but {0} has problems, so its row was left in place: {1}', RESULTS_FILE, err.message), {
      [vscode.l10n.t('Open {0}', RESULTS_FILE)]: () => vscode.window.showTextDocument(vscode.Uri.joinPath(paths.experiments, RESULTS_FILE)),
    });
  }
  return true;
}
