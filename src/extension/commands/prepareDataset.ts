import * as vscode from 'vscode';
import type { EngineToHost, PrepareJob } from '../../shared/protocol/engine';
import { formatDuration } from '../../shared/format/kerasLog';
import { ensureBaselineConfig } from '../configFiles';
import { cacheFolderSetting, runEngineJob } from '../engine/engineJobs';
import { notify, notifyWithActions } from '../notify';
import { requireTrust, requireWorkspace } from './guards';
import { COMMANDS } from './ids';

/** Public archives the lab can start from (tested against a local server; hashes recorded in the manifest). */
export const DOWNLOADS = [
  {
    id: 'petimages',
    label: 'Microsoft PetImages (kagglecatsanddogs, 25,000 photos, 787 MB)',
    url: 'https://download.microsoft.com/download/3/E/1/3E1C3F21-ECDB-4869-8368-6DEBA77B919F/kagglecatsanddogs_5340.zip',
  },
  {
    id: 'filtered',
    label: 'cats_and_dogs_filtered (3,000 photos, 68 MB)',
    url: 'https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip',
  },
] as const;

export interface PrepareArgs {
  source?: string;
  split?: [number, number, number];
  seed?: number;
  replace?: boolean;
}

async function askForSource(): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { pick: () => Promise<string | undefined> }> = [
    {
      label: `$(file-zip) ${vscode.l10n.t("Kaggle's train.zip (or another zip)…")}`,
      detail: vscode.l10n.t('The 25,000-photo archive from the Kaggle "Dogs vs. Cats" competition, read without unpacking it.'),
      pick: async () => (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Zip archives')]: ['zip'] }, openLabel: vscode.l10n.t('Use this archive') }))?.[0]?.fsPath,
    },
    {
      label: `$(folder) ${vscode.l10n.t('A folder of photos…')}`,
      detail: vscode.l10n.t('cat.N.jpg / dog.N.jpg files, or cats/ and dogs/ (Cat/, Dog/) subfolders.'),
      pick: async () => (await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Use this folder') }))?.[0]?.fsPath,
    },
    ...DOWNLOADS.map((d) => ({ label: `$(cloud-download) ${vscode.l10n.t('Download: {0}', d.label)}`, detail: d.url, pick: async () => d.url })),
  ];
  const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Prepare Dataset: where are the photos?'), ignoreFocusOut: true });
  return choice?.pick();
}

function countsSummary(event: Extract<EngineToHost, { type: 'prepared' }>): string {
  const c = event.counts;
  const fmt = (s: 'train' | 'validation' | 'test') => vscode.l10n.t('{0}: {1} cats, {2} dogs', s, c[s].cats, c[s].dogs);
  return [fmt('train'), fmt('validation'), fmt('test')].join('; ');
}

export async function prepareDatasetCommand(context: vscode.ExtensionContext, args?: PrepareArgs): Promise<Extract<EngineToHost, { type: 'prepared' }> | undefined> {
  const paths = requireWorkspace();
  if (!paths || !requireTrust(vscode.l10n.t('Dataset preparation'))) return undefined;
  const source = args?.source ?? (await askForSource());
  if (!source) return undefined;
  const job: PrepareJob = {
    kind: 'prepare',
    source,
    out: paths.dataset.fsPath,
    split: args?.split ?? [70, 15, 15],
    seed: args?.seed ?? 42,
    replace: args?.replace,
    cacheDir: cacheFolderSetting(),
  };
  let prepared: Extract<EngineToHost, { type: 'prepared' }> | undefined;
  let error: Extract<EngineToHost, { type: 'error' }> | undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Preparing the dataset'), cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const { process, done } = runEngineJob(context, job, {
        label: vscode.l10n.t('Dataset preparation'),
        onEvent: (event) => {
          if (event.type === 'progress' && event.total > 0) {
            const pct = Math.min(100, (event.done / event.total) * 100);
            const what = event.phase === 'download' ? vscode.l10n.t('Downloading') : vscode.l10n.t('Checking and copying photos');
            const eta = event.etaSeconds !== undefined ? `, ${vscode.l10n.t('{0} left', formatDuration(event.etaSeconds))}` : '';
            progress.report({ increment: pct - reported, message: `${what} ${event.done}/${event.total}${eta}` });
            reported = pct;
          } else if (event.type === 'prepared') prepared = event;
          else if (event.type === 'error') error = event;
        },
      });
      token.onCancellationRequested(() => process.cancel());
      await done;
    },
  );
  if (error?.code === 'dataset-exists' && !args?.replace) {
    const replace = vscode.l10n.t('Replace');
    const choice = await vscode.window.showWarningMessage(error.message, { modal: true, detail: error.hint }, replace);
    return choice === replace ? prepareDatasetCommand(context, { ...args, source, replace: true }) : undefined;
  }
  if (error) {
    void notify('error', error.hint ? `${error.message} ${error.hint}` : error.message);
    return undefined;
  }
  if (!prepared) {
    void notify('warning', vscode.l10n.t('Dataset preparation was cancelled; nothing was changed.'));
    return undefined;
  }
  const config = await ensureBaselineConfig(context, paths);
  const headline = prepared.unchanged
    ? vscode.l10n.t('The dataset is already prepared with these settings; nothing changed.')
    : vscode.l10n.t('Dataset ready in {0}.', formatDuration(prepared.seconds));
  const rejected = prepared.rejected.length ? ' ' + vscode.l10n.t('{0} unreadable files were left out (see the Output channel).', prepared.rejected.length) : '';
  notifyWithActions('info', `${headline} ${countsSummary(prepared)}.${rejected}`, {
    [vscode.l10n.t('Open Config')]: () => vscode.window.showTextDocument(config),
    [vscode.l10n.t('Train')]: () => vscode.commands.executeCommand(COMMANDS.train, config),
  });
  return prepared;
}
