import * as vscode from 'vscode';
import { basename } from 'node:path';
import { bestRun } from '../../shared/analysis/resultsTable';
import { readTable } from '../../shared/node/resultsStore';
import type { BackendChoice, EngineToHost, PredictJob } from '../../shared/protocol/engine';
import { isSafeRunId } from '../../shared/protocol/webview';
import type { ResultRow } from '../../shared/results/row';
import { RUN_FILES } from '../../shared/results/runFolder';
import { activeJob, cacheFolderSetting, runEngineJob } from '../engine/engineJobs';
import { notify, notifyWithActions } from '../notify';
import { output } from '../output';
import { runFolderUri } from '../runs/runFolders';
import { exists, type LabPaths } from '../workspace';
import { requireTrust, requireWorkspace } from './guards';
import { COMMANDS } from './ids';

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'bmp', 'gif'];

export interface ClassifyResult {
  image: string;
  runId: string;
  label: 'cat' | 'dog';
  /** The model's probability of "dog". */
  probability: number;
  /** The probability of the answer given (0.5 to 1). */
  confidence: number;
}

/** Completed runs that still have a trained model, best test accuracy first. */
async function usableRuns(paths: LabPaths): Promise<ResultRow[]> {
  const { rows } = await readTable(paths.experiments.fsPath);
  const completed = rows.filter((r) => r.status === 'completed' && isSafeRunId(r.runId));
  const usable: ResultRow[] = [];
  for (const row of completed) {
    const dir = runFolderUri(paths, row.runId);
    if (dir && (await exists(vscode.Uri.joinPath(dir, RUN_FILES.model)))) usable.push(row);
  }
  return usable.sort((a, b) => (b.testAcc ?? -1) - (a.testAcc ?? -1));
}

function percent(fraction: number, digits: number): string {
  return new Intl.NumberFormat(vscode.env.language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction * 100);
}

async function chooseRun(paths: LabPaths, runArg: string | undefined, pick: boolean): Promise<ResultRow | undefined> {
  const runs = await usableRuns(paths);
  if (runs.length === 0) {
    notifyWithActions('warning', vscode.l10n.t('No completed run with a trained model yet: train an experiment first.'), {
      [vscode.l10n.t('Train')]: () => vscode.commands.executeCommand(COMMANDS.train),
    });
    return undefined;
  }
  if (runArg !== undefined) {
    const run = runs.find((r) => r.runId === runArg);
    if (!run) void notify('warning', vscode.l10n.t('Run {0} is not a completed run with a trained model.', runArg));
    return run;
  }
  if (!pick) return bestRun(runs) ?? runs[0];
  const choice = await vscode.window.showQuickPick(
    runs.map((r) => ({ label: r.name, description: r.testAcc === undefined ? '' : vscode.l10n.t('test accuracy {0} %', percent(r.testAcc, 2)), detail: `${r.backbone} · ${r.inputSize} · ${r.runId}`, run: r })),
    { title: vscode.l10n.t('Classify with which run?'), ignoreFocusOut: true },
  );
  return choice?.run;
}

async function choosePhoto(paths: LabPaths, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  const test = vscode.Uri.joinPath(paths.dataset, 'test');
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Classify Photo'),
    canSelectMany: false,
    defaultUri: (await exists(test)) ? test : paths.folder.uri,
    filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
    openLabel: vscode.l10n.t('Classify'),
  });
  return picked?.[0];
}

/**
 * catsDogs.classifyPhoto (image?: Uri, runId?: string) and catsDogs.classifyPhotoWithRun (a run picked
 * first): the engine's `predict` job on one photo with the best completed run or the chosen one;
 * the answer goes to a notification ("Dog, 97.3 %") and the Output channel.
 */
export async function classifyPhotoCommand(context: vscode.ExtensionContext, imageArg: unknown, runArg: unknown, pickRun: boolean): Promise<ClassifyResult | undefined> {
  const paths = requireWorkspace();
  if (!paths || !requireTrust(vscode.l10n.t('Classifying a photo'))) return undefined;
  const running = activeJob();
  if (running) {
    void notify('warning', vscode.l10n.t('{0} is still running: wait for it or cancel it first.', running.label));
    return undefined;
  }
  const run = await chooseRun(paths, typeof runArg === 'string' ? runArg : undefined, pickRun);
  if (!run) return undefined;
  const photo = await choosePhoto(paths, imageArg);
  if (!photo) return undefined;
  if (photo.scheme !== 'file' || !(await exists(photo))) {
    void notify('warning', vscode.l10n.t('{0} is not a photo on this machine\'s disk.', photo.toString(true)));
    return undefined;
  }
  const settings = vscode.workspace.getConfiguration('catsDogs', paths.folder.uri);
  const job: PredictJob = {
    kind: 'predict',
    runDir: runFolderUri(paths, run.runId)!.fsPath,
    images: [photo.fsPath],
    backend: settings.get<BackendChoice>('backend') ?? 'auto',
    cacheDir: cacheFolderSetting(),
  };
  const name = basename(photo.fsPath);
  let predictions: Extract<EngineToHost, { type: 'predictions' }>['predictions'] | undefined;
  const end = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Classifying {0} with "{1}"…', name, run.name), cancellable: true },
    async (_progress, token) => {
      const { process, done } = runEngineJob(context, job, {
        label: vscode.l10n.t('Classifying {0}', name),
        onEvent: (e) => {
          if (e.type === 'predictions') predictions = e.predictions;
        },
      });
      const sub = token.onCancellationRequested(() => process.cancel());
      try {
        return await done;
      } finally {
        sub.dispose();
      }
    },
  );
  const answer = predictions?.find((p) => p.image === photo.fsPath) ?? predictions?.[0];
  if (!answer || 'error' in answer) {
    if (end.status === 'cancelled') return undefined;
    const why = answer && 'error' in answer ? answer.error : end.error ? `${end.error.message}${end.error.hint ? ` ${end.error.hint}` : ''}` : vscode.l10n.t('the engine gave no answer');
    void notify('error', vscode.l10n.t('Could not classify {0}: {1}', name, why));
    return undefined;
  }
  const confidence = answer.label === 'dog' ? answer.probability : 1 - answer.probability;
  const verdict = answer.label === 'dog' ? vscode.l10n.t('Dog, {0} %', percent(confidence, 1)) : vscode.l10n.t('Cat, {0} %', percent(confidence, 1));
  output().info(`Classified ${photo.fsPath} with run ${run.runId}: ${answer.label} (P(dog) = ${answer.probability.toFixed(4)})`);
  const accuracy = run.testAcc === undefined ? '' : ` ${vscode.l10n.t('(test accuracy {0} %)', percent(run.testAcc, 2))}`;
  void notify('info', `${verdict} — ${vscode.l10n.t('{0}, run "{1}"', name, run.name)}${accuracy}`);
  return { image: photo.fsPath, runId: run.runId, label: answer.label, probability: answer.probability, confidence };
}
