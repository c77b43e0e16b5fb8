import * as vscode from 'vscode';
import type { TrainingRunInfo } from '../../shared/analysis/trainingState';
import type { EngineToHost } from '../../shared/protocol/engine';
import {
  WEBVIEW_PROTOCOL_VERSION,
  parseTrainingViewMessage,
  type TrainingHostToView,
  type TrainingViewState,
  type TrainingViewToHost,
} from '../../shared/protocol/webview';
import { readTable } from '../../shared/node/resultsStore';
import { COMMANDS } from '../commands/ids';
import { notify } from '../notify';
import { output } from '../output';
import { TrainingStore, type TrainingStateChange } from '../training/trainingStore';
import { webviewHtml } from '../webviewHtml';
import { loadGallery, openGalleryPhoto, trainingPanelOptions } from './trainingGallery';

/** Progress ticks are posted to the webview at most this often (about 5 a second). */
const PROGRESS_POST_MS = 200;

/**
 * The Training panel: live curves, progress, and the results of the current or last run. The state
 * lives in the host (TrainingPanel.feed / reset work whether the panel is open or not); the webview
 * gets it whole on `ready`, so closing, re-opening or reloading shows the same picture.
 */
export class TrainingPanel {
  static readonly viewType = 'catsDogs.training';
  static current: TrainingPanel | undefined;

  private static store: TrainingStore = new TrainingStore();
  private static extensionUri: vscode.Uri | undefined;
  private static readonly cancelRequested = new vscode.EventEmitter<void>();
  /** Fires when the user clicks Cancel: the engine client stops the run and feeds its `finished`. */
  static readonly onDidRequestCancel = TrainingPanel.cancelRequested.event;

  private readonly disposables: vscode.Disposable[] = [];
  private postTimer?: ReturnType<typeof setTimeout>;
  private lastPost = 0;
  /** The run folder whose gallery this webview has (or is getting). */
  private galleryRunDir?: string;

  /** Call once from activate(): restores the last state and the panel after a window reload. */
  static init(context: vscode.ExtensionContext): vscode.Disposable {
    TrainingPanel.extensionUri = context.extensionUri;
    TrainingPanel.store = new TrainingStore(context.workspaceState);
    const serializer = vscode.window.registerWebviewPanelSerializer(TrainingPanel.viewType, {
      deserializeWebviewPanel: async (panel) => {
        TrainingPanel.current?.panel.dispose();
        TrainingPanel.current = new TrainingPanel(panel, context.extensionUri);
      },
    });
    return vscode.Disposable.from(TrainingPanel.store, serializer, { dispose: () => TrainingPanel.current?.panel.dispose() });
  }

  /** The host's state of the current or last run. */
  static get state(): TrainingViewState {
    return TrainingPanel.store.state;
  }

  static get isRunning(): boolean {
    return TrainingPanel.store.active;
  }

  /** Every change of the state (progress ticks included, marked not significant). */
  static get onDidChangeState(): vscode.Event<TrainingStateChange> {
    return TrainingPanel.store.onDidChange;
  }

