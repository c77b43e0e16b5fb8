import * as vscode from 'vscode';
import { COMMANDS, EXPERIMENTS_VIEW_ID } from '../commands/ids';
import { registerCommand } from '../commands/register';
import { compareRuns, openRunFolder } from '../commands/runCommands';
import { notifyRunEnded } from '../runNotifications';
import { TrainingStatusBar } from '../statusBar';
import { ExperimentsViewProvider } from './experimentsView';
import { TrainingPanel } from './trainingPanel';

/**
 * The lab's views and their commands: the Training panel (and its restore after a reload), the
 * Experiments view, the status bar entry, and the notification when a run ends. The engine client
 * only calls TrainingPanel.reset / feed and listens to TrainingPanel.onDidRequestCancel.
 */
export function registerLabViews(context: vscode.ExtensionContext): ExperimentsViewProvider {
  context.subscriptions.push(TrainingPanel.init(context));
  const experiments = new ExperimentsViewProvider(context.extensionUri);
  const statusBar = new TrainingStatusBar();
  let training: boolean | undefined;
  const setTrainingContext = () => {
    if (training === TrainingPanel.isRunning) return;
    training = TrainingPanel.isRunning;
    void vscode.commands.executeCommand('setContext', 'catsDogs.training', training);
  };
  context.subscriptions.push(
    experiments,
    vscode.window.registerWebviewViewProvider(EXPERIMENTS_VIEW_ID, experiments),
    statusBar,
    TrainingPanel.onDidChangeState((change) => {
      statusBar.update(change.state);
      setTrainingContext();
      const ended = change.state.phase === 'finished' && ['starting', 'running', 'cancelling'].includes(change.previousPhase);
      if (ended) notifyRunEnded(change.state);
    }),
  );
  statusBar.update(TrainingPanel.state);
  setTrainingContext();

  const register = (id: string, fn: (...args: any[]) => unknown) => registerCommand(context, id, fn);
  register(COMMANDS.showTraining, () => void TrainingPanel.show(context.extensionUri));
  register(COMMANDS.cancelTraining, () => TrainingPanel.requestCancel());
  register(COMMANDS.openRunFolder, (arg?: unknown) => openRunFolder(arg));
  register(COMMANDS.compareRuns, (arg?: unknown) => compareRuns(experiments, arg));
  return experiments;
}
