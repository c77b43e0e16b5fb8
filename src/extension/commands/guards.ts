import * as vscode from 'vscode';
import { notifyWithActions } from '../notify';
import { datasetReady, labPaths, type LabPaths } from '../workspace';
import { COMMANDS } from './ids';

/** The lab's folders, or undefined after telling the user how to get a workspace. */
export function requireWorkspace(): LabPaths | undefined {
  const paths = labPaths();
  if (paths) return paths;
  notifyWithActions('warning', vscode.l10n.t('Cats vs Dogs Lab works in a folder: open a folder for the lab first.'), {
    [vscode.l10n.t('Open Folder')]: () => vscode.commands.executeCommand('vscode.openFolder'),
  });
  return undefined;
}

/** False, after explaining why, when the workspace is not trusted. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  notifyWithActions('warning', vscode.l10n.t('{0} is disabled in Restricted Mode: it runs code and writes files in this folder. Trust the folder to enable it.', what), {
    [vscode.l10n.t('Manage Workspace Trust')]: () => vscode.commands.executeCommand('workbench.trust.manage'),
  });
  return false;
}

/** True when the dataset exists; otherwise says so and offers "Prepare Dataset". */
export async function requireDataset(paths: LabPaths): Promise<boolean> {
  if (await datasetReady(paths.dataset)) return true;
  const rel = vscode.workspace.asRelativePath(paths.dataset, false);
  notifyWithActions(
    'warning',
    vscode.l10n.t('No dataset found in "{0}": it needs train, validation and test folders, each with cats and dogs. Prepare it from Kaggle\'s train.zip first.', rel),
    { [vscode.l10n.t('Prepare Dataset')]: () => vscode.commands.executeCommand(COMMANDS.prepareDataset) },
  );
  return false;
}
