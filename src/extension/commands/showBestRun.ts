import * as vscode from 'vscode';
import { bestRun } from '../../shared/analysis/resultsTable';
import { trainingStateFromSummary } from '../../shared/analysis/trainingState';
import { readTable } from '../../shared/node/resultsStore';
import type { ResultRow } from '../../shared/results/row';
import { notifyWithActions } from '../notify';
import { readRunCurves, readRunSummary, runFolderUri, workspaceFile } from '../runs/runFolders';
import { TrainingPanel } from '../views/trainingPanel';
import { requireWorkspace } from './guards';
import { COMMANDS } from './ids';

function seconds(s: number): string {
  return s < 60 ? vscode.l10n.t('{0} s', Math.round(s)) : vscode.l10n.t('{0} min {1} s', Math.floor(s / 60), Math.round(s % 60));
}

/**
 * catsDogs.showBestRun: names the completed run with the highest test accuracy (ties: the faster),
 * shows its curves in the Training view and offers its config. Returns the row, for tests.
 */
export async function showBestRun(): Promise<ResultRow | undefined> {
  const paths = requireWorkspace();
  if (!paths) return undefined;
  const best = bestRun((await readTable(paths.experiments.fsPath)).rows);
  if (!best) {
    notifyWithActions('info', vscode.l10n.t('No run has finished with a test accuracy yet: train the baseline first.'), {
      [vscode.l10n.t('Train')]: () => vscode.commands.executeCommand(COMMANDS.train),
    });
    return undefined;
  }
  const dir = runFolderUri(paths, best.runId);
  const summary = dir && (await readRunSummary(dir));
  if (dir && summary && !TrainingPanel.isRunning) TrainingPanel.showPastRun(trainingStateFromSummary(summary, dir.fsPath, await readRunCurves(dir)));
  const head = best.head || vscode.l10n.t('no hidden layer');
  const message = vscode.l10n.t(
    'The best run so far is "{0}": {1}, {2} pooling, head {3}; test accuracy {4}% after {5} of training.',
    best.name,
    best.backbone,
    best.pooling,
    head,
    ((best.testAcc ?? 0) * 100).toFixed(2),
    seconds(best.trainSeconds),
  );
  const config = await workspaceFile(paths, best.config);
  notifyWithActions('info', message, config ? { [vscode.l10n.t('Open Its Config')]: () => vscode.window.showTextDocument(config) } : {});
  return best;
}
