import * as vscode from 'vscode';
import type { TrainingViewState } from '../shared/protocol/webview';
import { COMMANDS } from './commands/ids';

/** How long the result of a finished run stays in the status bar. */
const SHOW_RESULT_MS = 60_000;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The status bar entry while a run trains ("$(sync~spin) baseline: epoch 3/10, 45%"); click shows the Training view. */
export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('catsDogs.training', vscode.StatusBarAlignment.Left, 10);
  private hideTimer?: ReturnType<typeof setTimeout>;
  private lastPhase: TrainingViewState['phase'] = 'idle';

  constructor() {
    this.item.name = vscode.l10n.t('Cats vs Dogs Lab Training');
    this.item.command = COMMANDS.showTraining;
  }

  update(state: TrainingViewState): void {
    const phaseChanged = state.phase !== this.lastPhase;
    this.lastPhase = state.phase;
    if (state.phase === 'idle') return this.hide();
    const name = state.runName ?? vscode.l10n.t('run');
    if (state.phase === 'finished') {
      if (!phaseChanged) return;
      const icon = state.status === 'completed' ? '$(pass)' : state.status === 'cancelled' ? '$(circle-slash)' : '$(error)';
      const result =
        state.status === 'completed' && state.test
          ? vscode.l10n.t('{0}: test accuracy {1}%', name, (state.test.acc * 100).toFixed(2))
          : state.status === 'cancelled'
            ? vscode.l10n.t('{0}: cancelled', name)
            : vscode.l10n.t('{0}: failed', name);
      this.item.text = `${icon} ${result}`;
      this.item.tooltip = vscode.l10n.t('Show the Training view');
      this.item.show();
      clearTimeout(this.hideTimer);
      this.hideTimer = setTimeout(() => this.hide(), SHOW_RESULT_MS);
      return;
    }
    clearTimeout(this.hideTimer);
    const parts: string[] = [];
    const epoch = state.progress?.epoch ?? (state.epochs.length > 0 ? state.epochs[state.epochs.length - 1].epoch + 1 : undefined);
    if (state.epochsPlanned && epoch !== undefined && (state.progress?.phase === 'train' || state.progress?.phase === 'finetune' || state.progress?.phase === 'validate')) {
      parts.push(vscode.l10n.t('epoch {0}/{1}', Math.min(epoch, state.epochsPlanned), state.epochsPlanned));
    }
    const p = state.progress;
    if (p && p.total > 0) parts.push(`${Math.floor((100 * p.done) / p.total)}%`);
    if (p?.etaSeconds !== undefined && Number.isFinite(p.etaSeconds)) parts.push(vscode.l10n.t('ETA {0}', clock(p.etaSeconds)));
    const verb = state.phase === 'cancelling' ? vscode.l10n.t('Cancelling {0}', name) : state.phase === 'starting' ? vscode.l10n.t('Starting {0}', name) : name;
    this.item.text = `$(sync~spin) ${verb}${parts.length ? `: ${parts.join(', ')}` : ''}`;
    this.item.tooltip = vscode.l10n.t('Training {0} on {1}. Click to show the Training view.', name, state.backend ? `${state.backend.name} (${state.backend.device})` : '…');
    this.item.show();
  }

  private hide(): void {
    clearTimeout(this.hideTimer);
    this.item.hide();
  }

  dispose(): void {
    clearTimeout(this.hideTimer);
    this.item.dispose();
  }
}
