import * as vscode from 'vscode';

export interface LabPaths {
  folder: vscode.WorkspaceFolder;
  dataset: vscode.Uri;
  experiments: vscode.Uri;
}

/** The lab's folders in the first workspace folder, from the settings; undefined without a folder. */
export function labPaths(): LabPaths | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const cfg = vscode.workspace.getConfiguration('catsDogs', folder.uri);
  return {
    folder,
    dataset: vscode.Uri.joinPath(folder.uri, cfg.get<string>('datasetFolder') || 'cats_vs_dogs'),
    experiments: vscode.Uri.joinPath(folder.uri, cfg.get<string>('experimentsFolder') || 'experiments'),
  };
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A dataset is ready when every split has both class folders. */
export async function datasetReady(dataset: vscode.Uri): Promise<boolean> {
  for (const split of ['train', 'validation', 'test']) {
    for (const cls of ['cats', 'dogs']) {
      if (!(await exists(vscode.Uri.joinPath(dataset, split, cls)))) return false;
    }
  }
  return true;
}
