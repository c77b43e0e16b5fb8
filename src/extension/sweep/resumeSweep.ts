import * as vscode from 'vscode';
import { isUnfinished, nextItem, resumeAfterReload } from '../../shared/sweep/sweepQueue';
import { notify, notifyWithActions } from '../notify';
import type { SweepRunner } from './sweepRunner';

/**
 * A sweep that was running when the window closed or reloaded: the run it was on went down with the
 * engine. It is not restarted by itself (a reload is often meant to stop things): a notification asks.
 */
export async function offerResume(runner: SweepRunner): Promise<void> {
  const stored = runner.stored();
  if (!stored || !isUnfinished(stored)) return;
  const resumed = resumeAfterReload(stored);
  await runner.keep(resumed);
  const next = nextItem(resumed);
  if (next === undefined || !vscode.workspace.isTrusted) return;
  const left = resumed.items.filter((i) => i.status === 'pending').length;
  notifyWithActions('info', vscode.l10n.t('The sweep "{0}" was interrupted when the window closed: {1} of {2} runs left. Resume the sweep?', resumed.title, left, resumed.items.length), {
    [vscode.l10n.t('Resume')]: () => (runner.isRunning ? undefined : runner.run(runner.stored() ?? resumed).catch((err) => notify('error', err instanceof Error ? err.message : String(err)))),
    [vscode.l10n.t('Discard')]: () => runner.discard(),
  });
}
