/**
 * catsDogs.showCache: where the per-user cache is and what it holds (a notification; every backbone's
 * entry in the Output channel). catsDogs.clearFeatureCache ({ key?, confirm? }): deletes cached
 * features, all of them or one backbone configuration's, after a modal confirmation; never while an
 * engine job runs, since a run may be reading them. Both run the engine's `cache` job.
 */
import * as vscode from 'vscode';
import { formatBytes } from '../../shared/format/cacheReport';
import type { CacheJob, CacheReport, EngineToHost } from '../../shared/protocol/engine';
import { activeJob, cacheFolderSetting, runEngineJob } from '../engine/engineJobs';
import { notify, notifyWithActions } from '../notify';
import { output } from '../output';
import { COMMANDS } from './ids';

type CacheEvent = Extract<EngineToHost, { type: 'cache' }>;

export interface ClearCacheArgs {
  /** One feature-cache key; absent: ask which (or all, when there is one entry). */
  key?: string;
  /** false skips the confirmation (programmatic callers that already asked). */
  confirm?: boolean;
}

function busy(): boolean {
  const running = activeJob();
  if (!running) return false;
  void notify('warning', vscode.l10n.t('{0} is still running: wait for it or cancel it first.', running.label));
  return true;
}

async function runCacheJob(context: vscode.ExtensionContext, job: Omit<CacheJob, 'kind' | 'cacheDir'>, label: string): Promise<CacheEvent | undefined> {
  let answer: CacheEvent | undefined;
  const { done } = runEngineJob(context, { kind: 'cache', cacheDir: cacheFolderSetting(), ...job }, {
    label,
    onEvent: (e) => {
      if (e.type === 'cache') answer = e;
    },
  });
  const end = await done;
  if (!answer) {
    const why = end.error ? `${end.error.message}${end.error.hint ? ` ${end.error.hint}` : ''}` : vscode.l10n.t('the engine gave no answer');
    void notify('error', vscode.l10n.t('{0} failed: {1}', label, why));
  }
  return answer;
}

function featureBytes(report: CacheReport): number {
  return report.features.reduce((a, f) => a + f.bytes, 0);
}

export async function showCacheCommand(context: vscode.ExtensionContext): Promise<CacheReport | undefined> {
  if (busy()) return undefined;
  const answer = await runCacheJob(context, { action: 'info' }, vscode.l10n.t('Reading the cache'));
  if (!answer) return undefined;
  const { report } = answer;
  const actions: Record<string, () => unknown> = {};
  if (report.features.length) actions[vscode.l10n.t('Clear Feature Cache')] = () => vscode.commands.executeCommand(COMMANDS.clearFeatureCache);
  actions[vscode.l10n.t('Copy Path')] = () => vscode.env.clipboard.writeText(report.dir);
  actions[vscode.l10n.t('Show Details')] = () => output().show(true);
  notifyWithActions(
    'info',
    vscode.l10n.t(
      'Cache folder {0}: {1} in all. Feature cache: {2} for {3} backbone configuration(s); downloaded weights: {4}.',
      report.dir,
      formatBytes(report.bytes),
      formatBytes(featureBytes(report)),
      report.features.length,
      formatBytes(report.parts.find((p) => p.name === 'weights')?.bytes ?? 0),
    ),
    actions,
  );
  return report;
}

interface EntryPick extends vscode.QuickPickItem {
  key?: string;
}

async function pickEntry(report: CacheReport): Promise<EntryPick | undefined> {
  const items: EntryPick[] = [
    { label: vscode.l10n.t('All backbones'), description: formatBytes(featureBytes(report)) },
    ...report.features.map((f) => ({
      key: f.key,
      label: f.label,
      description: vscode.l10n.t('{0} photos, {1}', f.photos.toLocaleString(vscode.env.language), formatBytes(f.bytes)),
      detail: vscode.l10n.t('weights {0}; key {1}', f.weights, f.key),
    })),
  ];
  return vscode.window.showQuickPick(items, { title: vscode.l10n.t('Clear which cached features?'), matchOnDetail: true });
}

export async function clearFeatureCacheCommand(context: vscode.ExtensionContext, arg?: ClearCacheArgs): Promise<{ freedBytes: number; report: CacheReport } | undefined> {
  if (busy()) return undefined;
  const info = await runCacheJob(context, { action: 'info' }, vscode.l10n.t('Reading the cache'));
  if (!info) return undefined;
  const { report } = info;
  if (!report.features.length) {
    void notify('info', vscode.l10n.t('The feature cache in {0} is empty.', report.dir));
    return { freedBytes: 0, report };
  }
  let key = typeof arg?.key === 'string' ? arg.key : undefined;
  if (key !== undefined && !report.features.some((f) => f.key === key)) {
    void notify('warning', vscode.l10n.t('The feature cache has no entry "{0}".', key));
    return undefined;
  }
  if (key === undefined && report.features.length > 1 && arg?.confirm !== false) {
    const picked = await pickEntry(report);
    if (!picked) return undefined;
    key = picked.key;
  }
  const entry = report.features.find((f) => f.key === key);
  if (arg?.confirm !== false) {
    const clear = vscode.l10n.t('Clear');
    const choice = await vscode.window.showWarningMessage(
      entry ? vscode.l10n.t('Clear the cached features of {0}?', entry.label) : vscode.l10n.t('Clear the whole feature cache?'),
      {
        modal: true,
        detail: vscode.l10n.t(
          '{0} in {1}. Runs compute the features again when they need them: minutes for a small backbone, much longer for VGG16 on a CPU. Downloaded weights are kept.',
          formatBytes(entry ? entry.bytes : featureBytes(report)),
          report.dir,
        ),
      },
      clear,
    );
    if (choice !== clear) return undefined;
  }
  if (busy()) return undefined;
  const cleared = await runCacheJob(context, { action: 'clear', ...(key !== undefined ? { key } : {}) }, vscode.l10n.t('Clearing the feature cache'));
  if (!cleared) return undefined;
  const freedBytes = cleared.freedBytes ?? 0;
  void notify('info', vscode.l10n.t('Feature cache cleared: {0} freed.', formatBytes(freedBytes)));
  return { freedBytes, report: cleared.report };
}
