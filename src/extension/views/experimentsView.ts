import * as vscode from 'vscode';
import { configDiff } from '../../shared/analysis/configDiff';
import { trainingStateFromSummary } from '../../shared/analysis/trainingState';
import { RESULTS_FILE, readTable } from '../../shared/node/resultsStore';
import {
  MAX_COMPARED,
  WEBVIEW_PROTOCOL_VERSION,
  parseExperimentsViewMessage,
  type ExperimentsHostToView,
  type ExperimentsViewState,
  type ExperimentsViewToHost,
  type RunAction,
} from '../../shared/protocol/webview';
import type { ResultRow } from '../../shared/results/row';
import { COMMANDS, EXPERIMENTS_VIEW_ID } from '../commands/ids';
import { notify, notifyWithActions } from '../notify';
import { output } from '../output';
import { deleteRun } from '../runs/deleteRun';
import { readRunConfig, readRunCurves, readRunSummary, runFolderUri, workspaceFile } from '../runs/runFolders';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { datasetReady, exists, labPaths, type LabPaths } from '../workspace';
import { TrainingPanel } from './trainingPanel';

/** The "Experiments" sidebar view: the results table, kept in the host and re-sent on `ready`. */
export class ExperimentsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private readonly disposables: vscode.Disposable[] = [];
  private compareIds: string[] = [];
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The results table, the dataset, trust or the running run changed (debounced): the lab's progress may have moved. */
  readonly onDidChangeLabFiles = this.changed.event;

  constructor(private readonly extensionUri: vscode.Uri) {
    const paths = labPaths();
    if (paths) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(paths.folder, '**/{results.csv,results.pending.csv,dataset.json}'));
      const refresh = () => this.refresh();
      this.disposables.push(watcher, watcher.onDidChange(refresh), watcher.onDidCreate(refresh), watcher.onDidDelete(refresh));
      // Preparation swaps the whole dataset folder in with a rename, which reports the folder, not its dataset.json.
      const dataset = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(paths.dataset, '..'), paths.dataset.path.split('/').pop()!));
      this.disposables.push(dataset, dataset.onDidCreate(refresh), dataset.onDidDelete(refresh));
    }
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      TrainingPanel.onDidChangeState((c) => {
        if (c.previousPhase !== c.state.phase) this.refresh();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'experiments.js', vscode.l10n.t('Experiments'));
    view.webview.onDidReceiveMessage(
      (raw) => {
        const msg = parseExperimentsViewMessage(raw);
        if (!msg) return output().warn(`Ignored a malformed message from the Experiments view: ${JSON.stringify(raw)?.slice(0, 200)}`);
        void this.handle(msg).catch((err) => {
          output().error(`Experiments view action failed: ${err instanceof Error ? err.stack : err}`);
          void notify('error', err instanceof Error ? err.message : String(err));
        });
      },
      undefined,
      this.disposables,
    );
    view.onDidDispose(() => (this.view = undefined), undefined, this.disposables);
  }

  private async handle(msg: ExperimentsViewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.postState();
      case 'command':
        await vscode.commands.executeCommand(COMMANDS[msg.command]);
        return;
      case 'compare':
        return this.compare(msg.runIds, false);
      case 'openResultsTable': {
        const paths = labPaths();
        if (paths) await vscode.window.showTextDocument(vscode.Uri.joinPath(paths.experiments, RESULTS_FILE));
        return;
      }
      case 'runAction':
        return this.runAction(msg.action, msg.runId);
    }
  }

  /** Shows the given runs side by side (curves and config differences); [] ends the comparison. */
  async compare(runIds: readonly string[], reveal = true): Promise<void> {
    this.compareIds = [...new Set(runIds)].slice(0, MAX_COMPARED);
    if (reveal) await vscode.commands.executeCommand(`${EXPERIMENTS_VIEW_ID}.focus`);
    await this.postState();
  }

  private async runAction(action: RunAction, runId: string): Promise<void> {
    const paths = labPaths();
    if (!paths) return;
    const dir = runFolderUri(paths, runId);
    if (!dir) return;
    const row = (await this.rows(paths)).find((r) => r.runId === runId);
    switch (action) {
      case 'openFolder':
        await vscode.commands.executeCommand(COMMANDS.openRunFolder, runId);
        return;
      case 'openConfig': {
        const used = vscode.Uri.joinPath(dir, 'config.json');
        const uri = (await exists(used)) ? used : row && (await workspaceFile(paths, row.config));
        if (!uri) return void notify('warning', vscode.l10n.t('Run {0} has no config.json and its config file is gone.', runId));
        await vscode.window.showTextDocument(uri, { preview: true });
        return;
      }
      case 'rerun': {
        const source = row && (await workspaceFile(paths, row.config));
        if (!source) {
          const used = vscode.Uri.joinPath(dir, 'config.json');
          notifyWithActions('warning', vscode.l10n.t('The config of run {0} ({1}) is no longer in the workspace. Save the config the run used as a new experiment, then train it.', runId, row?.config ?? '?'), {
            [vscode.l10n.t('Open Run Config')]: () => vscode.window.showTextDocument(used),
          });
          return;
        }
        await vscode.commands.executeCommand(COMMANDS.train, source);
        return;
      }
      case 'delete':
        if (TrainingPanel.isRunning && TrainingPanel.state.runId === runId) {
          return void notify('warning', vscode.l10n.t('Run {0} is in progress: cancel it before deleting it.', runId));
        }
        if (await deleteRun(paths, runId, row?.name ?? runId)) {
          this.compareIds = this.compareIds.filter((id) => id !== runId);
          await this.postState();
        }
        return;
      case 'showRun':
        return this.showRun(dir, runId);
    }
  }

  private async showRun(dir: vscode.Uri, runId: string): Promise<void> {
    if (TrainingPanel.state.runId === runId || TrainingPanel.isRunning) {
      if (TrainingPanel.isRunning && TrainingPanel.state.runId !== runId) void notify('info', vscode.l10n.t('A run is in progress; the Training view shows it until it ends.'));
      TrainingPanel.show();
      return;
    }
    const summary = await readRunSummary(dir);
    if (!summary) return void notify('warning', vscode.l10n.t('Run {0} has no readable summary.json.', runId));
    TrainingPanel.showPastRun(trainingStateFromSummary(summary, dir.fsPath, await readRunCurves(dir)));
  }

  private async rows(paths: LabPaths): Promise<ResultRow[]> {
    return (await readTable(paths.experiments.fsPath)).rows;
  }

  async snapshot(): Promise<ExperimentsViewState> {
    const paths = labPaths();
    const state: ExperimentsViewState = { rows: [], tableProblems: [], datasetReady: false, trusted: vscode.workspace.isTrusted };
    if (!paths) return state;
    state.datasetReady = await datasetReady(paths.dataset);
    try {
      const table = await readTable(paths.experiments.fsPath);
      const known = new Set(table.rows.map((r) => r.runId));
      state.rows = [...table.rows, ...table.pendingRows.filter((r) => !known.has(r.runId))];
      state.tableProblems = table.problems;
    } catch (err) {
      state.tableProblems = [{ line: 0, message: err instanceof Error ? err.message : String(err) }];
    }
    if (TrainingPanel.isRunning && TrainingPanel.state.runId) state.activeRunId = TrainingPanel.state.runId;
    const ids = this.compareIds.filter((id) => state.rows.some((r) => r.runId === id));
    if (ids.length >= 2) state.compare = await this.comparison(paths, ids);
    return state;
  }

  private async comparison(paths: LabPaths, runIds: string[]): Promise<NonNullable<ExperimentsViewState['compare']>> {
    const curves = [];
    const configs: Record<string, unknown> = {};
    for (const runId of runIds) {
      const dir = runFolderUri(paths, runId)!;
      curves.push({ runId, epochs: await readRunCurves(dir) });
      const config = await readRunConfig(dir);
      if (config !== undefined) configs[runId] = config;
    }
    return { runIds, curves, diff: configDiff(configs) };
  }

  /** Re-reads the table and posts it (debounced: file events come in bursts). */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.changed.fire();
      void this.postState();
    }, 100);
  }

  async postState(): Promise<void> {
    if (!this.view) return;
    const message: ExperimentsHostToView = { type: 'state', protocolVersion: WEBVIEW_PROTOCOL_VERSION, state: await this.snapshot(), locale: vscode.env.language };
    await this.view.webview.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}
