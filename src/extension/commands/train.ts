import * as vscode from 'vscode';
import { dirname, resolve } from 'node:path';
import { parseConfigText, type LocatedIssue } from '../../shared/config/parseConfigText';
import type { ExperimentConfig } from '../../shared/config/types';
import type { BackendChoice, EngineToHost, TrainJob } from '../../shared/protocol/engine';
import { ensureBaselineConfig } from '../configFiles';
import { activeJob, cacheFolderSetting, runEngineJob } from '../engine/engineJobs';
import { notifyWithActions } from '../notify';
import { TrainingPanel } from '../views/trainingPanel';
import { datasetReady, type LabPaths } from '../workspace';
import { requireTrust, requireWorkspace } from './guards';
import { COMMANDS } from './ids';

export interface TrainResult {
  status: 'completed' | 'cancelled' | 'failed';
  runId?: string;
  runDir?: string;
  testAcc?: number;
}

function isConfigFile(uri: vscode.Uri, paths: LabPaths): boolean {
  const rel = vscode.workspace.asRelativePath(uri, false);
  const experiments = vscode.workspace.asRelativePath(paths.experiments, false);
  return uri.fsPath.endsWith('.json') && rel.startsWith(`${experiments}/`) && !rel.slice(experiments.length + 1).includes('/');
}

/** The config to train: the argument, else the config open in the editor, else one picked (the baseline first). */
export async function pickConfig(context: vscode.ExtensionContext, paths: LabPaths, arg: unknown, title = vscode.l10n.t('Train which experiment?')): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.file(resolve(paths.folder.uri.fsPath, arg));
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isConfigFile(active, paths)) return active;
  const configs = (await vscode.workspace.findFiles(new vscode.RelativePattern(paths.experiments, '*.json'))).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (configs.length === 0) return ensureBaselineConfig(context, paths);
  if (configs.length === 1) return configs[0];
  const baseline = configs.findIndex((c) => c.fsPath.endsWith('baseline.json'));
  if (baseline > 0) configs.unshift(...configs.splice(baseline, 1));
  const pick = await vscode.window.showQuickPick(
    configs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { title, ignoreFocusOut: true },
  );
  return pick?.uri;
}

/** The config's text as the editor shows it (saved or not). */
async function configText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function showIssues(uri: vscode.Uri, issues: LocatedIssue[]): void {
  const first = issues[0];
  const where = first.line ? `${vscode.workspace.asRelativePath(uri, false)}:${first.line}:${first.column}` : vscode.workspace.asRelativePath(uri, false);
  const more = issues.length > 1 ? ' ' + vscode.l10n.t('({0} more problems)', issues.length - 1) : '';
  notifyWithActions('error', vscode.l10n.t('The experiment config has a problem at {0}: {1}{2}', where, `${first.path ? `${first.path}: ` : ''}${first.message}`, more), {
    [vscode.l10n.t('Open Config')]: async () => {
      const editor = await vscode.window.showTextDocument(uri);
      if (first.line) {
        const pos = new vscode.Position(first.line - 1, Math.max(0, (first.column ?? 1) - 1));
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
      }
    },
  });
}

export async function trainCommand(context: vscode.ExtensionContext, arg?: unknown): Promise<TrainResult | undefined> {
  const paths = requireWorkspace();
  if (!paths || !requireTrust(vscode.l10n.t('Training'))) return undefined;
  const running = activeJob();
  if (running) {
    notifyWithActions('warning', vscode.l10n.t('{0} is still running: wait for it or cancel it first.', running.label), {
      [vscode.l10n.t('Show')]: () => TrainingPanel.show(context.extensionUri),
      [vscode.l10n.t('Cancel It')]: () => running.cancel(),
    });
    return undefined;
  }
  const uri = await pickConfig(context, paths, arg);
  if (!uri) return undefined;
  const { config, issues } = parseConfigText(await configText(uri));
  if (!config) {
    showIssues(uri, issues);
    return undefined;
  }
  const dataDir = resolve(dirname(uri.fsPath), config.data);
  if (!(await datasetReady(vscode.Uri.file(dataDir)))) {
    notifyWithActions('warning', vscode.l10n.t('No dataset found in "{0}": it needs train, validation and test folders, each with cats and dogs. Prepare it from Kaggle\'s train.zip first.', vscode.workspace.asRelativePath(dataDir, false)), {
      [vscode.l10n.t('Prepare Dataset')]: () => vscode.commands.executeCommand(COMMANDS.prepareDataset),
    });
    return undefined;
  }
  return startTraining(context, paths, uri, config, dataDir);
}

async function startTraining(context: vscode.ExtensionContext, paths: LabPaths, uri: vscode.Uri, config: ExperimentConfig, dataDir: string): Promise<TrainResult> {
  const settings = vscode.workspace.getConfiguration('catsDogs', paths.folder.uri);
  const job: TrainJob = {
    kind: 'train',
    configPath: uri.fsPath,
    config,
    dataDir,
    experimentsDir: paths.experiments.fsPath,
    workspaceDir: paths.folder.uri.fsPath,
    cacheDir: cacheFolderSetting(),
    backend: settings.get<BackendChoice>('backend') ?? 'auto',
  };
  await vscode.workspace.fs.createDirectory(paths.experiments);
  TrainingPanel.reset({ runName: config.name, configPath: uri.fsPath, config, startedAt: new Date().toISOString() });
  TrainingPanel.show(context.extensionUri, { preserveFocus: true });
  let finished: Extract<EngineToHost, { type: 'finished' }> | undefined;
  const { process, done } = runEngineJob(context, job, {
    label: vscode.l10n.t('Training "{0}"', config.name),
    onEvent: (event) => {
      if (event.type === 'finished') finished = event;
      TrainingPanel.feed(event);
    },
  });
  const cancel = TrainingPanel.onDidRequestCancel(() => process.cancel());
  try {
    const end = await done;
    if (!finished) {
      // The engine died without a word (killed, out of memory): the panel must still show the end.
      TrainingPanel.feed({ type: 'finished', status: end.status, totalSeconds: 0, message: end.error?.message });
    }
    return { status: finished?.status ?? end.status, runId: finished?.runId, runDir: finished?.runDir, testAcc: finished?.test?.acc };
  } finally {
    cancel.dispose();
  }
}
