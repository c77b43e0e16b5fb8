import * as vscode from 'vscode';
import { LAB_CONTEXT_KEYS, isFinishedRun, labProgress, runFactsFromConfig, type LabProgress, type RunFacts } from '../shared/analysis/labProgress';
import { readTable } from '../shared/node/resultsStore';
import type { ResultRow } from '../shared/results/row';
import { output } from './output';
import { readRunConfig, runFolderUri } from './runs/runFolders';
import { datasetReady, labPaths } from './workspace';

/**
 * Keeps the walkthrough's context keys (LAB_CONTEXT_KEYS) in step with the workspace: recomputed
 * whenever the Experiments view's watcher sees the results table or the dataset change, and when the
 * lab's folder settings change.
 */
const REANNOUNCE_AFTER_MS = 4000;

export class LabProgressContext implements vscode.Disposable {
  private current?: LabProgress;
  private readonly set = new Map<string, boolean | number>();
  /** A run's config never changes once it has finished, so its facts are read once. */
  private readonly facts = new Map<string, RunFacts>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(labFilesChanged: vscode.Event<void>) {
    this.disposables.push(
      labFilesChanged(() => void this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('catsDogs.datasetFolder') || e.affectsConfiguration('catsDogs.experimentsFolder')) void this.update();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.update()),
    );
    void this.update().then(() => {
      // The walkthrough ticks a step when its key *changes* after the step is registered. Right after
      // start-up VS Code can register the walkthrough later than our first keys arrive, and then misses
      // them (seen in code-server): say every key that is on once more, a moment later.
      const timer = setTimeout(() => void this.reannounce(), REANNOUNCE_AFTER_MS);
      this.disposables.push({ dispose: () => clearTimeout(timer) });
    });
  }

  private reannounce(): Promise<unknown> {
    const next = this.queue.then(async () => {
      for (const [key, value] of this.set) {
        if (!value) continue;
        await vscode.commands.executeCommand('setContext', key, typeof value === 'number' ? 0 : false);
        await vscode.commands.executeCommand('setContext', key, value);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The values last set as context keys (undefined before the first computation ends). */
  get state(): LabProgress | undefined {
    return this.current;
  }

  /** Recomputes and sets the keys; calls are queued so an older result never overwrites a newer one. */
  update(): Promise<LabProgress> {
    const next = this.queue.then(() => this.compute());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async compute(): Promise<LabProgress> {
    let progress: LabProgress;
    try {
      progress = await this.read();
    } catch (err) {
      output().warn(`Could not read the lab's progress: ${err instanceof Error ? err.message : err}`);
      progress = labProgress({ datasetReady: false, rows: [] });
    }
    this.current = progress;
    const changed: string[] = [];
    for (const [field, key] of Object.entries(LAB_CONTEXT_KEYS) as Array<[keyof LabProgress, string]>) {
      const value = progress[field];
      if (this.set.get(key) === value) continue;
      this.set.set(key, value);
      changed.push(`${field}=${value}`);
      await vscode.commands.executeCommand('setContext', key, value);
    }
    if (changed.length) output().info(`Lab progress: ${changed.join(', ')}`);
    return progress;
  }

  private async read(): Promise<LabProgress> {
    const paths = labPaths();
    if (!paths) return labProgress({ datasetReady: false, rows: [] });
    let rows: ResultRow[] = [];
    try {
      const table = await readTable(paths.experiments.fsPath);
      const known = new Set(table.rows.map((r) => r.runId));
      rows = [...table.rows, ...table.pendingRows.filter((r) => !known.has(r.runId))];
    } catch {
      // an unreadable table counts as no runs; the Experiments view explains the problem
    }
    for (const row of rows.filter(isFinishedRun)) {
      if (this.facts.has(row.runId)) continue;
      const dir = runFolderUri(paths, row.runId);
      const config = dir && (await readRunConfig(dir));
      if (config !== undefined) this.facts.set(row.runId, runFactsFromConfig(config));
    }
    return labProgress({ datasetReady: await datasetReady(paths.dataset), rows, facts: this.facts });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
