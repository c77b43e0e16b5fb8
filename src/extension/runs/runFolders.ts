import * as vscode from 'vscode';
import { isAbsolute, relative } from 'node:path';
import { isSafeRunId, type EpochPoint } from '../../shared/protocol/webview';
import { RUN_FILES, parseMetricsCsv, type RunSummary } from '../../shared/results/runFolder';
import { exists, type LabPaths } from '../workspace';

/** experiments/runs/<runId>, or undefined for an id that is not a plain folder name. */
export function runFolderUri(paths: LabPaths, runId: string): vscode.Uri | undefined {
  return isSafeRunId(runId) ? vscode.Uri.joinPath(paths.experiments, 'runs', runId) : undefined;
}

/** Whether `uri` lies inside `folder` (never above it, never elsewhere). */
export function isInside(folder: vscode.Uri, uri: vscode.Uri): boolean {
  if (uri.scheme !== folder.scheme) return false;
  const rel = relative(folder.fsPath, uri.fsPath);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * A path from results.csv or a summary (workspace- or experiments-relative, or absolute) as a Uri
 * inside the workspace folder; undefined when it points outside it or does not exist.
 */
export async function workspaceFile(paths: LabPaths, path: string): Promise<vscode.Uri | undefined> {
  if (!path || path.includes('\0')) return undefined;
  const candidates = isAbsolute(path)
    ? [vscode.Uri.file(path)]
    : [vscode.Uri.joinPath(paths.folder.uri, path), vscode.Uri.joinPath(paths.experiments, path)];
  for (const uri of candidates) if (isInside(paths.folder.uri, uri) && (await exists(uri))) return uri;
  return undefined;
}

const decoder = new TextDecoder();

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function readRunSummary(runDir: vscode.Uri): Promise<RunSummary | undefined> {
  const text = await readText(vscode.Uri.joinPath(runDir, RUN_FILES.summary));
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && typeof v.runId === 'string' && Array.isArray(v.epochs) && v.config && v.backend ? (v as RunSummary) : undefined;
  } catch {
    return undefined;
  }
}

/** Per-epoch metrics from metrics.csv, falling back to summary.json. */
export async function readRunCurves(runDir: vscode.Uri): Promise<EpochPoint[]> {
  const text = await readText(vscode.Uri.joinPath(runDir, RUN_FILES.metrics));
  const points = text === undefined ? [] : parseMetricsCsv(text);
  if (points.length > 0) return points;
  return (await readRunSummary(runDir))?.epochs ?? [];
}

/** The exact config a run used (its config.json), or undefined. */
export async function readRunConfig(runDir: vscode.Uri): Promise<unknown> {
  const text = await readText(vscode.Uri.joinPath(runDir, RUN_FILES.config));
  if (text === undefined) return (await readRunSummary(runDir))?.config;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
