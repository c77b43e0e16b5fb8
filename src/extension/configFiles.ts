import * as vscode from 'vscode';
import { relative } from 'node:path';
import { baselineConfig, SCHEMA_RELATIVE_PATH } from '../shared/config/templates';
import { exists, type LabPaths } from './workspace';

const encoder = new TextEncoder();

/** Copies the bundled JSON Schema next to the configs, so "$schema" resolves even without the extension. */
export async function ensureSchemaCopy(context: vscode.ExtensionContext, paths: LabPaths): Promise<void> {
  const target = vscode.Uri.joinPath(paths.experiments, SCHEMA_RELATIVE_PATH);
  const source = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schema', 'experiment.schema.json');
  const bytes = await vscode.workspace.fs.readFile(source);
  if (await exists(target)) {
    const current = await vscode.workspace.fs.readFile(target);
    if (Buffer.from(current).equals(Buffer.from(bytes))) return;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
}

/** The baseline config's URI, written from the lab's template when it does not exist yet. */
export async function ensureBaselineConfig(context: vscode.ExtensionContext, paths: LabPaths): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(paths.experiments, 'baseline.json');
  await ensureSchemaCopy(context, paths);
  if (!(await exists(uri))) {
    const dataRel = relative(paths.experiments.fsPath, paths.dataset.fsPath).split('\\').join('/');
    const text = JSON.stringify(baselineConfig(dataRel), null, 2) + '\n';
    await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  }
  return uri;
}
