import * as vscode from 'vscode';
import { isAbsolute } from 'node:path';
import {
  cancelSweep,
  finishItem,
  nextItem,
  parseSweepState,
  startItem,
  sweepProgress,
  sweepSummary,
  type ItemOutcome,
  type SweepState,
} from '../../shared/sweep/sweepQueue';
import type { TrainResult } from '../commands/train';
import { COMMANDS } from '../commands/ids';
import { activeJob } from '../engine/engineJobs';
import { notifyWithActions } from '../notify';
import { output } from '../output';
import { TrainingPanel } from '../views/trainingPanel';
import { exists, labPaths } from '../workspace';

/** workspaceState key of the sweep: it survives a window reload there (and stays out of experiments/). */
export const SWEEP_STATE_KEY = 'catsDogs.sweep';

export type TrainFn = (uri: vscode.Uri) => Promise<TrainResult | undefined>;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a sweep's items one after another through the Train command (so each run shows in the
 * Training view and lands in results.csv), storing the state after every step. One sweep at a time.
 */
export class SweepRunner implements vscode.Disposable {
  private state: SweepState | undefined;
  private running = false;
  private cancelRequested = false;
  private readonly statusItem = vscode.window.createStatusBarItem('catsDogs.sweep', vscode.StatusBarAlignment.Left, 9);
  private readonly changed = new vscode.EventEmitter<SweepState>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly train: TrainFn,
  ) {
    this.statusItem.name = vscode.l10n.t('Cats vs Dogs Lab Sweep');
    this.statusItem.command = COMMANDS.showSweep;
  }

  /** The sweep in the store (running, interrupted or the last one ended). */
  stored(): SweepState | undefined {
    return this.state ?? parseSweepState(this.memento.get(SWEEP_STATE_KEY));
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async save(state: SweepState): Promise<void> {
    this.state = state;
    await this.memento.update(SWEEP_STATE_KEY, state);
    this.changed.fire(state);
  }

  /** Stores a sweep without running it (the state after a reload, before the user says "Resume"). */
  async keep(state: SweepState): Promise<void> {
    if (!this.running) await this.save(state);
  }

  async discard(): Promise<void> {
    if (this.running) return;
    this.state = undefined;
    await this.memento.update(SWEEP_STATE_KEY, undefined);
  }

  /** Stops the sweep: no new run starts, the current one is cancelled. */
  async cancel(): Promise<void> {
    if (!this.running || !this.state) return;
    this.cancelRequested = true;
    await this.save(cancelSweep(this.state));
    TrainingPanel.requestCancel();
  }

  /** Runs the sweep to its end (or its cancellation); resolves with the final state. */
  async run(initial: SweepState): Promise<SweepState> {
    if (this.running) throw new Error(vscode.l10n.t('A sweep is already running.'));
    this.running = true;
    this.cancelRequested = false;
    void vscode.commands.executeCommand('setContext', 'catsDogs.sweeping', true);
    try {
      await this.save(initial);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sweep "{0}"', initial.title), cancellable: true },
        async (progress, token) => {
          const sub = token.onCancellationRequested(() => void this.cancel());
          try {
            await this.loop((message) => progress.report({ message }));
          } finally {
            sub.dispose();
          }
        },
      );
    } finally {
      this.running = false;
      this.statusItem.hide();
      void vscode.commands.executeCommand('setContext', 'catsDogs.sweeping', false);
    }
    const final = this.state!;
    this.announceEnd(final);
    return final;
  }

  private async loop(report: (message: string) => void): Promise<void> {
    for (let index = nextItem(this.state!); index !== undefined && !this.cancelRequested; index = nextItem(this.state!)) {
      await this.waitUntilIdle();
      if (this.cancelRequested) break;
      await this.save(startItem(this.state!, index));
      const item = this.state!.items[index];
      const { position, total } = sweepProgress(this.state!);
      report(vscode.l10n.t('{0}/{1}: {2}', position, total, item.label));
      this.statusItem.text = `$(list-ordered) ${vscode.l10n.t('Sweep {0}/{1}', position, total)}`;
      this.statusItem.tooltip = vscode.l10n.t('Sweep "{0}": training {1}. Click for the list.', this.state!.title, item.label);
      this.statusItem.show();
      output().info(`Sweep ${position}/${total}: ${item.label} (${item.config})`);
      const outcome = await this.runItem(item.config);
      output().info(`Sweep ${position}/${total}: ${item.label} ${outcome.status}${outcome.testAcc !== undefined ? `, test accuracy ${(outcome.testAcc * 100).toFixed(2)}%` : ''}${outcome.error ? ` (${outcome.error})` : ''}`);
      await this.save(finishItem(this.state!, index, outcome));
    }
  }

  /** One run; whatever happens becomes an outcome, so the sweep goes on. */
  private async runItem(config: string): Promise<ItemOutcome> {
    const paths = labPaths();
    if (!paths) return { status: 'failed', error: vscode.l10n.t('no workspace folder') };
    const uri = isAbsolute(config) ? vscode.Uri.file(config) : vscode.Uri.joinPath(paths.folder.uri, config);
    if (!(await exists(uri))) return { status: 'failed', error: vscode.l10n.t('{0} does not exist.', config) };
    // A cancel that comes while the run is still starting reaches it as soon as it is under way.
    const late = TrainingPanel.onDidChangeState((c) => {
      if (this.cancelRequested && TrainingPanel.isRunning && c.state.phase !== 'cancelling') TrainingPanel.requestCancel();
    });
    try {
      const result = await this.train(uri);
      if (!result) return { status: 'failed', error: vscode.l10n.t('the run did not start') };
      const error = result.status === 'failed' ? TrainingPanel.state.error?.message : undefined;
      // An engine that was killed sends no `finished`; the view knows the run from its `started`.
      const runId = result.runId ?? TrainingPanel.state.runId;
      return {
        status: result.status,
        ...(runId !== undefined ? { runId } : {}),
        ...(result.testAcc !== undefined ? { testAcc: result.testAcc } : {}),
        ...(error ? { error } : {}),
      };
    } catch (err) {
      return { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    } finally {
      late.dispose();
    }
  }

  /** Another engine job (a run the user started, a dataset being prepared) finishes first. */
  private async waitUntilIdle(): Promise<void> {
    let told = false;
    while (activeJob() && !this.cancelRequested) {
      if (!told) output().info(`Sweep: waiting for ${activeJob()?.label} to end.`);
      told = true;
      await delay(1000);
    }
  }

  private announceEnd(state: SweepState): void {
    const s = sweepSummary(state);
    const runIds = state.items.map((i) => i.runId).filter((id): id is string => !!id);
    const actions: Record<string, () => unknown> = {};
    if (runIds.length >= 2) actions[vscode.l10n.t('Compare Runs')] = () => vscode.commands.executeCommand(COMMANDS.compareRuns, runIds.slice(0, 12));
    actions[vscode.l10n.t('Export Results')] = () => vscode.commands.executeCommand(COMMANDS.exportResults);
    const best = s.best?.testAcc !== undefined ? vscode.l10n.t('Best: {0} ({1}%).', s.best.label, (s.best.testAcc * 100).toFixed(2)) : '';
    const counts = vscode.l10n.t('{0} completed, {1} failed, {2} cancelled.', s.completed, s.failed, s.cancelled);
    const message = state.status === 'cancelled' ? vscode.l10n.t('Sweep "{0}" cancelled: {1} {2}', state.title, counts, best) : vscode.l10n.t('Sweep "{0}" finished: {1} {2}', state.title, counts, best);
    notifyWithActions(s.failed > 0 ? 'warning' : 'info', message.trim(), actions);
  }

  dispose(): void {
    this.statusItem.dispose();
    this.changed.dispose();
  }
}
