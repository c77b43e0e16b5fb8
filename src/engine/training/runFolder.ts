/** A run folder (experiments/runs/<runId>/): see src/shared/results/runFolder.ts for what it holds. */
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import type { ExperimentConfig } from '../../shared/config/types';
import type { EpochPoint } from '../../shared/protocol/webview';
import { METRICS_HEADER, RUN_FILES, encodeMetricsLine, type RunSummary } from '../../shared/results/runFolder';

/** "2026-11-27_10-00-00_baseline": sortable by date, named after the config, safe as a folder name. */
export function makeRunId(name: string, date: Date): string {
  const stamp = date.toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
  const safe = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'run';
  return `${stamp}_${safe}`;
}

/**
 * A config's "$schema" as seen from another folder: a relative reference such as
 * "./.schema/experiment.schema.json" is resolved against the config's folder and made relative to
 * `toDir`, so the copy in the run folder still finds the schema. URLs and absolute paths are kept.
 */
export function rebaseSchemaRef(ref: string, fromDir: string, toDir: string): string {
  if (/^[a-z][\w+.-]*:/i.test(ref) || isAbsolute(ref)) return ref;
  const rel = relative(toDir, resolve(fromDir, ref)).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export class RunFolder {
  private constructor(
    readonly runId: string,
    readonly dir: string,
  ) {}

  /** Creates a new, empty run folder; never reuses an existing one. */
  static async create(experimentsDir: string, name: string, date = new Date(), runId?: string): Promise<RunFolder> {
    const runsDir = join(experimentsDir, 'runs');
    await fs.mkdir(runsDir, { recursive: true });
    const base = runId ?? makeRunId(name, date);
    for (let i = 0; i < 1000; i++) {
      const id = i === 0 ? base : `${base}-${i + 1}`;
      try {
        await fs.mkdir(join(runsDir, id));
        return new RunFolder(id, join(runsDir, id));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`Cannot create a run folder for ${base}.`);
  }

  path(file: keyof typeof RUN_FILES): string {
    return join(this.dir, RUN_FILES[file]);
  }

  /** Writes the exact config used; `configPath` (the file it came from) lets a relative "$schema" be rebased. */
  async writeConfig(config: ExperimentConfig, configPath?: string): Promise<void> {
    const copy = config.$schema !== undefined && configPath ? { ...config, $schema: rebaseSchemaRef(config.$schema, dirname(configPath), this.dir) } : config;
    await writeFileAtomic(this.path('config'), JSON.stringify(copy, null, 2) + '\n');
  }

  async appendMetrics(point: EpochPoint): Promise<void> {
    const file = this.path('metrics');
    const exists = await fs.stat(file).then(() => true, () => false);
    await fs.appendFile(file, (exists ? '' : METRICS_HEADER + '\n') + encodeMetricsLine(point) + '\n');
  }

  async writeSummary(summary: RunSummary): Promise<void> {
    await writeFileAtomic(this.path('summary'), JSON.stringify(summary, null, 2) + '\n');
  }

  async appendLog(lines: string[]): Promise<void> {
    if (lines.length) await fs.appendFile(this.path('log'), lines.join('\n') + '\n');
  }

  async writePredictions(rows: Array<{ file: string; label: 0 | 1; probability: number }>): Promise<void> {
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const text = ['file,label,probability', ...rows.map((r) => `${quote(r.file)},${r.label ? 'dog' : 'cat'},${r.probability.toFixed(6)}`)].join('\n') + '\n';
    await writeFileAtomic(this.path('predictions'), text);
  }

  get modelDir(): string {
    return this.path('model');
  }
}
