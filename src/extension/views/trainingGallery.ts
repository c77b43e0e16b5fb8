import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { MisclassifiedGallery } from '../../shared/protocol/webview';
import { misclassified, parsePredictionsCsv } from '../../shared/results/predictions';
import { RUN_FILES } from '../../shared/results/runFolder';
import { notify } from '../notify';
import { isInside } from '../runs/runFolders';
import { webviewOptions, webviewRoots } from '../webviewHtml';
import { exists, labPaths } from '../workspace';

/** How many misclassified photos the gallery shows (the worst ones). */
export const GALLERY_LIMIT = 48;

const IMAGE = /\.(jpe?g|png|webp|bmp|gif)$/i;

/**
 * The Training panel's options: the bundle's assets as every webview, plus the dataset folder, so the
 * gallery can show test photos. Only this panel reaches the dataset; the other views keep the bundle-only rule.
 */
export function trainingPanelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  const dataset = labPaths()?.dataset;
  return { ...webviewOptions(extensionUri), localResourceRoots: [...webviewRoots(extensionUri), ...(dataset ? [dataset] : [])] };
}

/** A photo the gallery may show or open: an image file inside the workspace's dataset folder. */
export function datasetPhoto(file: string): vscode.Uri | undefined {
  const dataset = labPaths()?.dataset;
  if (!dataset || !IMAGE.test(file)) return undefined;
  const uri = vscode.Uri.file(file);
  return isInside(dataset, uri) ? uri : undefined;
}

/** The run's misclassified test photos from its predictions.csv, worst first, with URIs for this webview. */
export async function loadGallery(runDir: string, webview: vscode.Webview): Promise<MisclassifiedGallery> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(join(runDir, RUN_FILES.predictions))));
  } catch {
    return { runDir, tested: 0, total: 0, photos: [], problem: vscode.l10n.t('This run has no {0}.', RUN_FILES.predictions) };
  }
  const { predictions, problems } = parsePredictionsCsv(text);
  if (predictions.length === 0) {
    return { runDir, tested: 0, total: 0, photos: [], problem: problems[0] ? vscode.l10n.t('{0}, line {1}: {2}', RUN_FILES.predictions, problems[0].line, problems[0].message) : vscode.l10n.t('{0} is empty.', RUN_FILES.predictions) };
  }
  const { items, total } = misclassified(predictions, GALLERY_LIMIT);
  return {
    runDir,
    tested: predictions.length,
    total,
    photos: items.map((p) => {
      const uri = datasetPhoto(p.file);
      return { file: p.file, name: basename(p.file), ...(uri ? { src: webview.asWebviewUri(uri).toString() } : {}), label: p.label, predicted: p.predicted, confidence: p.confidence };
    }),
  };
}

/** Opens a gallery photo in the editor, after checking it is an image in the dataset folder. */
export async function openGalleryPhoto(file: string): Promise<boolean> {
  const uri = datasetPhoto(file);
  if (!uri || !(await exists(uri))) {
    void notify('warning', vscode.l10n.t('{0} is not a photo in the dataset folder, so it was not opened.', basename(file)));
    return false;
  }
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  return true;
}
