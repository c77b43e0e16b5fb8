import * as vscode from 'vscode';
import { isAbsolute, relative } from 'node:path';
import { currentValue, isVariantParameter, parseVariantValue, sameValue, VariantError, type VariantChange, type VariantParameter, type VariantValues } from '../../shared/config/variants';
import { createSweep, isUnfinished, nextItem, sweepProgress, type SweepState } from '../../shared/sweep/sweepQueue';
import { notify, notifyWithActions } from '../notify';
import type { SweepRunner } from '../sweep/sweepRunner';
import { pickParameter, pickSweepValues } from '../variants/pickVariant';
import { writeVariant } from '../variants/variantFiles';
import { parameterLabel, valueLabel, variantErrorMessage } from '../variants/variantLabels';
import type { LabPaths } from '../workspace';
import { requireTrust, requireWorkspace } from './guards';
import { COMMANDS } from './ids';
import { resolveBase } from './newVariant';

/** catsDogs.queueSweep's optional argument: anything left out is asked for. */
export interface QueueSweepOptions {
  config?: vscode.Uri | string;
  runId?: string;
  parameter?: VariantParameter;
  values?: unknown[];
}

function parseOptions(arg: unknown): QueueSweepOptions {
  if (arg instanceof vscode.Uri) return { config: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  return {
    ...(o.config instanceof vscode.Uri || typeof o.config === 'string' ? { config: o.config } : {}),
    ...(typeof o.runId === 'string' ? { runId: o.runId } : {}),
    ...(isVariantParameter(o.parameter) ? { parameter: o.parameter } : {}),
    ...(Array.isArray(o.values) ? { values: o.values } : {}),
  };
}

/** The path a sweep stores: workspace-relative when inside the folder. */
function storedPath(paths: LabPaths, uri: vscode.Uri): string {
  const rel = relative(paths.folder.uri.fsPath, uri.fsPath);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : uri.fsPath;
}

/** An interrupted sweep: resume it, or drop it for a new one. */
async function resumeOrNew(runner: SweepRunner, stored: SweepState): Promise<'resume' | 'new' | undefined> {
  const left = stored.items.filter((i) => i.status === 'pending' || i.status === 'running').length;
  const pick = await vscode.window.showQuickPick(
    [
      { label: `$(debug-continue) ${vscode.l10n.t('Resume "{0}"', stored.title)}`, description: vscode.l10n.t('{0} of {1} runs left', left, stored.items.length), choice: 'resume' as const },
      { label: `$(add) ${vscode.l10n.t('Start a new sweep')}`, description: vscode.l10n.t('the unfinished one is dropped'), choice: 'new' as const },
    ],
    { title: vscode.l10n.t('A sweep was left unfinished'), ignoreFocusOut: true },
  );
  if (pick?.choice === 'new') await runner.discard();
  return pick?.choice;
}

/**
 * catsDogs.queueSweep: variants of one hyperparameter (e.g. dropout 0, 0.25, 0.5, 0.75) written as
 * configs and trained one after another, unattended. Resolves when the sweep ends.
 */
export async function queueSweepCommand(context: vscode.ExtensionContext, runner: SweepRunner, arg?: unknown): Promise<SweepState | undefined> {
  const paths = requireWorkspace();
  if (!paths || !requireTrust(vscode.l10n.t('A sweep'))) return undefined;
  if (runner.isRunning) {
    const s = runner.stored()!;
    const { position, total } = sweepProgress(s);
    notifyWithActions('info', vscode.l10n.t('Sweep "{0}" is running ({1}/{2}): cancel it before queueing another.', s.title, position, total), {
      [vscode.l10n.t('Cancel Sweep')]: () => vscode.commands.executeCommand(COMMANDS.cancelSweep),
    });
    return undefined;
  }
  const opts = parseOptions(arg);
  const stored = runner.stored();
  if (arg === undefined && stored && isUnfinished(stored) && nextItem(stored) !== undefined) {
    const choice = await resumeOrNew(runner, stored);
    if (choice === 'resume') return runner.run(stored);
    if (!choice) return undefined;
  }

  const title = vscode.l10n.t('Queue Sweep');
  const base = await resolveBase(context, paths, opts, title);
  if (!base) return undefined;
  const parameter = opts.parameter ?? (await pickParameter(base.config, vscode.l10n.t('Sweep over which hyperparameter of "{0}"?', base.config.name)));
  if (!parameter) return undefined;
  let values: Array<VariantValues[VariantParameter]> | undefined;
  if (opts.values) {
    const parsed = opts.values.map((v) => parseVariantValue(parameter, v));
    const bad = opts.values.findIndex((_v, i) => parsed[i] === undefined);
    if (bad >= 0 || parsed.length === 0) {
      void notify('error', vscode.l10n.t('{0} is not a valid value for {1}.', JSON.stringify(bad >= 0 ? opts.values[bad] : []), parameterLabel(parameter).toLocaleLowerCase()));
      return undefined;
    }
    values = parsed as Array<VariantValues[VariantParameter]>;
  } else values = await pickSweepValues(base.config, parameter, vscode.l10n.t('Sweep "{0}": {1}', base.config.name, parameterLabel(parameter)));
  if (!values) return undefined;

  const now = currentValue(base.config, parameter);
  const items: Array<{ label: string; config: string }> = [];
  try {
    for (const value of values) {
      if (sameValue(parameter, value as never, now as never)) {
        if (base.uri) items.push({ label: base.config.name, config: storedPath(paths, base.uri) });
        continue;
      }
      const written = await writeVariant(paths, base, { parameter, value } as VariantChange);
      items.push({ label: written.name, config: storedPath(paths, written.uri) });
    }
  } catch (err) {
    if (err instanceof VariantError) {
      void notify('error', variantErrorMessage(err));
      return undefined;
    }
    throw err;
  }
  const unique = items.filter((item, i) => items.findIndex((o) => o.config === item.config) === i);
  if (unique.length === 0) return undefined;
  const state = createSweep({
    id: `${Date.now().toString(36)}`,
    title: `${base.config.name}: ${parameterLabel(parameter).toLocaleLowerCase()} ${values.map((v) => valueLabel(parameter, v)).join(', ')}`,
    createdAt: new Date().toISOString(),
    items: unique,
  });
  return runner.run(state);
}

/** catsDogs.showSweep: the sweep's runs and how each went; pick one to reveal its folder, or cancel the sweep. */
export async function showSweepCommand(runner: SweepRunner): Promise<void> {
  const state = runner.stored();
  if (!state) {
    void notify('info', vscode.l10n.t('No sweep has run in this workspace yet. Run "Queue Sweep" to start one.'));
    return;
  }
  const icon = { pending: '$(circle-outline)', running: '$(sync~spin)', completed: '$(pass)', failed: '$(error)', cancelled: '$(circle-slash)' } as const;
  const items: Array<vscode.QuickPickItem & { runId?: string; cancel?: boolean }> = state.items.map((i) => ({
    label: `${icon[i.status]} ${i.label}`,
    description: i.testAcc !== undefined ? `${(i.testAcc * 100).toFixed(2)}%` : i.error,
    detail: i.config,
    runId: i.runId,
  }));
  if (runner.isRunning) items.push({ label: `$(debug-stop) ${vscode.l10n.t('Cancel Sweep')}`, cancel: true });
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sweep "{0}"', state.title) });
  if (pick?.cancel) await runner.cancel();
  else if (pick?.runId) await vscode.commands.executeCommand(COMMANDS.openRunFolder, pick.runId);
}
