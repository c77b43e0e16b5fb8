import * as vscode from 'vscode';
import {
  cancellingTrainingState,
  idleTrainingState,
  isTrainingActive,
  reduceTrainingState,
  startingTrainingState,
  type TrainingRunInfo,
} from '../../shared/analysis/trainingState';
import type { EngineToHost, RunStatus } from '../../shared/protocol/engine';
import type { TrainingViewState } from '../../shared/protocol/webview';

const STATE_KEY = 'catsDogs.trainingView.state';
/** How often a stream of progress updates may be saved to workspaceState. */
const PERSIST_EVERY_MS = 2000;

export interface TrainingStateChange {
  state: TrainingViewState;
  /** False for a mere progress tick: listeners may throttle those. */
  significant: boolean;
  /** The phase before this change (to tell when a run has just ended). */
  previousPhase: TrainingViewState['phase'];
}

/**
 * The host's copy of the training view's state: one run at a time, folded from engine events,
 * saved in workspaceState so that a reloaded window shows the last run again.
 */
export class TrainingStore implements vscode.Disposable {
  private current: TrainingViewState;
  private readonly changed = new vscode.EventEmitter<TrainingStateChange>();
  readonly onDidChange = this.changed.event;
  private persistTimer?: ReturnType<typeof setTimeout>;
  /** The restored state is a run the window's closing interrupted (its recorded end may differ). */
  private restoredInterrupted: boolean;

  constructor(private readonly memento?: vscode.Memento) {
    const saved = memento?.get<TrainingViewState>(STATE_KEY);
    this.current = TrainingStore.restore(saved);
    this.restoredInterrupted = this.current !== saved && this.current.phase === 'finished';
  }

  /**
   * A saved state; a run that was in progress when the window closed did not survive it. The engine
   * records such a run as cancelled (it cancels when its window goes away), so the view says so too
   * until the results table tells otherwise (recordedEnd).
   */
  static restore(saved: TrainingViewState | undefined): TrainingViewState {
    if (!saved || typeof saved !== 'object' || !Array.isArray(saved.epochs) || !Array.isArray(saved.log)) return idleTrainingState();
    if (!isTrainingActive(saved)) return saved;
    return {
      ...saved,
      phase: 'finished',
      status: 'cancelled',
      progress: undefined,
      error: { message: vscode.l10n.t('The window was closed or reloaded while this run was in progress, so the run stopped.') },
    };
  }

  /** The run restored as interrupted, whose recorded end is still to be read from the results table. */
  get interruptedRunId(): string | undefined {
    return this.restoredInterrupted ? this.current.runId : undefined;
  }

  /** Shows the end the results table recorded for the interrupted run (failed when its engine was killed). */
  recordedEnd(runId: string, status: RunStatus): void {
    if (!this.restoredInterrupted || this.current.runId !== runId) return;
    this.restoredInterrupted = false;
    if (this.current.status !== status) this.set({ ...this.current, status }, true);
  }

  get state(): TrainingViewState {
    return this.current;
  }

  get active(): boolean {
    return isTrainingActive(this.current);
  }

  reset(info: TrainingRunInfo): void {
    this.restoredInterrupted = false;
    this.set(startingTrainingState({ startedAt: new Date().toISOString(), ...info }), true);
  }

  feed(event: EngineToHost): void {
    const next = reduceTrainingState(this.current, event);
    if (next !== this.current) this.set(next, event.type !== 'progress');
  }

  markCancelling(): void {
    const next = cancellingTrainingState(this.current);
    if (next !== this.current) this.set(next, true);
  }

  /** Shows a past run (rebuilt from its folder); refused while a run is in progress. */
  replace(state: TrainingViewState): boolean {
    if (this.active) return false;
    this.restoredInterrupted = false;
    this.set(state, true);
    return true;
  }

  private set(state: TrainingViewState, significant: boolean): void {
    const previousPhase = this.current.phase;
    this.current = state;
    this.persist(significant);
    this.changed.fire({ state, significant, previousPhase });
  }

  private persist(now: boolean): void {
    if (!this.memento) return;
    if (now) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
      void this.memento.update(STATE_KEY, this.current);
    } else {
      this.persistTimer ??= setTimeout(() => {
        this.persistTimer = undefined;
        void this.memento?.update(STATE_KEY, this.current);
      }, PERSIST_EVERY_MS);
    }
  }

  dispose(): void {
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      void this.memento?.update(STATE_KEY, this.current);
    }
    this.changed.dispose();
  }
}
