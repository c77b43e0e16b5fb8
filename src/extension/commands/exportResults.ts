import * as vscode from 'vscode';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import { readTable } from '../../shared/node/resultsStore';
import { exportRows, resultsCsv, resultsMarkdown, type ExportLabels } from '../../shared/results/markdown';
import { notify } from '../notify';
import { output } from '../output';
import { requireWorkspace } from './guards';

export const EXPORT_MARKDOWN_FILE = 'results.md';
export const EXPORT_CSV_FILE = 'results-summary.csv';

function labels(): ExportLabels {
  return {
    columns: {
      name: vscode.l10n.t('Name'),
      backbone: vscode.l10n.t('Backbone'),
      input: vscode.l10n.t('Input'),
      pooling: vscode.l10n.t('Pooling'),
      head: vscode.l10n.t('Head'),
      lr: vscode.l10n.t('LR'),
      epochs: vscode.l10n.t('Epochs'),
      bestValAcc: vscode.l10n.t('Best val acc'),
      testAcc: vscode.l10n.t('Test acc'),
      time: vscode.l10n.t('Time'),
      secondsPerEpoch: vscode.l10n.t('s/epoch'),
    },
    dateLine: vscode.l10n.t('Cats vs Dogs Lab, {0}: {1} completed runs, the best in bold.'),
    noRuns: vscode.l10n.t('No completed runs yet.'),
    noHiddenLayers: vscode.l10n.t('none'),
  };
}

export interface ExportResult {
  markdown: vscode.Uri;
  csv: vscode.Uri;
  rows: number;
  text: string;
  copied: boolean;
}

/**
 * catsDogs.exportResults: the completed runs as experiments/results.md (a Markdown table, the best run
 * in bold, ready to paste; also copied to the clipboard and shown in the preview) and
 * experiments/results-summary.csv (the same columns as plain numbers, for a spreadsheet).
 */
export async function exportResultsCommand(opts: { preview?: boolean } = {}): Promise<ExportResult | undefined> {
  const paths = requireWorkspace();
  if (!paths) return undefined;
  const table = await readTable(paths.experiments.fsPath);
  const rows = [...table.rows, ...table.pendingRows.filter((p) => !table.rows.some((r) => r.runId === p.runId))];
  const date = new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'long', timeStyle: 'short' }).format(new Date());
  const text = resultsMarkdown(rows, { date, labels: labels() });
  const dir = paths.experiments.fsPath;
  await vscode.workspace.fs.createDirectory(paths.experiments);
  await writeFileAtomic(join(dir, EXPORT_MARKDOWN_FILE), text);
  await writeFileAtomic(join(dir, EXPORT_CSV_FILE), resultsCsv(rows));
  let copied = true;
  try {
    await vscode.env.clipboard.writeText(text);
  } catch (err) {
    copied = false; // a browser without clipboard access: the file is there all the same
    output().warn(`Could not copy the results table to the clipboard: ${err instanceof Error ? err.message : err}`);
  }
  const markdown = vscode.Uri.joinPath(paths.experiments, EXPORT_MARKDOWN_FILE);
  const csv = vscode.Uri.joinPath(paths.experiments, EXPORT_CSV_FILE);
  const count = exportRows(rows).length;
  if (opts.preview !== false) await vscode.commands.executeCommand('markdown.showPreview', markdown);
  const rel = vscode.workspace.asRelativePath(markdown, false);
  void notify('info', count === 0 ? vscode.l10n.t('No completed runs yet: {0} says so. Train an experiment first.', rel) : copied ? vscode.l10n.t('Exported {0} runs to {1} and copied the table to the clipboard.', count, rel) : vscode.l10n.t('Exported {0} runs to {1}.', count, rel));
  return { markdown, csv, rows: count, text, copied };
}
