/**
 * Keeps a run's record on disk while it runs: summary.json, the row in results.csv ('running' first,
 * then its end), metrics.csv and log.txt. Every write is atomic or an append, so a run killed at any
 * moment leaves files that read back, and a 'running' row whose owner is gone is marked failed later.
 */
import { relative } from 'node:path';
import { upsertRow } from '../../shared/node/resultsStore';
import { removeRunOwner, writeRunOwner } from '../../shared/node/runOwner';
import { resultRowFromSummary } from '../../shared/results/fromSummary';
import type { RunSummary } from '../../shared/results/runFolder';
import type { EpochPoint } from '../../shared/protocol/webview';
import type { RunFolder } from './runFolder';

function posixRelative(from: string, to: string): string {
  return relative(from, to).split('\\').join('/');
}

export class RunRecorder {
  private writes: Promise<unknown> = Promise.resolve();
  private logLines: string[] = [];

  constructor(
    readonly run: RunFolder,
    readonly summary: RunSummary,
    private readonly experimentsDir: string,
    /** Paths in the results table are relative to this folder (the workspace). */
    private readonly workspaceDir: string,
    private readonly configPath: string,
    private readonly warn: (message: string) => void,
  ) {}

  async start(): Promise<void> {
    await writeRunOwner(this.run.dir);
    await this.run.writeConfig(this.summary.config, this.configPath);
    await this.save();
  }

  /** Writes summary.json and the results row (results.csv problems are reported, never fatal). */
  async save(): Promise<void> {
    await this.flush();
    await this.run.writeSummary(this.summary);
    const row = resultRowFromSummary(this.summary, {
      config: posixRelative(this.workspaceDir, this.configPath),
      runDir: posixRelative(this.workspaceDir, this.run.dir),
    });
    try {
      const outcome = await upsertRow(this.experimentsDir, row);
      if (!outcome.written) this.warn(outcome.message);
    } catch (err) {
      this.warn(`The results table could not be updated: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  epoch(point: EpochPoint): void {
    this.summary.epochs.push(point);
    this.writes = this.writes.then(() => this.run.appendMetrics(point));
  }

  log(lines: string[]): void {
    if (lines.length === 0) return;
    this.logLines.push(...lines);
    const batch = this.logLines;
    this.logLines = [];
    this.writes = this.writes.then(() => this.run.appendLog(batch));
  }

  /** Waits for the appends in flight (metrics, log). */
  async flush(): Promise<void> {
    await this.writes.catch((err) => this.warn(`Could not write to the run folder: ${err instanceof Error ? err.message : String(err)}`));
    this.writes = Promise.resolve();
  }

  async finish(): Promise<void> {
    this.summary.finishedAt = new Date().toISOString();
    await this.save();
    await removeRunOwner(this.run.dir);
  }
}
