import * as vscode from 'vscode';
import { ensureBaselineConfig } from './configFiles';
import { requireWorkspace } from './commands/guards';
import { registerCommand } from './commands/register';
import { trainCommand } from './commands/train';
import { TrainingPanel } from './views/trainingPanel';
import type { TrainingViewState } from '../shared/protocol/webview';
import { recordInterruptedRuns } from './interruptedRuns';
import { COMMANDS, EXPERIMENTS_VIEW_ID, WALKTHROUGH_ID } from './commands/ids';
import { showBestRun } from './commands/showBestRun';
import { LabProgressContext } from './labProgress';
import type { LabProgress } from '../shared/analysis/labProgress';
import { shownMessages, type ShownMessage } from './notify';
import { output } from './output';
import { registerLabViews } from './views/registerLabViews';
import { prepareDatasetCommand, type PrepareArgs } from './commands/prepareDataset';
import { stopAllEngines } from './engine/engineJobs';
import { registerExperimentCommands } from './commands/registerExperimentCommands';
import { labPaths } from './workspace';

/** What activate() returns: a small surface for the integration tests and other extensions. */
export interface CatsDogsApi {
  readonly shownMessages: readonly ShownMessage[];
  /** What the Training view shows now. */
  trainingState(): TrainingViewState;
  /** The lab's progress as last set in the walkthrough's context keys (undefined until first computed). */
  labProgress(): LabProgress | undefined;
}

export function activate(context: vscode.ExtensionContext): CatsDogsApi {
  const log = output();
  context.subscriptions.push(log);
  log.info(`Cats vs Dogs Lab ${context.extension.packageJSON.version} activated (${vscode.env.appName} ${vscode.version}).`);

  const experiments = registerLabViews(context);
  const progress = new LabProgressContext(experiments.onDidChangeLabFiles);
  context.subscriptions.push(progress);
  // Runs that died with an earlier window get their end; the Training view then shows that end.
  void recordInterruptedRuns().then(() => {
    const paths = labPaths();
    if (paths && vscode.workspace.isTrusted) return TrainingPanel.showRecordedEnd(paths.experiments.fsPath).catch(() => undefined);
  });

  const register = (id: string, fn: (...args: any[]) => unknown) => registerCommand(context, id, fn);

  register(COMMANDS.train, (arg?: unknown) => trainCommand(context, arg));

  register(COMMANDS.prepareDataset, (args?: PrepareArgs) => prepareDatasetCommand(context, args));
  registerExperimentCommands(context);

  register(COMMANDS.openConfig, async () => {
    const paths = requireWorkspace();
    if (!paths) return;
    const uri = await ensureBaselineConfig(context, paths);
    await vscode.window.showTextDocument(uri);
    return uri;
  });

  register(COMMANDS.showExperiments, async () => {
    await vscode.commands.executeCommand(`${EXPERIMENTS_VIEW_ID}.focus`);
  });

  register(COMMANDS.showBestRun, () => showBestRun());

  register(COMMANDS.openWalkthrough, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false));

  return { shownMessages, trainingState: () => TrainingPanel.state, labProgress: () => progress.state };
}

/** The window is closing or reloading: the engine stops with it (it also stops by itself when the IPC channel closes). */
export function deactivate(): Promise<void> {
  return stopAllEngines();
}
