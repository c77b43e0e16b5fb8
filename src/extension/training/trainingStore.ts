import * as vscode from 'vscode';
import {
  cancellingTrainingState,
  idleTrainingState,
  isTrainingActive,
  reduceTrainingState,
  startingTrainingState,
  type TrainingRunInfo,
} from '../../shared/analysis/trainingState';
import type { EngineToHost } from '../../shared/protocol/engine';
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

  constructor(private readonly memento?: vscode.Memento) {
    this.current = TrainingStore.restore(memento?.get<TrainingViewState>(STATE_KEY));
  }

  /** A saved state; a run that was in progress when the window closed did not survive it. */
  static restore(saved: TrainingViewState | undefined): TrainingViewState {
    if (!saved || typeof saved !== 'object' || !Array.isArray(saved.epochs) || !Array.isArray(saved.log)) return idleTrainingState();
    if (!isTrainingActive(saved)) return saved;
    return {
      ...saved,
      phase: 'finished',
      status: 'failed',
      progress: undefined,
      error: { message: vscode.l10n.t('The window was closed or reloaded while this run was in progress, so the run stopped.') },
    };
  }

  get state(): TrainingViewState {
    return this.current;
  }

  get active(): boolean {
    return isTrainingActive(this.current);
  }

  reset(info: TrainingRunInfo): void {
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
