import * as vscode from 'vscode';
import { parseTable } from '../../shared/results/csv';
import {
  WEBVIEW_PROTOCOL_VERSION,
  parseExperimentsViewMessage,
  type ExperimentsHostToView,
  type ExperimentsViewState,
  type ExperimentsViewToHost,
} from '../../shared/protocol/webview';
import { COMMANDS } from '../commands/ids';
import { output } from '../output';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { datasetReady, labPaths } from '../workspace';

/** The "Experiments" sidebar view: the results table, kept in the host and re-sent on `ready`. */
export class ExperimentsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {
    const paths = labPaths();
    if (paths) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(paths.folder, '**/{results.csv,dataset.json}'));
      const refresh = () => void this.postState();
      this.disposables.push(watcher, watcher.onDidChange(refresh), watcher.onDidCreate(refresh), watcher.onDidDelete(refresh));
    }
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.postState()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'experiments.js', vscode.l10n.t('Experiments'));
    view.webview.onDidReceiveMessage((raw) => {
      const msg = parseExperimentsViewMessage(raw);
      if (!msg) return output().warn(`Ignored a malformed message from the Experiments view: ${JSON.stringify(raw)?.slice(0, 200)}`);
      void this.handle(msg);
    }, undefined, this.disposables);
    view.onDidDispose(() => (this.view = undefined), undefined, this.disposables);
  }

  private async handle(msg: ExperimentsViewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.postState();
      case 'command':
        await vscode.commands.executeCommand(COMMANDS[msg.command]);
        return;
      case 'runAction':
      case 'compare':
        return;
    }
  }

  async snapshot(): Promise<ExperimentsViewState> {
    const paths = labPaths();
    const state: ExperimentsViewState = { rows: [], tableProblems: [], datasetReady: false, trusted: vscode.workspace.isTrusted };
    if (!paths) return state;
    state.datasetReady = await datasetReady(paths.dataset);
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(paths.experiments, 'results.csv'));
      const table = parseTable(new TextDecoder().decode(bytes));
      state.rows = table.rows;
      state.tableProblems = table.problems;
    } catch {
      // No results yet.
    }
    return state;
  }

  async postState(): Promise<void> {
    if (!this.view) return;
    const message: ExperimentsHostToView = { type: 'state', protocolVersion: WEBVIEW_PROTOCOL_VERSION, state: await this.snapshot(), locale: vscode.env.language };
    await this.view.webview.postMessage(message);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
