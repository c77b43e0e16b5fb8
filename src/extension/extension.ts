import * as vscode from 'vscode';
import { ensureBaselineConfig } from './configFiles';
import { requireWorkspace } from './commands/guards';
import { trainCommand } from './commands/train';
import { TrainingPanel } from './views/trainingPanel';
import type { TrainingViewState } from '../shared/protocol/webview';
import { recordInterruptedRuns } from './interruptedRuns';
import { COMMANDS, EXPERIMENTS_VIEW_ID } from './commands/ids';
import { notify, shownMessages, type ShownMessage } from './notify';
import { output } from './output';
import { registerLabViews } from './views/registerLabViews';
import { prepareDatasetCommand, type PrepareArgs } from './commands/prepareDataset';
import { stopAllEngines } from './engine/engineJobs';
import { labPaths } from './workspace';

/** What activate() returns: a small surface for the integration tests and other extensions. */
export interface CatsDogsApi {
  readonly shownMessages: readonly ShownMessage[];
  /** What the Training view shows now. */
  trainingState(): TrainingViewState;
}

export function activate(context: vscode.ExtensionContext): CatsDogsApi {
  const log = output();
  context.subscriptions.push(log);
  log.info(`Cats vs Dogs Lab ${context.extension.packageJSON.version} activated (${vscode.env.appName} ${vscode.version}).`);

  registerLabViews(context);
  // Runs that died with an earlier window get their end; the Training view then shows that end.
  void recordInterruptedRuns().then(() => {
    const paths = labPaths();
    if (paths && vscode.workspace.isTrusted) return TrainingPanel.showRecordedEnd(paths.experiments.fsPath).catch(() => undefined);
  });

  const register = (id: string, fn: (...args: any[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: any[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          log.error(`${id} failed: ${err instanceof Error ? err.stack : message}`);
          void notify('error', message);
        }
      }),
    );

  register(COMMANDS.train, (arg?: unknown) => trainCommand(context, arg));

  register(COMMANDS.prepareDataset, (args?: PrepareArgs) => prepareDatasetCommand(context, args));

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

  return { shownMessages, trainingState: () => TrainingPanel.state };
}

/** The window is closing or reloading: the engine stops with it (it also stops by itself when the IPC channel closes). */
export function deactivate(): Promise<void> {
  return stopAllEngines();
}
