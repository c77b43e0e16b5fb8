import * as vscode from 'vscode';
import type { TrainingViewState } from '../shared/protocol/webview';
import { COMMANDS } from './commands/ids';
import { notifyWithActions } from './notify';

function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  if (s < 60) return vscode.l10n.t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return vscode.l10n.t('{0} min {1} s', m, s % 60);
  return vscode.l10n.t('{0} h {1} min', Math.floor(m / 60), m % 60);
}

/** The notification at the end of a run, with Show Results / Open Run Folder / Compare. */
export function notifyRunEnded(state: TrainingViewState): void {
  if (state.phase !== 'finished') return;
  const name = state.runName ?? state.runId ?? vscode.l10n.t('run');
  const actions: Record<string, () => unknown> = {
    [vscode.l10n.t('Show Results')]: () => vscode.commands.executeCommand(COMMANDS.showTraining),
  };
  if (state.runId) {
    const runId = state.runId;
    actions[vscode.l10n.t('Open Run Folder')] = () => vscode.commands.executeCommand(COMMANDS.openRunFolder, runId);
    if (state.status === 'completed') actions[vscode.l10n.t('Compare')] = () => vscode.commands.executeCommand(COMMANDS.compareRuns, [runId]);
  }
  const time = duration(state.totalSeconds);
  if (state.status === 'completed') {
    const acc = state.test ? `${(state.test.acc * 100).toFixed(2)}%` : '—';
    notifyWithActions('info', vscode.l10n.t('Run "{0}" finished: test accuracy {1} in {2}.', name, acc, time), actions);
  } else if (state.status === 'cancelled') {
    notifyWithActions('info', vscode.l10n.t('Run "{0}" was cancelled after {1} epochs.', name, state.epochs.length), actions);
  } else {
    const why = state.error ? `${state.error.message}${state.error.hint ? ` ${state.error.hint}` : ''}` : '';
    notifyWithActions('error', vscode.l10n.t('Run "{0}" failed. {1}', name, why).trim(), actions);
  }
}