  /** Opens the panel (or brings it forward) showing the current state. */
  static show(extensionUri: vscode.Uri | undefined = TrainingPanel.extensionUri, options: { preserveFocus?: boolean } = {}): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal(undefined, options.preserveFocus);
      return TrainingPanel.current;
    }
    if (!extensionUri) throw new Error('TrainingPanel.init(context) must run before TrainingPanel.show().');
    const panel = vscode.window.createWebviewPanel(
      TrainingPanel.viewType,
      vscode.l10n.t('Training'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      trainingPanelOptions(extensionUri),
    );
    TrainingPanel.current = new TrainingPanel(panel, extensionUri);
    return TrainingPanel.current;
  }

  /** A new run is starting: clears the last run's curves. */
  static reset(info: TrainingRunInfo): void {
    TrainingPanel.store.reset(info);
  }

  /** Folds one engine event into the state (and the open panel). */
  static feed(event: EngineToHost): void {
    TrainingPanel.store.feed(event);
  }

  /** Shows a past run in the panel; false (nothing changes) while a run is in progress. */
  static showPastRun(state: TrainingViewState): boolean {
    if (!TrainingPanel.store.replace(state)) return false;
    TrainingPanel.show();
    return true;
  }

  /** After a reload: shows the end results.csv recorded for a run the closing window interrupted. */
  static async showRecordedEnd(experimentsDir: string): Promise<void> {
    const runId = TrainingPanel.store.interruptedRunId;
    if (!runId) return;
    const row = (await readTable(experimentsDir)).rows.find((r) => r.runId === runId);
    if (row && row.status !== 'running') TrainingPanel.store.recordedEnd(runId, row.status);
  }

  /** Asks the engine client to cancel (as the Cancel button does). */
  static requestCancel(): void {
    if (!TrainingPanel.store.active) return;
    TrainingPanel.store.markCancelling();
    TrainingPanel.cancelRequested.fire();
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.webview.options = trainingPanelOptions(extensionUri);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration('catsDogs.datasetFolder')) panel.webview.options = trainingPanelOptions(extensionUri);
      },
      undefined,
      this.disposables,
    );
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'training.js', vscode.l10n.t('Training'));
    panel.title = TrainingPanel.titleOf(TrainingPanel.store.state);
    panel.webview.onDidReceiveMessage((raw) => this.receive(raw), undefined, this.disposables);
    TrainingPanel.store.onDidChange((change) => this.onStateChange(change), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** Instance forms of the static API, for callers holding the panel. */
  feed(event: EngineToHost): void {
    TrainingPanel.feed(event);
  }

  reset(info: TrainingRunInfo): void {
    TrainingPanel.reset(info);
  }

  private static titleOf(state: TrainingViewState): string {
    return state.runName ? vscode.l10n.t('Training: {0}', state.runName) : vscode.l10n.t('Training');
  }

  private onStateChange(change: TrainingStateChange): void {
    this.panel.title = TrainingPanel.titleOf(change.state);
    if (change.significant) return this.postNow();
    if (this.postTimer) return;
    const wait = Math.max(0, this.lastPost + PROGRESS_POST_MS - Date.now());
    this.postTimer = setTimeout(() => this.postNow(), wait);
  }

  private postNow(): void {
    clearTimeout(this.postTimer);
    this.postTimer = undefined;
    this.lastPost = Date.now();
    const state = TrainingPanel.store.state;
    const message: TrainingHostToView = { type: 'state', protocolVersion: WEBVIEW_PROTOCOL_VERSION, state, locale: vscode.env.language };
    void this.panel.webview.postMessage(message);
    if (state.phase === 'finished' && state.status === 'completed' && state.runDir && state.runDir !== this.galleryRunDir) void this.postGallery(state.runDir);
  }

  /** The misclassified test photos of a completed run (the others have no predictions), once per run and webview load. */
  private async postGallery(runDir: string): Promise<void> {
    this.galleryRunDir = runDir;
    try {
      const gallery = await loadGallery(runDir, this.panel.webview);
      if (this.galleryRunDir !== runDir) return;
      const message: TrainingHostToView = { type: 'gallery', gallery };
      await this.panel.webview.postMessage(message);
    } catch (err) {
      output().warn(`Could not load the misclassified photos of ${runDir}: ${err instanceof Error ? err.message : err}`);
    }
  }

  private receive(raw: unknown): void {
    const msg = parseTrainingViewMessage(raw);
    if (!msg) return output().warn(`Ignored a malformed message from the Training view: ${JSON.stringify(raw)?.slice(0, 200)}`);
    void this.handle(msg).catch((err) => {
      output().error(`Training view action ${msg.type} failed: ${err instanceof Error ? err.stack : err}`);
      void notify('error', err instanceof Error ? err.message : String(err));
    });
  }

  private async handle(msg: TrainingViewToHost): Promise<void> {
    const state = TrainingPanel.store.state;
    switch (msg.type) {
      case 'ready':
        if (msg.protocolVersion !== WEBVIEW_PROTOCOL_VERSION) output().warn(`The Training view speaks protocol ${msg.protocolVersion}, the host ${WEBVIEW_PROTOCOL_VERSION}.`);
        this.galleryRunDir = undefined; // a fresh page: send it again
        return this.postNow();
      case 'openPhoto':
        await openGalleryPhoto(msg.file);
        return;
      case 'cancel':
        return TrainingPanel.requestCancel();
      case 'openRunFolder':
        if (state.runId) await vscode.commands.executeCommand(COMMANDS.openRunFolder, state.runId);
        return;
      case 'compareWithBest':
        if (state.runId) await vscode.commands.executeCommand(COMMANDS.compareRuns, [state.runId]);
        return;
      case 'createVariant':
        // The variant command takes the config the run came from.
        await vscode.commands.executeCommand(COMMANDS.newVariant, state.configPath ? configUri(state.configPath) : undefined, state.runId);
        return;
    }
  }

  private dispose(): void {
    clearTimeout(this.postTimer);
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
  }
}

/** A config path as the engine reports it (absolute, or relative to the workspace folder). */
function configUri(path: string): vscode.Uri | undefined {
  if (/^([a-zA-Z]:[\\/]|\/)/.test(path)) return vscode.Uri.file(path);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, path) : undefined;
}
